"""Importer throughput: rows/s for the ICE Air legs file, EOIR's code tables and import_cases on a generated sheet.

    DJANGO_SETTINGS_MODULE=casetracker.settings python bench/importers.py [--rows 10000]

Also run by `make bench` (bench/run.py). Every measurement runs inside a transaction
that is rolled back, so the database is left as it was: the ICE Air file is measured as
a first import (42,982 legs) and as the idempotent second pass over the same rows;
import_cases on a synthetic sheet (Cyrillic and Latin names, A-numbers and dates in
mixed forms, custody in real facilities) as a dry run and as a real import.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

ICE_AIR_FILE = ROOT / "data" / "public" / "ice-air-legs-2010-2018.csv"
EOIR_CODES_FILE = ROOT / "data" / "public" / "eoir-lookup-tables.csv"
FAMILY = ["Иванов", "Смирнов", "Kuznetsov", "Попов", "Vasiliev", "Петров", "Sokolov", "Михайлов", "Hernandez", "Garcia"]
GIVEN = ["Андрей", "Ivan", "Сергей", "Dmitri", "Алексей", "Pavel", "Мария", "Olga", "Jose", "Ana"]


class Rollback(Exception):
    pass


@contextmanager
def counted_queries() -> Iterator[list[int]]:
    from django.db import connection

    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def _timed_in_rollback(steps: list[tuple[str, Any]]) -> list[tuple[str, float, int, Any]]:
    """Run each (name, callable) in order inside one transaction, rolled back at the end."""
    from django.db import transaction

    results = []
    try:
        with transaction.atomic():
            for name, call in steps:
                with counted_queries() as queries:
                    started = time.perf_counter()
                    value = call()
                    elapsed = time.perf_counter() - started
                results.append((name, elapsed, queries[0], value))
            raise Rollback
    except Rollback:
        pass
    return results


def generated_sheet(rows: int, facility_codes: list[str], seed: int = 7) -> bytes:
    """A CSV of `rows` synthetic people with custody, in the mixed forms organizations type."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ФИО", "A-Number", "Date of birth", "Пол", "Гражданство", "Facility", "Detained since", "Notes"])
    for n in range(rows):
        digits = f"{200000000 + n:09d}"
        a_number = [f"A{digits}", f"{digits[:3]}-{digits[3:6]}-{digits[6:]}", f"A {digits[:3]} {digits[3:6]} {digits[6:]}"][n % 3]
        born = f"{1960 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        born = [born, f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1960 + n % 40}", f"{1 + n % 12}/{1 + n % 28}/{1960 + n % 40}"][n % 3]
        booked = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        writer.writerow([f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}", a_number, born, "MF"[n % 2], "RU",
                         rng.choice(facility_codes), booked, "Bench row" if n % 10 == 0 else ""])  # fmt: skip
    return out.getvalue().encode("utf-8")


def _entry(name: str, elapsed: float, queries: int, rows: int, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "name": name,
        "ours": {
            "p50_ms": round(elapsed * 1000, 1),
            "p95_ms": round(elapsed * 1000, 1),
            "queries": queries,
            "status": "ok",
            "extra": {"rows": rows, "rows_per_s": round(rows / elapsed) if elapsed else None, "outcomes": counts},
        },
    }


def measure(case_rows: int = 10_000) -> list[dict[str, Any]]:
    """Figures in bench/run.py's row shape (one timed run each: these are throughputs)."""
    from casetracker.models import Organization
    from cases.importers.services import import_cases_file
    from detentions.importers import import_ice_air
    from detentions.models import Facility

    entries = []
    if ICE_AIR_FILE.is_file():
        steps = [("ICE Air legs, first import", lambda: import_ice_air(ICE_AIR_FILE)),
                 ("ICE Air legs, second run (no change)", lambda: import_ice_air(ICE_AIR_FILE))]  # fmt: skip
        for name, elapsed, queries, report in _timed_in_rollback(steps):
            entries.append(_entry(name, elapsed, queries, report.total, dict(report.counts)))
    if EOIR_CODES_FILE.is_file():
        from cases.importers.codes import import_eoir_codes
        from cases.models import ReferenceCode

        # Measured as a first import: the codes a `make run` loaded are cleared inside the rollback.
        steps = [("(clear)", lambda: ReferenceCode.objects.filter(source="eoir").delete()),
                 ("EOIR code tables, first import", lambda: import_eoir_codes(EOIR_CODES_FILE)),
                 ("EOIR code tables, second run (no change)", lambda: import_eoir_codes(EOIR_CODES_FILE))]  # fmt: skip
        for name, elapsed, queries, report in _timed_in_rollback(steps)[1:]:
            entries.append(_entry(name, elapsed, queries, report.total, dict(report.counts)))
    codes = list(Facility.objects.exclude(code=None).values_list("code", flat=True)[:300])
    if not codes:
        entries.append({"name": "import_cases", "ours": {"status": "needs reference data (load_reference_data)"}})
        return entries
    sheet = generated_sheet(case_rows, codes)

    def run(dry_run: bool):
        org, _ = Organization.objects.get_or_create(slug="bench-import", defaults={"name": "Bench import", "case_prefix": "BIMP"})
        return import_cases_file(sheet, organization=org, by=None, dry_run=dry_run)[2]

    steps = [(f"import_cases dry run, {case_rows} rows", lambda: run(True)),
             (f"import_cases, {case_rows} rows", lambda: run(False))]  # fmt: skip
    for name, elapsed, queries, report in _timed_in_rollback(steps):
        entries.append(_entry(name, elapsed, queries, report.total, dict(report.counts)))
    return entries


def main() -> None:
    import django

    django.setup()
    from django.db import connection

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", 10_000)))
    args = parser.parse_args()
    entries = measure(args.rows)
    for entry in entries:
        ours = entry["ours"]
        extra = ours.get("extra", {})
        print(f"{entry['name']:<42} {ours.get('p50_ms', 0) / 1000:>8.1f} s {extra.get('rows_per_s', '-'):>8} rows/s "
              f"{ours.get('queries', '-'):>8} queries  {extra.get('outcomes', ours.get('status'))}")  # fmt: skip
    out = ROOT / "var" / "bench" / "importers.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"database": connection.vendor, "rows": entries}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()


ORDER = 210  # after the page benchmarks


def run() -> list[dict[str, Any]]:
    """make bench (bench/README.md): ICE Air, EOIR code tables and import_cases rows/s (BENCH_IMPORT_ROWS)."""
    return measure(int(os.environ.get("BENCH_IMPORT_ROWS", 10_000)))
