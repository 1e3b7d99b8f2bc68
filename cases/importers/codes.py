"""Public code tables in: EOIR's lookup tables and ICE's ARTS detainee status codes, each row accounted for.

EOIR (deportationdata/eoir ``lookup_tables_combined.csv``): 66 FOIA lookup tables stacked
in one file as (value, description, name, table). A row becomes one ``ReferenceCode``
keyed by (table, code, description): EOIR keeps several descriptions under one code
where its own table had more columns than the stack kept (decision codes per case type,
judges per base city), and each of them is kept. The export's mess is accounted for:
an exact repeat is skipped with the row it repeats, a row with neither code nor
description is skipped, a cell holding a timestamp or a tab (columns shifted in the
export) or a description without its code is rejected, and "NA" in the description
column is R's missing value (the code "NA" itself is real: Netherlands Antilles, NACARA),
so "NA" with no description beside it is skipped.

ARTS (UWCHR/ice-air ``status.csv``): one row per status code, keyed by code; a newer
file's changed wording updates the code in place.

A second run of either file writes nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cases.models import ReferenceCode

from .report import IMPORTED, MERGED, REJECTED, SKIPPED, UNCHANGED, ImportReport, RowResult

BATCH = 2000
EOIR_COLUMNS = {"value", "description", "name", "table"}
ARTS_COLUMNS = {"Code", "Status"}
ARTS_TABLE = "status"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")
CODE_MAX = ReferenceCode._meta.get_field("code").max_length
DESCRIPTION_MAX = ReferenceCode._meta.get_field("description").max_length


def tidy(value: str | None) -> str:
    """Runs of spaces collapsed, ends trimmed: EOIR pads its descriptions to the column width."""
    return " ".join((value or "").split())


@dataclass
class CodeRow:
    row: int
    table: str
    group: str
    code: str
    description: str
    note: str = ""
    cited: str = ""

    @property
    def label(self) -> str:
        return f"{self.table}:{self.code}"


def _too_long(code: str, description: str) -> str:
    """The reason a code or description does not fit its column, or ""."""
    if len(code) > CODE_MAX or len(description) > DESCRIPTION_MAX:
        return f"longer than a code ({CODE_MAX}) or a description ({DESCRIPTION_MAX})"
    return ""


def _shifted(raw: str) -> bool:
    return "\t" in raw or "\n" in raw.strip("\n") or bool(TIMESTAMP.match(raw.strip()))


def _eoir_row(number: int, rec: dict[str, str]) -> CodeRow | RowResult:
    raw_code, raw_description = rec.get("value") or "", rec.get("description") or ""
    code = tidy(raw_code)
    description = tidy(raw_description)
    if code == "NA" and description in ("", "NA"):
        return RowResult(number, SKIPPED, 'a code of "NA" with nothing beside it: R\'s missing value, nothing to load')
    if description == "NA":
        description = ""
    table = Path(tidy(rec.get("table"))).stem
    group = tidy(rec.get("name"))
    if not code and not description:
        return RowResult(number, SKIPPED, "no code and no description (an empty line of the source table)")
    values = {k: v for k, v in rec.items() if k}
    if not table or not group:
        return RowResult(number, REJECTED, "the row names no source table", values=values)
    for column, raw in (("value", raw_code), ("description", raw_description)):
        if _shifted(raw):
            return RowResult(
                number, REJECTED, f"the {column} cell holds a timestamp or a tab: columns shifted in EOIR's export",
                values=values,
            )  # fmt: skip
    if not code:
        return RowResult(number, REJECTED, f"a description without its code in {table}", values=values)
    if too_long := _too_long(code, description):
        return RowResult(number, REJECTED, too_long, values=values)
    return CodeRow(number, table, group, code, description)


def _arts_row(number: int, rec: dict[str, str]) -> CodeRow | RowResult:
    code, description = tidy(rec.get("Code")), tidy(rec.get("Status"))
    if not any(tidy(v) for v in rec.values()):
        return RowResult(number, SKIPPED, "blank line")
    if not code or not description:
        return RowResult(number, REJECTED, "a status needs both its code and its text", values=dict(rec))
    if too_long := _too_long(code, description):
        return RowResult(number, REJECTED, too_long, values=dict(rec))
    return CodeRow(number, ARTS_TABLE, ARTS_TABLE, code, description, tidy(rec.get("Note")), tidy(rec.get("Source")))


def _write(source: str, batch: list[CodeRow], report: ImportReport) -> None:
    made = ReferenceCode.objects.bulk_create(
        [
            ReferenceCode(source=source, table=r.table, group=r.group, code=r.code, description=r.description,
                          note=r.note, cited=r.cited)  # fmt: skip
            for r in batch
        ],
        batch_size=BATCH,
    )
    for row, obj in zip(batch, made):
        report.add(RowResult(row.row, IMPORTED, object_type="cases.referencecode", object_id=obj.pk, label=row.label))


def import_eoir_codes(path: Path | str, *, name: str = "") -> ImportReport:
    """Load EOIR's stacked lookup tables; every row imported, already there, skipped or rejected."""
    report = ImportReport(source=name or Path(path).name, keep=frozenset((SKIPPED, REJECTED)))
    existing = {
        (table, code, description): pk
        for table, code, description, pk in ReferenceCode.objects.filter(source=ReferenceCode.Source.EOIR).values_list(
            "table", "code", "description", "pk"
        )
    }
    first_row: dict[tuple[str, str, str], int] = {}
    batch: list[CodeRow] = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        _require_columns(reader.fieldnames, EOIR_COLUMNS, report.source)
        # Rows as a spreadsheet shows them (header = 1): a cell with a newline stays one row.
        for number, rec in enumerate(reader, start=2):
            result = _eoir_row(number, rec)
            if isinstance(result, RowResult):
                report.add(result)
                continue
            key = (result.table, result.code, result.description)
            if key in first_row:
                report.add(RowResult(number, SKIPPED, f"repeats row {first_row[key]} (same table, code and description)"))
                continue
            first_row[key] = number
            if key in existing:
                report.add(RowResult(number, UNCHANGED, "already loaded", "cases.referencecode", existing[key], result.label))
                continue
            batch.append(result)
            if len(batch) >= BATCH:
                with transaction.atomic():
                    _write(ReferenceCode.Source.EOIR, batch, report)
                batch = []
    with transaction.atomic():
        _write(ReferenceCode.Source.EOIR, batch, report)
    return report


def import_arts_status_codes(path: Path | str, *, name: str = "") -> ImportReport:
    """Load ARTS detainee status codes; a code whose wording changed is updated, not duplicated."""
    report = ImportReport(source=name or Path(path).name, keep=frozenset((MERGED, SKIPPED, REJECTED)))
    existing = {c.code: c for c in ReferenceCode.objects.filter(source=ReferenceCode.Source.ARTS, table=ARTS_TABLE)}
    seen: dict[str, int] = {}
    new: list[CodeRow] = []
    with open(path, newline="", encoding="utf-8-sig") as handle, transaction.atomic():
        reader = csv.DictReader(handle)
        _require_columns(reader.fieldnames, ARTS_COLUMNS, report.source)
        for number, rec in enumerate(reader, start=2):
            result = _arts_row(number, rec)
            if isinstance(result, RowResult):
                report.add(result)
                continue
            if result.code in seen:
                report.add(RowResult(number, REJECTED, f"status {result.code} is defined again (first at row {seen[result.code]})",
                                     values=dict(rec)))  # fmt: skip
                continue
            seen[result.code] = number
            current = existing.get(result.code)
            if current is None:
                new.append(result)
                continue
            wanted = {"description": result.description, "note": result.note, "cited": result.cited}
            changed = [field for field, value in wanted.items() if getattr(current, field) != value]
            if changed:
                ReferenceCode.objects.filter(pk=current.pk).update(**wanted)
                report.add(RowResult(number, MERGED, f"{', '.join(changed)} updated", "cases.referencecode", current.pk, result.label))
            else:
                report.add(RowResult(number, UNCHANGED, "already loaded", "cases.referencecode", current.pk, result.label))
        _write(ReferenceCode.Source.ARTS, new, report)
    return report


def _require_columns(found: list[str] | None, wanted: set[str], name: str) -> None:
    missing = wanted - set(found or ())
    if missing:
        raise ValueError(f"{name}: not a code table of this kind; missing columns {', '.join(sorted(missing))}")


def import_code_file(path: Path | str, *, name: str = "") -> ImportReport:
    """Either kind of code table, told apart by its header; `name` is the file's name as the user knows it."""
    name = name or Path(path).name
    with open(path, newline="", encoding="utf-8-sig") as handle:
        header = set(next(csv.reader(handle), []))
    if EOIR_COLUMNS <= header:
        return import_eoir_codes(path, name=name)
    if ARTS_COLUMNS <= header:
        return import_arts_status_codes(path, name=name)
    raise ValueError(
        f"{name}: not a known code table (EOIR lookup tables have value, description, name, table; "
        "ARTS status codes have Code, Status)"
    )


def describe(source: str, group: str, code: str) -> str:
    """What a code means, every description EOIR keeps for it joined with " / "; "" for an unknown code."""
    descriptions = (
        ReferenceCode.objects.filter(source=source, group=group, code=tidy(code))
        .exclude(description="")
        .order_by("description")
        .values_list("description", flat=True)
        .distinct()
    )
    return " / ".join(descriptions)
