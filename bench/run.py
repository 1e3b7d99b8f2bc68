"""`make bench TIER=S|M|L`: seed the tier if needed, measure, print a table, write var/bench/latest.json.

Each figure is measured N times (after one warm-up) through the Django test client
as the scale organization's coordinator, and set beside its peer measured in the
same run on the same rows: the stock Django admin (bench/urls.py) for lists and
pages, PostgreSQL's own COPY for exports. Figures for features not built yet are
reported as such, not left out.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import calendar as calendar_bench  # noqa: E402
from bench import exports  # noqa: E402
from bench.measure import Figure, http_ok, peak_rss_mb, timed  # noqa: E402
from casetracker import scale  # noqa: E402
from casetracker.models import Organization, User  # noqa: E402
from cases.models import Case, Deadline, Hearing, Person  # noqa: E402
from detentions.models import Custody, Facility, Flight, Passenger  # noqa: E402

OUT = ROOT / "var" / "bench" / "latest.json"
LATIN_QUERY = "Hernandez"
CYRILLIC_QUERY = "Смирнов"


def prepare(tier: str) -> None:
    call_command("migrate", "--noinput", verbosity=0)
    if not Facility.objects.exists():
        call_command("load_reference_data", verbosity=0)
    started = time.monotonic()
    call_command("seed_scale", tier=tier, verbosity=1)
    print(f"(seed step {time.monotonic() - started:.1f}s)")


def counts(org: Organization) -> dict[str, int]:
    return {
        "people": Person.objects.filter(organization=org).count(),
        "cases": Case.objects.filter(organization=org).count(),
        "hearings": Hearing.objects.filter(case__organization=org).count(),
        "deadlines": Deadline.objects.filter(case__organization=org).count(),
        "custody": Custody.objects.filter(person__organization=org).count(),
        "flights": Flight.objects.filter(source="scale generator").count(),
        "passengers": Passenger.objects.filter(person__organization=org).count(),
    }


def exists(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
    except (Resolver404, NoReverseMatch):
        return False
    return True


def page(client: Client, url: str, runs: int) -> Figure:
    if not exists(url):
        return Figure(status="not built yet")
    figure = timed(lambda: client.get(url), runs, http_ok)
    # The admin's catch-all answers every unknown path with 404: a page not built yet.
    return Figure(status="not built yet") if figure.status == "HTTP 404" else figure


def list_rows(org: Organization, n_cases: int) -> list[tuple[str, str, str]]:
    court = (
        Case.objects.filter(organization=org).values("court_id").annotate(n=Count("pk")).order_by("-n").first()
    )
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


def reminder_scan(runs: int) -> Figure:
    """One scan pass with a no-op send, rolled back so every run sees the same state."""
    from cases.reminders import scan

    class Rollback(Exception):
        pass

    def one_pass() -> None:
        try:
            with transaction.atomic():
                result = scan(send=lambda _pk: None)
                one_pass.rows = len(result.rows)  # type: ignore[attr-defined]
                raise Rollback
        except Rollback:
            pass

    figure = timed(one_pass, runs)
    figure.extra = {"deliveries_per_pass": getattr(one_pass, "rows", 0)}
    return figure


class Counter(io.RawIOBase):
    """A sink for COPY TO STDOUT that only counts what it is given."""

    def __init__(self) -> None:
        self.bytes = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.bytes += len(data)
        return len(data)


EXPORT_SQL = """
COPY (
  SELECT c.reference, p.family_name, p.given_names, p.native_name, p.a_number, c.stage, c.outcome,
         ct.name, c.opened_on, c.closed_on
  FROM cases_case c JOIN cases_person p ON p.id = c.person_id
  LEFT JOIN cases_immigrationcourt ct ON ct.id = c.court_id
  WHERE c.organization_id = %s
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def copy_export(org: Organization, rows: int, runs: int) -> Figure:
    if connection.vendor != "postgresql":
        return Figure(status="needs PostgreSQL")

    def once() -> None:
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(cursor.mogrify(EXPORT_SQL, [org.pk]).decode(), Counter())

    figure = timed(once, runs)
    figure.extra = {"rows": rows, "rows_per_s": round(rows / (figure.p50_ms / 1000)), "peak_rss_mb": None}
    return figure


def measure(tier: str, runs: int) -> dict[str, Any]:
    org = Organization.objects.get(name=scale.scale_org_name(tier))
    coordinator = User.objects.get(email=scale.scale_coordinator_email(tier))
    table = counts(org)
    client = Client()
    client.force_login(coordinator)
    rows: list[dict[str, Any]] = []
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        for name, ours, peer in list_rows(org, table["cases"]):
            rows.append(row(name, page(client, ours, runs), "stock admin", page(client, peer, runs)))
            print(format_row(rows[-1]), flush=True)
        rows.extend(row(name, figure) for name, figure in calendar_bench.rows(tier, runs))  # bench/calendar.py
        from bench import api

        rows.extend(row(name, figure) for name, figure in api.measure(client, runs))  # bench/api.py
        rows.append(row("reminder scan pass (no-op send)", reminder_scan(max(3, runs // 4))))
        # Exports through the view, served directly (no background job) at every size.
        with override_settings(CT_EXPORT_DIRECT_MAX_ROWS=10**9):
            export = exports.http_figure(client, "/reports/caseload.csv", 3)
            rows.append(row("CSV export, all cases", export, "PostgreSQL COPY", copy_export(org, table["cases"], 3)))
            rows.append(row("XLSX export, all cases", exports.http_figure(client, "/reports/caseload.xlsx", 3)))
        rows.append(row("django-import-export peer", Figure(status="see the exports table below")))
        # Importers (bench/importers.py): rows/s for the ICE Air file and a generated import_cases sheet.
        from bench.importers import measure as importer_figures

        for entry in importer_figures(int(os.environ.get("BENCH_IMPORT_ROWS", 10_000))):
            rows.append(entry)
            print(format_row(entry) + f"  {entry['ours'].get('extra', {}).get('rows_per_s', '')} rows/s", flush=True)
    # Rows/s and peak memory at 100 k and 1 M rows, each in its own process (bench/exports.py).
    sizes = tuple(int(n) for n in os.environ.get("BENCH_EXPORT_ROWS", "100000,1000000").split(","))
    export_figures = exports.measure(tier, sizes)
    return {"tier": tier, "runs": runs, "baseline": "--baseline" in sys.argv, "counts": table, "rows": rows,
            "exports": export_figures, "export_ratios": exports.ratios(export_figures),
            "peak_rss_mb": round(peak_rss_mb(), 1)}  # fmt: skip


def row(name: str, ours: Figure, peer_name: str = "", peer: Figure | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "ours": ours.as_dict()}
    if peer is not None:
        entry["peer"] = {"name": peer_name, **peer.as_dict()}
        if ours.p95_ms and peer.p95_ms:
            entry["peer_p95_over_ours"] = round(peer.p95_ms / ours.p95_ms, 1)
    return entry


def cell(figure: dict[str, Any]) -> str:
    if figure.get("status", "ok") != "ok":
        return f"{figure['status']:<27}"
    return f"{figure['p50_ms']:>8.1f} {figure['p95_ms']:>8.1f} {figure['queries']:>4}     "


def format_row(entry: dict[str, Any]) -> str:
    peer = entry.get("peer")
    text = f"{entry['name']:<40} {cell(entry['ours'])}"
    if peer:
        ratio = entry.get("peer_p95_over_ours")
        text += f" | {peer['name']:<16} {cell(peer)} {f'{ratio}x' if ratio else ''}"
    return text


def header() -> str:
    return (
        f"{'measurement':<40} {'p50 ms':>8} {'p95 ms':>8} {'qry':>4}      | {'peer':<16} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'qry':>4}      peer/ours (p95)"
    )


def baseline() -> None:
    """Put back Django's exact-count paginator in our admins, for before/after figures."""
    from django.contrib import admin
    from django.core.paginator import Paginator

    for model in (Case, Person):
        admin.site._registry[model].paginator = Paginator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default=os.environ.get("TIER", "S"), type=str.upper, choices=sorted(scale.TIERS))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 20)))
    parser.add_argument("--no-seed", action="store_true", help="Measure what is there; do not migrate or seed.")
    parser.add_argument("--baseline", action="store_true", help="Before figures: Django's counting paginator.")
    args = parser.parse_args()
    if args.baseline:
        baseline()
    if connection.vendor != "postgresql":
        print("Note: SQLite; the figures that matter are PostgreSQL's (set DATABASE_URL).", file=sys.stderr)
    if not args.no_seed:
        prepare(args.tier)
    print(header())
    result = measure(args.tier, args.runs)
    print("\n" + header())
    for entry in result["rows"]:
        print(format_row(entry))
    print(f"\ntier {args.tier}: " + ", ".join(f"{k} {v}" for k, v in result["counts"].items()))
    print("\nexports (rows/s, peak memory over the process's start):")
    for entry in result["exports"]:
        print("  " + exports.format_result(entry))
    for line in result["export_ratios"]:
        print("  " + line)
    result.update(database=connection.vendor, machine=platform.platform(), cpus=os.cpu_count(),
                  measured_at=timezone.now().isoformat())  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
