"""Spreadsheet rows → people, cases, custody stays and notes, through the services, one savepoint per row.

Each row ends as exactly one outcome (see ``report``). A row is written completely or
not at all. People are matched, never duplicated: by A-number within the organization,
then by date of birth plus name in any script ("Иван Петров" is "Ivan Petrov"). A
matched person's blank fields are filled; fields that differ are kept and reported.
The person's first case is reused; a stay already recorded is not recorded again, so
importing the same file twice changes nothing.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.models import Organization, User
from cases.alerts import alerts_suppressed
from cases.anumber import parse_anumber
from cases.models import Case, Country, ImmigrationCourt, Language, Person
from cases.names import name_tokens, transliterate
from cases.services import case_open, note_add, person_create, person_update
from detentions.models import Custody, Facility

from .columns import FIELDS
from .reader import Sheet
from .report import IMPORTED, MERGED, REJECTED, SKIPPED, UNCHANGED, ImportReport, RowResult
from .values import CellError, cell_text, choice, is_formula, parse_date, parse_sex

BATCH_ROWS = 100
Progress = Callable[[int, int], None]

LANGUAGE_NAMES_RU = {
    "русский": "ru", "украинский": "uk", "английский": "en", "испанский": "es", "белорусский": "be",
    "казахский": "kk", "узбекский": "uz", "таджикский": "tg", "киргизский": "ky", "грузинский": "ka",
    "армянский": "hy", "азербайджанский": "az", "французский": "fr", "китайский": "zh",
}  # fmt: skip
RELEASE_REASONS_RU = {
    "залог": "bond", "под залог": "bond", "пароль": "parole", "условно": "parole", "депортирован": "removed",
    "депортация": "removed", "освобожден": "other", "другое": "other",
}  # fmt: skip


class RowRejected(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def _is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _latin(text: str) -> str:
    return text if _is_latin(text) else transliterate(text).title()


@dataclass
class Row:
    person: dict[str, Any] = field(default_factory=dict)
    case: dict[str, Any] = field(default_factory=dict)
    facility: Facility | None = None
    booked_in_on: date | None = None
    released_on: date | None = None
    release_reason: str = ""
    notes: str = ""


class Lookups:
    """Facilities, courts, countries and languages, read once per import."""

    def __init__(self) -> None:
        from detentions.importers import _name_key

        self.name_key = _name_key
        self.facilities = list(Facility.objects.only("pk", "code", "name", "city", "state"))
        self.facility_by_code = {f.code.upper(): f for f in self.facilities if f.code}
        self.facility_by_name: dict[str, list[Facility]] = {}
        for facility in self.facilities:
            self.facility_by_name.setdefault(_name_key(facility.name), []).append(facility)
        self.courts = list(ImmigrationCourt.objects.all())
        self.countries = {c.code: c for c in Country.objects.all()}
        self.country_names = {c.name.lower(): c for c in self.countries.values()}
        self.country_names.update({c.alpha3.lower(): c for c in self.countries.values()})
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.language_names = {lang.name.lower(): lang for lang in self.languages.values()}

    def facility(self, text: str) -> Facility:
        found = self.facility_by_code.get(text.upper())
        if found:
            return found
        key = self.name_key(text)
        matches = self.facility_by_name.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            codes = ", ".join(sorted(f.code or f"#{f.pk}" for f in matches))
            raise CellError(f"{len(matches)} facilities have this name ({codes}): use the ICE code")
        close = difflib.get_close_matches(key, self.facility_by_name, n=2, cutoff=0.85)
        hint = "; did you mean " + " or ".join(
            f"{f.name} ({f.code or f.city})" for k in close for f in self.facility_by_name[k][:1]
        ) if close else ""  # fmt: skip
        raise CellError(f"unknown facility {text!r}{hint}")

    def court(self, text: str) -> ImmigrationCourt:
        wanted = text.lower()
        for attr in ("code", "name", "city"):
            matches = [c for c in self.courts if getattr(c, attr).lower() == wanted]
            if len(matches) == 1:
                return matches[0]
        raise CellError(f"unknown immigration court {text!r} (use its EOIR code or name)")

    def country(self, text: str) -> Country:
        from .values import COUNTRY_NAMES_RU

        wanted = text.lower()
        code = COUNTRY_NAMES_RU.get(wanted) or (text.upper() if text.upper() in self.countries else None)
        found = self.countries.get(code or "") or self.country_names.get(wanted)
        if found is None:
            try:
                found = self.countries.get(pycountry.countries.lookup(text).alpha_2)
            except LookupError:
                found = None
        if found is None:
            raise CellError(f"unknown country {text!r}")
        return found

    def language(self, text: str) -> Language:
        wanted = text.lower()
        found = self.languages.get(LANGUAGE_NAMES_RU.get(wanted, wanted)) or self.language_names.get(wanted)
        if found is None:
            raise CellError(f"unknown language {text!r}")
        return found


def _names(cells: dict[str, str], row: Row) -> None:
    family, given, middle = cells.get("family_name", ""), cells.get("given_names", ""), cells.get("middle_name", "")
    native = cells.get("native_name", "")
    full = cells.get("full_name", "")
    if full and not family:
        if "," in full:
            family, _, given = (part.strip() for part in full.partition(","))
        elif not _is_latin(full):
            family, _, given = full.partition(" ")  # Фамилия Имя Отчество
        else:
            given, _, family = full.rpartition(" ")
    native_parts = [part for part in (family, given, middle) if part and not _is_latin(part)]
    if not native and native_parts:
        native = " ".join(part for part in (family, given, middle) if part)
    if not family and native:
        family, _, given = native.partition(" ")
    if middle:
        given = f"{given} {middle}".strip()
    row.person.update(family_name=_latin(family), given_names=_latin(given), native_name=native)


def _parse_cells(cells: dict[str, Any], lookups: Lookups, labels: dict[str, str]) -> Row:
    row, errors = Row(), []
    text = {name: cell_text(value) for name, value in cells.items()}

    def read(name: str, parse: Callable[[Any], Any]) -> Any:
        if name not in cells or text[name] == "":
            return None
        try:
            return parse(cells[name])
        except (CellError, ValidationError) as exc:
            message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            errors.append(f"{labels[name]}: {message}")
            return None

    for name, value in cells.items():
        if is_formula(value):
            errors.append(f"{labels[name]}: a formula ({value.strip()[:40]}), not a value: paste the value instead")
            text[name] = ""
    _names(text, row)
    if not row.person["family_name"]:
        errors.append(str(FIELDS["family_name"][0]) + ": no name in this row")
    person = row.person
    person["a_number"] = read("a_number", parse_anumber) or ""
    for name in ("date_of_birth", "last_arrival_date"):
        person[name] = read(name, parse_date)
    person["sex"] = read("sex", parse_sex) or ""
    person["citizenship"] = read("citizenship", lambda v: lookups.country(cell_text(v)))
    person["preferred_language"] = read("preferred_language", lambda v: lookups.language(cell_text(v)))
    person["phone"] = text.get("phone", "")[:40]
    person["arrival_place"] = text.get("arrival_place", "")[:120]
    row.case = {
        "kind": read("case_kind", lambda v: choice(v, Case.Kind)),
        "stage": read("stage", lambda v: choice(v, Case.Stage)),
        "court": read("court", lambda v: lookups.court(cell_text(v))),
        "judge": text.get("judge", "")[:120],
        "opened_on": read("opened_on", parse_date),
    }
    row.facility = read("facility", lambda v: lookups.facility(cell_text(v)))
    row.booked_in_on = read("booked_in_on", parse_date)
    row.released_on = read("released_on", parse_date)
    row.release_reason = read("release_reason", lambda v: choice(v, Custody.ReleaseReason, RELEASE_REASONS_RU)) or ""
    row.notes = text.get("notes", "")
    errors += _date_order(row)
    # A stay needs both its place and its date; a column that failed to read has said so already.
    if bool(text.get("facility")) != bool(text.get("booked_in_on")):
        missing, given = ("booked_in_on", "facility") if text.get("facility") else ("facility", "booked_in_on")
        errors.append(f"{FIELDS[missing][0]}: needed with {str(FIELDS[given][0]).lower()}")
    if errors:
        raise RowRejected(errors)
    return row


def _date_order(row: Row) -> list[str]:
    """Impossible dates: what the services would refuse later, said about the row's own columns."""
    errors, today = [], timezone.localdate()
    born = row.person.get("date_of_birth")
    for name, value in (("date_of_birth", born), ("last_arrival_date", row.person.get("last_arrival_date")),
                        ("booked_in_on", row.booked_in_on), ("released_on", row.released_on)):  # fmt: skip
        if value and value > today:
            errors.append(f"{FIELDS[name][0]}: in the future")
        elif value and born and name != "date_of_birth" and value < born:
            errors.append(f"{FIELDS[name][0]}: before the date of birth")
    if row.released_on and row.booked_in_on and row.released_on < row.booked_in_on:
        errors.append(f"{FIELDS['released_on'][0]}: before the booking-in")
    if row.release_reason == Custody.ReleaseReason.TRANSFERRED:
        errors.append(f"{FIELDS['release_reason'][0]}: a transfer is recorded by the row of the next stay")
    return errors


def _same_name(person: Person, row: Row) -> bool:
    theirs = set(person.search_key.split())
    for names in ((row.person["family_name"], row.person["given_names"]), (row.person["native_name"],)):
        tokens = set(name_tokens(" ".join(names)))
        if tokens and (tokens <= theirs or theirs <= tokens):
            return True
    return False


def _find_person(organization: Organization, row: Row) -> Person | None:
    a_number = row.person["a_number"]
    if a_number:
        person = Person.objects.filter(organization=organization, a_number=a_number).first()
        if person is not None:
            if not _same_name(person, row):
                raise RowRejected([f"the A-number is already recorded for person #{person.pk} under another name"])
            return person
    born = row.person["date_of_birth"]
    if born:
        for person in Person.objects.filter(organization=organization, date_of_birth=born):
            if _same_name(person, row):
                if a_number and person.a_number and person.a_number != a_number:
                    raise RowRejected(
                        [f"same name and date of birth as person #{person.pk}, but another A-number: check it"]
                    )
                return person
    return None


def _fill_person(person: Person, row: Row, by: User | None) -> tuple[list[str], list[str]]:
    """Fill the person's blank fields from the row; report (never overwrite) the ones that differ."""
    filled, differ = {}, []
    for name, value in row.person.items():
        if value in ("", None) or name in ("family_name", "given_names"):
            continue
        current = getattr(person, name)
        if current in ("", None):
            filled[name] = value
        elif current != value:
            differ.append(name)
    if filled:
        person_update(person=person, version=person.version, by=by, **filled)
    return sorted(filled), sorted(differ)


def _case_for(person: Person, row: Row, by: User | None, new: bool) -> tuple[Case, bool]:
    case = None if new else person.cases.order_by("opened_on", "pk").first()
    if case is not None:
        return case, False
    fields = {k: v for k, v in row.case.items() if v not in (None, "")}
    opened = fields.pop("opened_on", None) or row.booked_in_on or timezone.localdate()
    return case_open(person=person, by=by, opened_on=opened, **fields), True


def _custody(person: Person, row: Row, by: User | None, new: bool) -> str:
    """Record the row's stay unless it is there already; '' when nothing was written."""
    from detentions.services import custody_book_in, custody_release, custody_transfer

    if row.facility is None:
        return ""
    stays = [] if new else list(Custody.objects.filter(person=person))
    same = next((s for s in stays if s.facility_id == row.facility.pk and s.booked_in_on == row.booked_in_on), None)
    if same is not None:
        if same.is_open and row.released_on:
            custody_release(person=person, on=row.released_on, reason=row.release_reason or "other", by=by)
            return "release"
        return ""
    current = next((s for s in stays if s.is_open), None)
    if current and row.booked_in_on > current.booked_in_on and not row.released_on:
        custody_transfer(person=person, to_facility=row.facility, on=row.booked_in_on, by=by)
        return "transfer"
    custody_book_in(person=person, facility=row.facility, on=row.booked_in_on, by=by)
    if row.released_on:
        custody_release(person=person, on=row.released_on, reason=row.release_reason or "other", by=by)
    return "stay"


def _write(organization: Organization, row: Row, by: User | None) -> tuple[str, str, Case]:
    person = _find_person(organization, row)
    written, notes = [], []
    if person is None:
        fields = {k: v for k, v in row.person.items() if v not in ("", None)}
        person = person_create(organization=organization, by=by, **fields)
        new = True
    else:
        new = False
        filled, differ = _fill_person(person, row, by)
        written += [f"added {', '.join(str(FIELDS[f][0]).lower() for f in filled)}"] if filled else []
        notes += [f"kept the recorded {', '.join(str(FIELDS[f][0]).lower() for f in differ)}"] if differ else []
    case, opened = _case_for(person, row, by, new)
    written += ["opened a case"] if opened and not new else []
    custody = _custody(person, row, by, new)
    written += [{"stay": "recorded a stay", "transfer": "recorded a transfer", "release": "recorded the release"}[custody]] if custody else []  # noqa: E501
    if row.notes and (opened or not case.notes.filter(body=row.notes).exists()):
        note_add(case=case, by=by, body=row.notes)
        written += [] if new else ["added a note"]
    if new:
        return IMPORTED, "; ".join(notes), case
    return (MERGED if written else UNCHANGED), "; ".join(written + notes), case


def _row_cells(cells: list[Any], mapping: dict[int, str]) -> dict[str, Any]:
    return {name: cells[index] if index < len(cells) else None for index, name in mapping.items()}


def _values_of(headers: list[str], cells: list[Any]) -> dict[str, str]:
    return {header or f"column {i + 1}": cell_text(cells[i]) if i < len(cells) else "" for i, header in enumerate(headers)}


def _one_row(number: int, cells: list[Any], ctx: _Context) -> RowResult:
    if all(cell_text(c) == "" for c in cells):
        return RowResult(number, SKIPPED, "blank line")
    try:
        row = _parse_cells(_row_cells(cells, ctx.mapping), ctx.lookups, ctx.labels)
        a_number = row.person["a_number"]
        earlier = ctx.seen.get(a_number) if a_number else None
        with transaction.atomic():
            outcome, reason, case = _write(ctx.organization, row, ctx.by)
        if a_number:
            ctx.seen.setdefault(a_number, number)
        if earlier:
            reason = "; ".join(filter(None, [f"same A-number as row {earlier}", reason or "nothing new"]))
        return RowResult(number, outcome, reason, "cases.case", None if ctx.dry_run else case.pk, case.reference)
    except RowRejected as exc:
        return RowResult(number, REJECTED, "; ".join(exc.reasons), values=_values_of(ctx.headers, cells))
    except ValidationError as exc:
        reasons = [f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in _messages(exc).items()]
        return RowResult(number, REJECTED, "; ".join(reasons), values=_values_of(ctx.headers, cells))


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


@dataclass
class _Context:
    organization: Organization
    by: User | None
    mapping: dict[int, str]
    headers: list[str]
    labels: dict[str, str]
    lookups: Lookups
    dry_run: bool
    seen: dict[str, int] = field(default_factory=dict)


class _DryRun(Exception):
    pass


def import_sheet(
    *,
    sheet: Sheet,
    mapping: dict[int, str],
    organization: Organization,
    by: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every row of the sheet (or, dry run, say what each row would do and write nothing)."""
    labels = {name: f"{sheet.headers[i] or f'column {i + 1}'}" for i, name in mapping.items()}
    ctx = _Context(organization, by, mapping, sheet.headers, labels, Lookups(), dry_run)
    report = ImportReport(source="spreadsheet")
    total = len(sheet.rows)
    with alerts_suppressed():
        if dry_run:
            # The whole file in one transaction, rolled back: outcomes exactly as the import will have them.
            try:
                with transaction.atomic():
                    _run_batches(sheet, ctx, report, progress, total)
                    raise _DryRun
            except _DryRun:
                pass
        else:
            _run_batches(sheet, ctx, report, progress, total)
    return report


def _run_batches(sheet: Sheet, ctx: _Context, report: ImportReport, progress: Progress | None, total: int) -> None:
    for start in range(0, total, BATCH_ROWS):
        with transaction.atomic():
            for number, cells in sheet.rows[start : start + BATCH_ROWS]:
                report.add(_one_row(number, cells, ctx))
        if progress:
            progress(min(start + BATCH_ROWS, total), total)
