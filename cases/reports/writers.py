"""CSV, XLSX and PDF from a report's rows, without holding the whole file in memory
(PDFs are capped at settings.CT_REPORT_PDF_MAX_ROWS rows instead)."""

from __future__ import annotations

import csv as stdlib_csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from defusedcsv import csv
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .base import Column, Report

CSV_FLUSH_BYTES = 64 * 1024
Progress = Callable[[int], None]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def text(value: Any, kind: str) -> str:
    """A cell as text, the same on screen, in CSV and in PDF."""
    if value is None or value == "":
        return ""
    if kind == "percent":
        return f"{100 * value:.1f}%"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _plain(value: Any) -> str:
    return value if value.__class__ is str else ("" if value is None else str(value))


def _converters(columns: list[Column]) -> list[Callable[[Any], str]]:
    """text() per column, with the common text/number columns on a fast path."""
    return [_plain if column.kind in ("text", "int") else (lambda v, k=column.kind: text(v, k)) for column in columns]


def _counted(rows: Iterable[list[Any]], progress: Progress | None) -> Iterator[list[Any]]:
    """The rows, calling `progress` every CT_EXPORT_PROGRESS_EVERY rows with the number so far."""
    every = settings.CT_EXPORT_PROGRESS_EVERY
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if progress and done % every == 0:
            progress(done)
    if progress:
        progress(done)


# Cells starting with these are formulas to a spreadsheet; rows holding one go through
# defusedcsv's writer, which escapes them (the plain writer is faster for the rest).
RISKY = frozenset("=+-@|%")


def csv_chunks(report: Report, progress: Progress | None = None) -> Iterator[str]:
    """UTF-8 text with a BOM (so Excel reads Cyrillic), formula-like cells escaped by defusedcsv."""
    columns = report.columns()
    convert = _converters(columns)
    buffer = io.StringIO()
    defused, plain = csv.writer(buffer), stdlib_csv.writer(buffer)
    buffer.write("\ufeff")
    defused.writerow([str(column.label) for column in columns])
    for row in _counted(report.rows(), progress):
        cells = [to_text(value) for to_text, value in zip(convert, row)]
        if any(cell[:1] in RISKY for cell in cells if cell):
            defused.writerow(cells)
        else:
            plain.writerow(cells)
        if buffer.tell() >= CSV_FLUSH_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(report: Report, out: IO[bytes], progress: Progress | None = None) -> None:
    for chunk in csv_chunks(report, progress):
        out.write(chunk.encode("utf-8"))


# Dates, datetimes and numbers get a type and a default format from openpyxl itself;
# only percentages need a cell object of their own.
PERCENT = "0.0%"


def _xlsx_cell(sheet, value: Any, column: Column):
    if isinstance(value, Promise):
        value = str(value)  # a translated choice label (gettext_lazy)
    if value is None or value == "":
        return None
    if column.kind == "percent":
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = PERCENT
        return cell
    if isinstance(value, str) and value.startswith("="):
        # openpyxl would store it as a formula; keep it inert text.
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(report: Report, out: IO[bytes], progress: Progress | None = None) -> None:
    """openpyxl's write-only mode: rows go to a temporary file as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(report.title)[:31])
    columns = report.columns()
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _counted(report.rows(), progress):
        sheet.append([_xlsx_cell(sheet, value, column) for value, column in zip(row, columns)])
    workbook.save(out)


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find("reports/print.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])


def report_pdf(report: Report, progress: Progress | None = None) -> bytes:
    limit = settings.CT_REPORT_PDF_MAX_ROWS
    columns = report.columns()
    rows = [[text(v, c.kind) for v, c in zip(row, columns)] for row in _counted(report.rows(limit + 1), progress)]
    context = {
        "report": report,
        "columns": columns,
        "rows": rows[:limit],
        "truncated": len(rows) > limit,
        "limit": limit,
        "summaries": report.summaries(),
        "filters": report.filters.as_params(),
        "generated_at": timezone.localtime(),
    }
    return render_pdf(render_to_string("reports/report_pdf.html", context))


def write_pdf(report: Report, out: IO[bytes], progress: Progress | None = None) -> None:
    out.write(report_pdf(report, progress))


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}
