"""Read a CSV or XLSX spreadsheet into a header and numbered rows, formulas kept as their text."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import openpyxl

XLSX_MAGIC = b"PK\x03\x04"
CSV_DELIMITERS = ",;\t|"


class SheetError(ValueError):
    """The file is not a spreadsheet we can read."""


@dataclass
class Sheet:
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):  # Excel on a Russian Windows saves CSV as cp1251
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("the CSV file is neither UTF-8 nor Windows-1251 text")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    if "\x00" in text:
        raise SheetError("this is not a CSV text file")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise SheetError(f"the CSV file cannot be read: {exc}") from exc


def _xlsx_rows(data: bytes, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetError("the XLSX file cannot be opened (is it an Excel workbook?)") from exc
    try:
        if sheet and sheet not in book.sheetnames:
            raise SheetError(f"no sheet {sheet!r} in the workbook")
        worksheet = book[sheet] if sheet else book.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def read_sheet(source: Path | str | IO[bytes] | bytes, *, sheet: str | None = None) -> Sheet:
    """The first non-blank row is the header; the rows after it keep their numbers (blank ones too)."""
    if isinstance(source, bytes):
        data = source
    elif hasattr(source, "read"):
        data = source.read()
    else:
        data = Path(source).read_bytes()
    rows = _xlsx_rows(data, sheet) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    headers: list[str] | None = None
    header_row = 0
    body: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if headers is None:
            if not _blank(cells):
                headers = [" ".join(str(c if c is not None else "").split()) for c in cells]
                header_row = number
            continue
        body.append((number, cells))
    if headers is None:
        raise SheetError("the file is empty: no header row")
    while headers and not headers[-1]:
        headers.pop()
    # Trailing blank rows of a worksheet are formatting, not lines someone left empty.
    while body and _blank(body[-1][1]):
        body.pop()
    return Sheet(headers=headers, header_row=header_row, rows=body)
