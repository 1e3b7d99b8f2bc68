"""Bench module: the case and person lists, searches and the case page, ours beside
the stock Django admin of the same models and rows (bench/urls.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from bench.measure import page, row
from cases.models import Case

ORDER = 10  # first in the table
LATIN_QUERY = "Hernandez"
CYRILLIC_QUERY = "Смирнов"


def list_rows(org, n_cases: int) -> list[tuple[str, str, str]]:
    court = Case.objects.filter(organization=org).values("court_id").annotate(n=Count("pk")).order_by("-n").first()
    filtered = f"?stage__exact=removal_proceedings&court__id__exact={court['court_id']}"
    deep = f"?p={max(1, min(2000, n_cases // 50 - 2))}"
    case = Case.objects.filter(organization=org).annotate(n=Count("hearings")).filter(n__gte=3).first()
    return [
        ("case list, first page", "/cases/case/", "/bench-stock/cases/case/"),
        (f"case list, deep page ({deep[1:]})", f"/cases/case/{deep}", f"/bench-stock/cases/case/{deep}"),
        ("case list, filtered (stage+court)", f"/cases/case/{filtered}", f"/bench-stock/cases/case/{filtered}"),
        (f"case search, Latin ({LATIN_QUERY})", f"/cases/case/?q={LATIN_QUERY}", f"/bench-stock/cases/case/?q={LATIN_QUERY}"),
        (f"case search, Cyrillic ({CYRILLIC_QUERY})", f"/cases/case/?q={CYRILLIC_QUERY}",
         f"/bench-stock/cases/case/?q={CYRILLIC_QUERY}"),
        ("person list, first page", "/cases/person/", "/bench-stock/cases/person/"),
        (f"person search, Latin ({LATIN_QUERY})", f"/cases/person/?q={LATIN_QUERY}", f"/bench-stock/cases/person/?q={LATIN_QUERY}"),
        ("case page", f"/cases/case/{case.pk}/change/", f"/bench-stock/cases/case/{case.pk}/change/"),
    ]  # fmt: skip


def run(org, client, counts: dict[str, int], runs: int, emit=None, **_context: Any) -> list[dict]:
    rows = []
    for name, ours, peer in list_rows(org, counts["cases"]):
        rows.append(row(name, page(client, ours, runs), "stock admin", page(client, peer, runs)))
        if emit:
            emit(rows[-1])
    return rows
