"""Cell values as people type them: dates in several formats, sexes, countries, choices."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year; serials past 60 are right)
# Serials we take for dates: 1954-10-04 .. 2119-01-15. Smaller numbers are more likely typos.
EXCEL_SERIALS = range(20000, 80001)


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected, not what was typed."""


def is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith("=") and len(value.strip()) > 1


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # 2-digit years: 00-30 are 20xx, the rest 19xx
        year += 2000 if year <= 30 else 1900
    return year


def _make(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{written}: there is no such day") from None


def parse_date(value: Any) -> date | None:
    """ISO (2024-03-05), US (3/5/2024), day.month.year (05.03.2024), Excel serial (45356) or a date cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in EXCEL_SERIALS:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise CellError("a number that is not a date (expected e.g. 2024-03-05)")
    text = cell_text(value)
    if not text:
        return None
    if text.isdigit() and int(text) in EXCEL_SERIALS:
        return EXCEL_EPOCH + timedelta(days=int(text))
    if match := _ISO.match(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), "this date")
    if match := _DOTTED.match(text):
        return _make(_year(match[3]), int(match[2]), int(match[1]), "this day.month.year date")
    if match := _US.match(text):
        if int(match[1]) > 12:
            raise CellError("month above 12: write US dates as month/day/year, or use day.month.year")
        return _make(_year(match[3]), int(match[1]), int(match[2]), "this month/day/year date")
    raise CellError("not a date (use 2024-03-05, 3/5/2024 or 05.03.2024)")


SEXES = {
    "m": "M", "male": "M", "man": "M", "м": "M", "муж": "M", "мужской": "M", "мужчина": "M",
    "f": "F", "female": "F", "woman": "F", "ж": "F", "жен": "F", "женский": "F", "женщина": "F",
    "x": "X", "other": "X", "другое": "X",
}  # fmt: skip


def parse_sex(value: Any) -> str:
    text = cell_text(value).lower().rstrip(".")
    if not text:
        return ""
    if text not in SEXES:
        raise CellError("sex not recognised (use M, F or X; М or Ж)")
    return SEXES[text]


# Countries as Russian-speaking organizations write them.
COUNTRY_NAMES_RU = {
    "россия": "RU", "рф": "RU", "российская федерация": "RU", "украина": "UA", "беларусь": "BY",
    "белоруссия": "BY", "казахстан": "KZ", "узбекистан": "UZ", "таджикистан": "TJ", "кыргызстан": "KG",
    "киргизия": "KG", "туркменистан": "TM", "грузия": "GE", "армения": "AM", "азербайджан": "AZ",
    "молдова": "MD", "молдавия": "MD", "сша": "US", "мексика": "MX", "куба": "CU", "венесуэла": "VE",
    "китай": "CN", "индия": "IN", "афганистан": "AF", "иран": "IR", "турция": "TR",
    "russia": "RU", "russian federation": "RU", "usa": "US",
}  # fmt: skip


def choice(value: Any, choices: type[models.TextChoices], extra: dict[str, str] | None = None) -> str:
    """A TextChoices value from its value or label, any case ('Removal proceedings' → 'removal_proceedings')."""
    text = cell_text(value)
    if not text:
        return ""
    wanted = text.lower().replace("-", " ").replace("_", " ")
    for member in choices:
        if wanted in (member.value.replace("_", " "), str(member.label).lower().replace("-", " ")):
            return member.value
    if extra and wanted in extra:
        return extra[wanted]
    options = ", ".join(str(member.label) for member in choices)
    raise CellError(f"not one of: {options}")
