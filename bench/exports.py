"""Export throughput and memory: our CSV and XLSX writers beside PostgreSQL's COPY and
django-import-export, on the same rows, in one run.

The rows are the caseload report of the tier's scale organization (15 columns: case,
names in Latin and Cyrillic, A-number, nationality, stage, outcome, court, judge,
current facility and state, representation, dates), read through the same scoped
queryset the /reports/caseload.csv view uses. Tier S holds 50 k cases, so 100 k and
1 M rows are the caseload read again pass after pass (each pass a fresh query), and
COPY reads the same join through generate_series.

Each figure is one subprocess (`--one KIND ROWS`) so that its peak memory
(ru_maxrss) is its own: peak is the process's high-water mark minus its RSS just
before the export started. Files go to a temporary file on disk, as a background job
writes them. django-import-export is a bench-only dependency (bench/requirements.txt);
without it that peer is reported as not installed.

    DATABASE_URL=postgres://... python bench/exports.py --tier S [--rows 100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

KINDS = ("ours-csv", "ours-xlsx", "copy-csv", "import-export-csv", "import-export-xlsx")
DEFAULT_ROWS = (100_000, 1_000_000)
# django-import-export builds the whole tablib Dataset in memory before writing, and
# at ~1 ms a row on this machine 1 M rows would take over half an hour: above this many
# rows it is not run, and the table says so (BENCH_IMPORT_EXPORT_MAX_ROWS raises it).
IMPORT_EXPORT_MAX_ROWS = int(os.environ.get("BENCH_IMPORT_EXPORT_MAX_ROWS", 100_000))


def rss_mb() -> float:
    """Peak RSS of this process. VmHWM starts afresh at exec; ru_maxrss carries over the
    parent's peak on Linux, which hid every figure below make bench's own ~800 MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _setup(tier: str):
    import django

    django.setup()
    from casetracker import scale
    from casetracker.models import User
    from cases.reports import Filters
    from cases.reports.definitions import CaseloadReport

    class RepeatedCaseload(CaseloadReport):
        """The caseload, read again pass after pass until `target` rows came out."""

        target = 0

        def rows(self, limit: int | None = None) -> Iterator[list[Any]]:
            produced = 0
            while produced < self.target:
                before = produced
                for row in super().rows(limit=self.target - produced):
                    produced += 1
                    yield row
                if produced == before:
                    return

    user = User.objects.get(email=scale.scale_coordinator_email(tier))
    report = RepeatedCaseload(user, Filters())
    return report


def _repeat(queryset, target: int) -> Iterator[Any]:
    produced = 0
    while produced < target:
        before = produced
        for obj in queryset[: target - produced].iterator(chunk_size=2000):
            produced += 1
            yield obj
        if produced == before:
            return


COPY_SQL = """
COPY (
  SELECT c.reference, p.family_name, p.given_names, p.native_name, p.a_number, co.name, c.stage, c.outcome,
         ct.name, c.judge, f.name, f.state, c.representation, c.opened_on, c.closed_on
  FROM cases_case c
  JOIN cases_person p ON p.id = c.person_id
  LEFT JOIN cases_country co ON co.code = p.citizenship_id
  LEFT JOIN cases_immigrationcourt ct ON ct.id = c.court_id
  LEFT JOIN detentions_custody s ON s.person_id = p.id AND s.released_on IS NULL
  LEFT JOIN detentions_facility f ON f.id = s.facility_id
  CROSS JOIN generate_series(1, %(passes)s) AS pass
  WHERE c.organization_id = %(org)s AND c.archived_at IS NULL
  ORDER BY pass, c.reference
  LIMIT %(rows)s
) TO STDOUT WITH (FORMAT csv, HEADER)
"""


def _import_export_resource():
    from import_export import fields, resources

    from cases.models import Case

    def field(attribute: str, name: str):
        return fields.Field(attribute=attribute, column_name=name)

    class CaseloadResource(resources.ModelResource):
        reference = field("reference", "Case")
        family_name = field("person__family_name", "Family name")
        given_names = field("person__given_names", "Given names")
        native_name = field("person__native_name", "Native name")
        a_number = field("person__a_number", "A-number")
        nationality = field("person__citizenship__name", "Nationality")
        stage = field("stage", "Stage")
        outcome = field("outcome", "Outcome")
        court = field("court__name", "Court")
        judge = field("judge", "Judge")
        facility = field("facility_name", "Facility")
        state = field("facility_state", "State")
        representation = field("representation", "Representation")
        opened_on = field("opened_on", "Opened")
        closed_on = field("closed_on", "Closed")

        class Meta:
            model = Case
            fields = ("reference", "family_name", "given_names", "native_name", "a_number", "nationality", "stage",
                      "outcome", "court", "judge", "facility", "state", "representation", "opened_on", "closed_on")  # fmt: skip

    return CaseloadResource()


def one(kind: str, rows: int, tier: str) -> dict[str, Any]:
    """Measure one export in this process and return its figures."""
    report = _setup(tier)
    report.target = rows
    from django.db import connection

    from cases.reports import writers

    org_id = report.user.memberships.get().organization_id
    cases = report.queryset().count()
    baseline = rss_mb()
    started = time.perf_counter()
    scratch = ROOT / "var" / "bench"
    scratch.mkdir(parents=True, exist_ok=True)  # a clean clone has no var/ yet
    with tempfile.TemporaryFile(dir=scratch) as out:
        if kind == "ours-csv":
            writers.write_csv(report, out)
        elif kind == "ours-xlsx":
            writers.write_xlsx(report, out)
        elif kind == "copy-csv":
            passes = -(-rows // max(cases, 1))
            with connection.cursor() as cursor:
                sql = cursor.mogrify(COPY_SQL, {"passes": passes, "org": org_id, "rows": rows}).decode()
                cursor.cursor.copy_expert(sql, out)
        else:
            # ModelResource reads model instances: the same scoped query, without values_list().
            queryset = report.cases().select_related("person__citizenship", "court").order_by("reference")
            dataset = _import_export_resource().export(queryset=_repeat(queryset, rows))
            data = dataset.export(kind.rsplit("-", 1)[1])
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        size = out.tell()
    seconds = time.perf_counter() - started
    return {"kind": kind, "rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds),
            # The process's peak RSS (what the 150 MB bounds), and what it held before the export.
            "peak_mb": round(rss_mb(), 1), "before_mb": round(baseline, 1), "file_mb": round(size / 2**20, 1)}  # fmt: skip


def _has_import_export() -> bool:
    try:
        import import_export  # noqa: F401
    except ImportError:
        return False
    return True


def measure(tier: str, row_counts: tuple[int, ...], kinds: tuple[str, ...] = KINDS) -> list[dict[str, Any]]:
    """Every kind at every row count, each in its own subprocess."""
    import django

    django.setup()
    from django.db import connection

    results = []
    for rows in row_counts:
        for kind in kinds:
            if kind == "copy-csv" and connection.vendor != "postgresql":
                results.append({"kind": kind, "rows": rows, "status": "needs PostgreSQL"})
            elif kind.startswith("import-export") and not _has_import_export():
                results.append({"kind": kind, "rows": rows,
                                "status": "not installed (pip install -r bench/requirements.txt)"})  # fmt: skip
            elif kind.startswith("import-export") and rows > IMPORT_EXPORT_MAX_ROWS:
                results.append({"kind": kind, "rows": rows, "status": f"skipped above {IMPORT_EXPORT_MAX_ROWS} rows"})
            else:
                results.append(_subprocess(kind, rows, tier))
            print(format_result(results[-1]), flush=True)
    return results


def _subprocess(kind: str, rows: int, tier: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", kind, str(rows), "--tier", tier]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "DEBUG": "0"})
    if done.returncode != 0:
        return {"kind": kind, "rows": rows, "status": f"failed: {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def format_result(result: dict[str, Any]) -> str:
    label = f"{result['kind']:<20} {result['rows']:>9,} rows"
    if "status" in result:
        return f"{label}  {result['status']}"
    return (f"{label}  {result['rows_per_s']:>8,} rows/s  {result['seconds']:>7.1f} s  "
            f"peak RSS {result['peak_mb']:>7.1f} MB (before {result.get('before_mb', 0):.0f})  file {result['file_mb']:>6.1f} MB")  # fmt: skip


def ratios(results: list[dict[str, Any]]) -> list[str]:
    """Peer rows/s over ours, and peer peak memory over ours, per row count."""
    lines = []
    by = {(r["kind"], r["rows"]): r for r in results if "rows_per_s" in r}
    for (kind, rows), result in sorted(by.items(), key=lambda item: (item[0][1], item[0][0])):
        ours = by.get(("ours-" + kind.rsplit("-", 1)[1], rows))
        if kind.startswith("ours") or not ours:
            continue
        lines.append(f"{kind:<20} {rows:>9,} rows: {result['rows_per_s'] / ours['rows_per_s']:.2f}x our rows/s, "
                     f"{result['peak_mb'] / max(ours['peak_mb'], 0.1):.1f}x our peak memory")  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default=os.environ.get("TIER", "S"), type=str.upper)
    parser.add_argument("--rows", default=",".join(map(str, DEFAULT_ROWS)))
    parser.add_argument("--one", nargs=2, metavar=("KIND", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.tier)))
        return
    results = measure(args.tier, tuple(int(n) for n in args.rows.split(",")))
    print("\n".join(ratios(results)))
    out = ROOT / "var" / "bench" / "exports.json"
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()


def http_figure(client, url: str, runs: int):
    """p50/p95 of one export through the view, reading the whole (streamed) body."""
    from bench.measure import Figure, timed

    def once():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        once.bytes = len(body)  # type: ignore[attr-defined]
        return response

    figure = timed(once, runs, lambda r: None if r.status_code == 200 else f"HTTP {r.status_code}")
    if figure.status == "ok":
        figure.extra = {"bytes": getattr(once, "bytes", 0)}
    return figure if figure.status != "ok" or figure.p50_ms else Figure(status="no figure")


ORDER = 200  # after the page benchmarks: it runs for minutes


def run(tier: str, client) -> list[dict[str, Any]]:
    """make bench (bench/README.md): exports through the view, then rows/s and peak
    memory at BENCH_EXPORT_ROWS beside COPY and django-import-export."""
    from django.test import override_settings

    from bench.measure import Figure, row

    entries = []
    with override_settings(CT_EXPORT_DIRECT_MAX_ROWS=10**9):  # served directly, not as a job
        entries.append(row("CSV export, all cases", http_figure(client, "/reports/caseload.csv", 3)))
        entries.append(row("XLSX export, all cases", http_figure(client, "/reports/caseload.xlsx", 3)))
    sizes = tuple(int(n) for n in os.environ.get("BENCH_EXPORT_ROWS", ",".join(map(str, DEFAULT_ROWS))).split(","))
    results = measure(tier, sizes)
    for result in results:
        if "status" in result:
            figure = Figure(status=result["status"][:60])
        else:  # one timed run: a throughput, shown as its wall time
            ms = result["seconds"] * 1000
            figure = Figure(ms, ms, extra={k: result[k] for k in ("rows_per_s", "peak_mb", "file_mb")})
        entries.append(row(f"export {result['kind']}, {result['rows']:,} rows", figure))
    print("\n".join(ratios(results)), flush=True)
    return entries
