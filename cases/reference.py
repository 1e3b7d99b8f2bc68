"""Reference data for cases: immigration courts (EOIR base cities), countries and languages.

Also home to the pieces every reference loader shares:

* ``sync_table`` makes a table match a list of source rows, keyed by a natural key, with
  bulk inserts and bulk updates of the rows that differ only, inside one transaction, and
  reports created / updated / unchanged counts (so a second run reports no changes);
* ``smart_title`` and ``clean`` tidy the ALL-CAPS, "NA"-for-blank text of public lists.

``load_all`` loads every reference table (this module's and ``detentions.reference``'s);
``manage.py load_reference_data`` is a thin wrapper around it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
from django.conf import settings
from django.db import models, transaction

from casetracker.timezones import US_STATE_NAMES, normalize_state, time_zone_for

from .models import Country, ImmigrationCourt, Language

BATCH_SIZE = 500
COURTS_FILE = "eoir-base-cities.tsv"


def default_data_dir() -> Path:
    """The seed files shipped with the project (``data/reference/``)."""
    return Path(settings.BASE_DIR) / "data" / "reference"


# --------------------------------------------------------------------------- sync


@dataclass
class LoadResult:
    """What loading one table did."""

    table: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return f"{self.table}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def sync_table(
    model: type[models.Model],
    key: str,
    rows: Iterable[dict[str, Any]],
    *,
    table: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> LoadResult:
    """Make ``model``'s rows match ``rows`` (dicts of field values, each with ``key``).

    Rows whose key is new are bulk-created; existing rows are bulk-updated only when a
    value differs. Rows in the table that are not in ``rows`` are left alone (they may be
    referenced, or entered by hand). Runs in one transaction.
    """
    rows = list(rows)
    if not rows:
        return LoadResult(table or str(model._meta.verbose_name_plural).capitalize())
    fields = sorted({name for row in rows for name in row} - {key})
    _check_rows(model, key, fields, rows)
    result = LoadResult(table or str(model._meta.verbose_name_plural).capitalize())
    with transaction.atomic():
        existing = {values[key]: values for values in model.objects.values("pk", key, *fields)}
        to_create: list[models.Model] = []
        to_update: list[models.Model] = []
        for row in rows:
            current = existing.get(row[key])
            if current is None:
                to_create.append(model(**row))
            elif any(current[name] != row[name] for name in fields):
                to_update.append(model(pk=current["pk"], **row))
            else:
                result.unchanged += 1
        if to_create:
            model.objects.bulk_create(to_create, batch_size=batch_size)
        if to_update:
            model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def _check_rows(model: type[models.Model], key: str, fields: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Fail loudly on what PostgreSQL would reject and SQLite would not: duplicate keys, over-long text."""
    seen: set[Any] = set()
    limits = {
        f.name: f.max_length
        for f in model._meta.concrete_fields
        if f.name in {key, *fields} and isinstance(f, models.CharField) and f.max_length
    }
    for row in rows:
        if set(row) - {key} != set(fields):
            raise ValueError(f"{model.__name__} row {row.get(key)!r} does not have the same fields as the others")
        if row[key] in seen:
            raise ValueError(f"duplicate {model.__name__}.{key} {row[key]!r} in the source")
        seen.add(row[key])
        for name, limit in limits.items():
            value = row.get(name)
            if isinstance(value, str) and len(value) > limit:
                raise ValueError(f"{model.__name__} {row[key]!r}: {name} longer than {limit}: {value!r}")


# --------------------------------------------------------------------------- text

_BLANKS = {"", "NA", "N/A", "NULL", "NONE", "?"}


def clean(value: Any) -> str:
    """Collapse whitespace; turn the usual stand-ins for "no value" ("NA", "NULL", "?") into ''."""
    text = " ".join(str(value if value is not None else "").split())
    return "" if text.upper() in _BLANKS else text


_STATE_CODES = frozenset(US_STATE_NAMES)
# State codes that are also ordinary words or abbreviations ("IN", "LA Palma", "CO" for county):
# kept upper-case only at the end of a name, after a comma or inside parentheses.
_AMBIGUOUS_STATE_CODES = frozenset(
    "AL AR AS CO DE GA HI ID IN LA MA ME MI MO MT OH OK OR PA VI".split()
)  # fmt: skip
_ORDINAL = re.compile(r"\d+(ST|ND|RD|TH)")
_ROMAN = frozenset("II III IV VI VII VIII IX XI XII".split())
SMALL_WORDS = frozenset("A AN AND AT BY FOR OF ON THE TO".split())
_SPLIT = re.compile(r"([\s/(),-]+)")


def smart_title(
    text: str,
    *,
    acronyms: frozenset[str] = frozenset(),
    state_codes: bool = False,
    small_words: frozenset[str] = SMALL_WORDS,
    abbreviations: dict[str, str] | None = None,
) -> str:
    """Title-case ALL-CAPS text sensibly; text that already has lower-case letters is only tidied.

    Keeps ``acronyms`` (and, with ``state_codes``, two-letter state codes) upper-case,
    initialisms like "U.S." and single letters upper-case, Roman numerals upper-case,
    "12TH" → "12th", "MCALLEN" → "McAllen", "O'BRIEN" → "O'Brien", small words lower-case
    inside the text. ``abbreviations`` maps upper-case words to their expansion
    ("CTR" → "CENTER") before casing.
    """
    text = " ".join((text or "").split())
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or sum(ch.islower() for ch in letters) > len(letters) // 4:
        return text  # already mixed case: leave it as written
    parts = _SPLIT.split(text)
    word_positions = [i for i, part in enumerate(parts) if part and not _SPLIT.fullmatch(part)]
    if abbreviations:
        for n, i in enumerate(word_positions):
            expansion = abbreviations.get(parts[i])
            if expansion and not (n == 0 and parts[i] in {"CO", "CO."}):
                parts[i] = expansion
    out = list(parts)
    depth = 0
    previous_separator = ""
    for i, part in enumerate(parts):
        if not part:
            continue
        if _SPLIT.fullmatch(part):
            depth += part.count("(") - part.count(")")
            previous_separator = part
            out[i] = part
            continue
        out[i] = _case_word(
            part,
            first=i == word_positions[0],
            last=i == word_positions[-1],
            enclosed=depth > 0 or "," in previous_separator,
            acronyms=acronyms,
            state_codes=state_codes,
            small_words=small_words,
        )
    return "".join(out)


def _case_word(
    word: str,
    *,
    first: bool,
    last: bool,
    enclosed: bool,
    acronyms: frozenset[str],
    state_codes: bool,
    small_words: frozenset[str],
) -> str:
    upper = word.upper()
    bare = upper.rstrip(".")
    if upper in acronyms or bare in acronyms:
        return upper
    if re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]\.?", upper):  # U.S., S.D., single initials
        return upper
    if bare in _ROMAN:
        return upper
    if state_codes and bare in _STATE_CODES and (bare not in _AMBIGUOUS_STATE_CODES or last or enclosed):
        return upper
    if any(ch.isdigit() for ch in word):
        return word.lower() if _ORDINAL.fullmatch(upper) else upper  # 12TH → 12th, 148A, T7
    if "." in bare:  # N.PENNSYLVANIA → N.Pennsylvania
        pieces = upper.split(".")
        kwargs = dict(last=last, enclosed=enclosed, acronyms=acronyms, state_codes=state_codes)
        return ".".join(
            _case_word(p, first=first and n == 0, small_words=small_words, **kwargs) if p else p
            for n, p in enumerate(pieces)
        )
    if not first and bare in small_words:
        return word.lower()
    if len(bare) > 3 and bare.startswith("MC") and bare[2:].isalpha():
        return "Mc" + word[2:].capitalize()
    if "'" in word:
        head, _, tail = word.partition("'")
        if len(head) == 1 and len(tail) > 1:  # O'BRIEN
            return head + "'" + tail.capitalize()
        return word.capitalize()  # BYRD'S → Byrd's
    if "&" in word:
        return "&".join(p.capitalize() for p in word.split("&"))
    return word.capitalize()


ADDRESS_ACRONYMS = frozenset("N S E W NE NW SE SW PO FM CR SR US II III IV NA JFK CCA".split())


def title_address(text: str) -> str:
    return smart_title(clean(text), acronyms=ADDRESS_ACRONYMS, small_words=frozenset())


def title_place(text: str) -> str:
    return smart_title(clean(text), small_words=frozenset({"OF", "THE", "AND"}))


def format_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return clean(text)


def format_zip(text: str, plus4: str = "") -> str:
    """'8054' → '08054' (a leading zero lost in a spreadsheet); '34205', '1111' → '34205-1111'."""
    zip5 = clean(text)
    if zip5.isdigit() and len(zip5) < 5:
        zip5 = zip5.zfill(5)
    elif zip5.isdigit() and len(zip5) == 9:
        zip5, plus4 = zip5[:5], zip5[5:]
    extra = clean(plus4)
    if zip5 and extra.isdigit() and len(extra) == 4 and extra != "0000":
        return f"{zip5}-{extra}"
    return zip5


# --------------------------------------------------------------------------- courts

# Names EOIR uses where the base city alone would be ambiguous or misleading.
COURT_NAMES = {
    "AGA": "Guam Immigration Court",
    "ATD": "Atlanta - Ted Turner Drive Immigration Court",
    "ATL": "Atlanta - Peachtree Street Immigration Court",
    "BIA": "Board of Immigration Appeals",
    "CIJ": "Office of the Chief Immigration Judge",
    "EPD": "El Paso Service Processing Center Immigration Court",
    "HDQ": "EOIR Office of Management and Administration",
    "HGP": "Houston - Greenspoint Park Immigration Court",
    "HOD": "Houston - Greens Road Immigration Court",
    "HSG": "Houston - S. Gessner Road Immigration Court",
    "KRO": "Miami - Krome Immigration Court",
    "LAD": "Los Angeles Detained Immigration Court",
    "LOS": "Los Angeles - Olive Street Immigration Court",
    "NLA": "Los Angeles - N. Los Angeles Street Immigration Court",
    "NYB": "New York - Broadway Immigration Court",
    "NYC": "New York - Federal Plaza Immigration Court",
    "NYD": "New York - Varick Detained Immigration Court",
    "NYV": "New York - Varick Immigration Court",
    "PIS": "Port Isabel Immigration Court",
    "SAJ": "San Juan Immigration Court",
    "SDC": "Stewart Immigration Court",
    "SLC": "Salt Lake City Immigration Court",
    "ULS": "Ulster Immigration Court",
}
COURT_ACRONYMS = frozenset("EOIR OIT OIN ECAS SD BIA".split())


def court_name(code: str, base_name: str, city: str) -> str:
    """A readable court name from EOIR's BASE_CITY_NAME (mostly just "IMMIGRATION COURT") and city."""
    if code in COURT_NAMES:
        return COURT_NAMES[code]
    base = clean(base_name).upper()
    place = title_place(city)
    if base == "IMMIGRATION COURT" or not base:
        return f"{place} Immigration Court"
    if base.startswith("IMMIGRATION COURT - "):
        rest = smart_title(base.removeprefix("IMMIGRATION COURT - "), acronyms=COURT_ACRONYMS)
        return f"{place} Immigration Court - {rest}"
    if any(word in base for word in ("COURT", "BOARD", "OFFICE", "EOIR", "TEST")):
        return smart_title(base, acronyms=COURT_ACRONYMS)
    # A bare place name ("STERLING", "INDIANAPOLIS, INDIANA"): name the court after the city.
    return f"{place} Immigration Court"


def read_courts(path: Path) -> list[dict[str, Any]]:
    """ImmigrationCourt field values for every row of EOIR's base-city table (tab-separated)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        records = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = []
    for rec in records:
        code = clean(rec["BASE_CITY_CODE"]).upper()
        state = normalize_state(rec["BASE_STATE"])
        city = title_place(rec["BASE_CITY"])
        rows.append(
            {
                "code": code,
                "name": court_name(code, rec["BASE_CITY_NAME"], rec["BASE_CITY"]),
                "address": title_address(rec["BASE_ST_ADDRESS"]),
                "city": city,
                "state": state,
                "zip_code": format_zip(rec["BASE_ZIP_1"], rec["BASE_ZIP_2"]),
                "phone": format_phone(rec["BASE_PHONE_NO"]),
                "region": clean(rec["strRegion"]),
                "time_zone": time_zone_for(state, rec["BASE_CITY"]) or "America/New_York",
                "active": clean(rec["blnActive"]) == "1",
            }
        )
    # Courts sharing a derived name (two codes for one building) get their code appended.
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["name"]] = counts.get(row["name"], 0) + 1
    for row in rows:
        if counts[row["name"]] > 1:
            row["name"] = f"{row['name']} ({row['code']})"
    return rows


def load_courts(data_dir: Path | str | None = None) -> LoadResult:
    path = Path(data_dir or default_data_dir()) / COURTS_FILE
    return sync_table(ImmigrationCourt, "code", read_courts(path), table="Immigration courts")


# --------------------------------------------------------------------------- countries, languages


def country_rows() -> list[dict[str, str]]:
    """ISO 3166-1 countries: alpha-2 code, alpha-3 code, common name where pycountry has one."""
    return [
        {"code": c.alpha_2, "alpha3": c.alpha_3, "name": getattr(c, "common_name", None) or c.name}
        for c in pycountry.countries
    ]


def language_rows() -> list[dict[str, str]]:
    """ISO 639 languages with a 639-1 code, plus every living individual language (639-3 type "L").

    The code is the 639-1 code where one exists ("ru", "uk"), else the 639-3 code ("yue").
    """
    rows = []
    for lang in pycountry.languages:
        alpha_2 = getattr(lang, "alpha_2", None)
        if not alpha_2 and getattr(lang, "type", None) != "L":
            continue
        name = getattr(lang, "common_name", None) or lang.name
        rows.append({"code": alpha_2 or lang.alpha_3, "name": name})
    return rows


def load_countries() -> LoadResult:
    return sync_table(Country, "code", country_rows(), table="Countries")


def load_languages() -> LoadResult:
    return sync_table(Language, "code", language_rows(), table="Languages")


# --------------------------------------------------------------------------- everything


def load_all(data_dir: Path | str | None = None) -> list[LoadResult]:
    """Load every reference table; safe to run again (a second run changes nothing)."""
    from detentions.reference import load_airports, load_facilities

    data_dir = Path(data_dir or default_data_dir())
    return [
        load_countries(),
        load_languages(),
        load_courts(data_dir),
        load_facilities(data_dir),
        load_airports(),
    ]
