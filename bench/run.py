"""`make bench TIER=S|M|L`: seed the tier if needed, measure, print a table, write var/bench/latest.json.

The figures come from bench modules: every bench/<name>.py with a `run(...)`
function (the contract: bench/README.md), found at start and run in ORDER, then
name, order. Each figure is measured N times (after one warm-up), through the
Django test client as the scale organization's coordinator, and set beside its
peer measured in the same run on the same rows: the stock Django admin
(bench/urls.py) for lists and pages, PostgreSQL's own COPY for exports. Figures
whose module is not there yet are reported as such, not left out.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.measure import Figure, page, peak_rss_mb, row, timed  # noqa: E402
from casetracker import scale  # noqa: E402
from casetracker.models import Organization, User  # noqa: E402
from cases.models import Case, Deadline, Hearing, Person  # noqa: E402
from detentions.models import Custody, Facility, Flight, Passenger  # noqa: E402

OUT = ROOT / "var" / "bench" / "latest.json"
BENCH_DIR = Path(__file__).resolve().parent
HARNESS = {"run", "measure", "urls"}  # bench/*.py that are not bench modules
# Rows reported while the module that measures them is not there (another branch).
PLACEHOLDERS = {
    "calendar": ["calendar month view", "one-year iCal feed"],
    "api": ["API list, 100 cases"],
    "exports": ["XLSX export", "django-import-export peer"],
}


def prepare(tier: str) -> None:
    call_command("migrate", "--noinput", verbosity=0)
    if not Facility.objects.exists():
        call_command("load_reference_data", verbosity=0)
    started = time.monotonic()
    # The generator is CPU-heavy for minutes (tier M) to most of an hour (tier L): it
    # runs niced in its own process, so a shared machine stays usable; the
    # measurements afterwards run at normal priority.
    nice = os.environ.get("BENCH_SEED_NICE", "10")
    command = [sys.executable, str(ROOT / "manage.py"), "seed_scale", "--tier", tier]
    subprocess.run(["nice", "-n", nice, *command] if shutil.which("nice") else command, check=True, cwd=ROOT)
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


# --- Bench modules -------------------------------------------------------------------


def discover() -> list[tuple[str, Any]]:
    """(name, module) of bench/*.py defining run(), not the harness nor _private ones;
    (name, exception) for a module that does not import."""
    found: list[tuple[str, Any]] = []
    for path in sorted(BENCH_DIR.glob("*.py")):
        name = path.stem
        if name in HARNESS or name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
        except Exception as error:  # reported as a row; the other modules still run
            found.append((name, error))
            continue
        if callable(getattr(module, "run", None)):
            found.append((name, module))
    return sorted(found, key=lambda item: (getattr(item[1], "ORDER", 100), item[0]))


def call_module(module: Any, context: dict[str, Any]) -> list[dict[str, Any]]:
    """run() with the context entries it names (all of them if it takes **kwargs)."""
    parameters = inspect.signature(module.run).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        kwargs = dict(context)
    else:
        kwargs = {name: context[name] for name in parameters if name in context}
    return [normalize(entry) for entry in (module.run(**kwargs) or [])]


def normalize(entry: Any) -> dict[str, Any]:
    """A row as bench.measure.row makes it; a bare figure dict (with a name) is "ours"."""
    if isinstance(entry, Figure):
        return row("?", entry)
    if isinstance(entry, dict) and "ours" not in entry:
        figure = {key: value for key, value in entry.items() if key != "name"}
        return {"name": entry.get("name", "?"), "ours": figure or {"status": "no figure"}}
    return entry


def failed(name: str, status: str) -> dict[str, Any]:
    return row(f"[bench/{name}.py]", Figure(status=status[:60]))


# --- The export peer while bench/exports.py is not there ------------------------------


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


# --- The run ---------------------------------------------------------------------------


def measure(tier: str, runs: int, only: set[str] | None = None, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    org = Organization.objects.get(name=scale.scale_org_name(tier))
    coordinator = User.objects.get(email=scale.scale_coordinator_email(tier))
    table = counts(org)
    client = Client()
    client.force_login(coordinator)
    rows: list[dict[str, Any]] = []

    def emit(entry: dict[str, Any]) -> None:
        print(format_row(entry), flush=True)

    context = {"tier": tier, "runs": runs, "org": org, "coordinator": coordinator, "client": client,
               "counts": table, "emit": emit}  # fmt: skip
    modules = discover()
    present = {name for name, _module in modules}
    wanted = lambda name: (not only or name in only) and name not in skip  # noqa: E731
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        for name, module in modules:
            if not wanted(name):
                continue
            if isinstance(module, Exception):
                produced = [failed(name, f"import error: {module}")]
            else:
                try:
                    produced = call_module(module, context)
                except Exception as error:
                    traceback.print_exc()
                    produced = [failed(name, f"error: {type(error).__name__}: {error}")]
            for entry in produced:
                entry.setdefault("module", name)
                if "emit" not in inspect.signature(getattr(module, "run", lambda: None)).parameters:
                    emit(entry)
            rows += produced
        if "exports" not in present and wanted("exports"):
            export = page(client, "/reports/caseload.csv", 3)
            rows.append(row("CSV export, all cases", export, "PostgreSQL COPY", copy_export(org, table["cases"], 3)))
            emit(rows[-1])
        for module_name, names in PLACEHOLDERS.items():
            if module_name not in present and wanted(module_name):
                rows += [row(name, Figure(status=f"not built yet (bench/{module_name}.py)")) for name in names]
    return {"tier": tier, "runs": runs, "baseline": "--baseline" in sys.argv, "counts": table, "rows": rows,
            "modules": sorted(present), "peak_rss_mb": round(peak_rss_mb(), 1)}  # fmt: skip


def cell(figure: dict[str, Any]) -> str:
    if figure.get("status", "ok") != "ok":
        return f"{figure['status']:<27}"
    queries = figure.get("queries")
    return f"{figure['p50_ms']:>8.1f} {figure['p95_ms']:>8.1f} {'' if queries is None else queries:>4}     "


def format_row(entry: dict[str, Any]) -> str:
    peer = entry.get("peer")
    text = f"{entry['name']:<44} {cell(entry['ours'])}"
    if peer:
        ratio = entry.get("peer_p95_over_ours")
        text += f" | {peer['name']:<16} {cell(peer)} {f'{ratio}x' if ratio else ''}"
    extra = entry["ours"].get("extra")
    if extra:
        text += "  " + ", ".join(f"{key} {value}" for key, value in extra.items() if value is not None)
    return text


def header() -> str:
    return (
        f"{'measurement':<44} {'p50 ms':>8} {'p95 ms':>8} {'qry':>4}      | {'peer':<16} "
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
    parser.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""), help="comma-separated module names")
    parser.add_argument("--skip", default=os.environ.get("BENCH_SKIP", ""), help="comma-separated module names")
    args = parser.parse_args()
    if args.baseline:
        baseline()
    if connection.vendor != "postgresql":
        print("Note: SQLite; the figures that matter are PostgreSQL's (set DATABASE_URL).", file=sys.stderr)
    if not args.no_seed:
        prepare(args.tier)
    only = {name for name in args.only.split(",") if name} or None
    skip = frozenset(name for name in args.skip.split(",") if name)
    print(header())
    result = measure(args.tier, args.runs, only, skip)
    print("\n" + header())
    for entry in result["rows"]:
        print(format_row(entry))
    print(f"\ntier {args.tier}: " + ", ".join(f"{k} {v}" for k, v in result["counts"].items()))
    result.update(database=connection.vendor, machine=platform.platform(), cpus=os.cpu_count(),
                  measured_at=timezone.now().isoformat())  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
