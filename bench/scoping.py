"""The scoping functions' hot queries at tier size, as the coordinator and as a lawyer
who is attorney of record on a few hundred of the tier's cases.

    DATABASE_URL=... python bench/scoping.py --tier M [--explain]

As a bench module (see bench/README.md) it adds one row per query to `make bench`:
p50/p95 of evaluating the queryset, and the server's own execution time from
EXPLAIN ANALYZE in `extra`. `--explain` prints the plans instead (before/after
figures for a selector change).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")


def queries(coordinator, lawyer, case_id: int, month: datetime) -> list[tuple[str, Callable]]:
    from cases.selectors import cases_visible_to, deadlines_visible_to, hearings_visible_to, people_visible_to
    from detentions.selectors import custody_visible_to

    end = month + timedelta(days=31)
    soon = month.date() + timedelta(days=30)
    made = []
    for who, user in (("coordinator", coordinator), ("lawyer", lawyer)):
        made += [
            (f"{who}: cases, first 50", lambda u=user: cases_visible_to(u).order_by("-opened_on", "-id")[:50]),
            (f"{who}: people, first 50", lambda u=user: people_visible_to(u).order_by("family_name", "given_names", "id")[:50]),
            (f"{who}: hearings in a month", lambda u=user: hearings_visible_to(u).filter(starts_at__gte=month, starts_at__lt=end)),
            (f"{who}: hearings, first 50", lambda u=user: hearings_visible_to(u).order_by("starts_at", "id")[:50]),
            (f"{who}: open deadlines, next 30 days",
             lambda u=user: deadlines_visible_to(u).filter(status="open", due_on__gte=month.date(), due_on__lt=soon)),
            (f"{who}: one case's hearings", lambda u=user: hearings_visible_to(u).filter(case_id=case_id)),
            (f"{who}: custody, first 50 by id", lambda u=user: custody_visible_to(u).order_by("id")[:50]),
        ]  # fmt: skip
    return made


def explain_ms(queryset, analyze: bool = True) -> tuple[float | None, dict]:
    from django.core.exceptions import EmptyResultSet
    from django.db import connection

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0.0, {}
    options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0].get("Execution Time"), plan[0]["Plan"]


def cast(tier: str):
    """The tier's coordinator, its busiest lawyer, and a case of the lawyer's with hearings."""
    from django.db.models import Count

    from casetracker import scale
    from casetracker.models import User
    from cases.models import Case

    coordinator = User.objects.get(email=scale.scale_coordinator_email(tier))
    domain = scale.scale_coordinator_email(tier).split("@")[1]
    lawyer = (
        User.objects.filter(email__endswith=f"@{domain}", email__startswith="lawyer")
        .annotate(n=Count("cases_of_record"))
        .order_by("-n")
        .first()
    )
    case = Case.objects.filter(attorney=lawyer).annotate(n=Count("hearings")).filter(n__gte=2).first()
    return coordinator, lawyer, (case.pk if case else 0)


def run(tier: str, runs: int = 20, **_context) -> list[dict]:
    from django.db import connection
    from django.utils import timezone

    from bench.measure import Figure, row, timed

    if connection.vendor != "postgresql":
        return [row("selector queries", Figure(status="needs PostgreSQL"))]
    coordinator, lawyer, case_id = cast(tier)
    month = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = []
    for name, make in queries(coordinator, lawyer, case_id, month):
        figure = timed(lambda: len(list(make())), max(5, runs // 2))
        server_ms, _plan = explain_ms(make())
        figure.extra = {"server_ms": round(server_ms, 1) if server_ms is not None else None, "rows": len(list(make()))}
        rows.append(row(f"selector: {name}", figure))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default="M", type=str.upper)
    parser.add_argument("--explain", action="store_true", help="print the plans")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from django.utils import timezone

    coordinator, lawyer, case_id = cast(args.tier)
    month = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for name, make in queries(coordinator, lawyer, case_id, month):
        times = sorted(explain_ms(make())[0] for _ in range(args.runs))
        rows = len(list(make()))
        print(f"{name:<45} {times[len(times) // 2]:>9.1f} ms (server, median of {args.runs})  {rows:>6} rows")
        if args.explain:
            from django.db import connection

            sql, params = make().query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}", params)
                print("\n".join("    " + line for (line,) in cursor.fetchall()))


if __name__ == "__main__":
    main()
