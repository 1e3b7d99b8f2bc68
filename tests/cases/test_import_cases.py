"""Spreadsheet import: a messy hand-made sheet (XLSX and CSV) with the exact outcome of every row."""

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from casetracker.models import AuditEntry
from cases.importers.columns import apply_overrides, detect_mapping
from cases.importers.reader import SheetError, read_sheet
from cases.importers.services import import_cases_file
from cases.importers.values import CellError, parse_date
from cases.models import Case, Note, Person
from cases.reference import load_countries
from detentions.models import Custody
from detentions.reference import load_facilities

HEADERS = ["ФИО", "A#", "Дата рождения", "Пол", "Citizenship", "Detention facility", "Detained since",
           "Released", "Release reason", "Notes"]  # fmt: skip
# (row in the file, cells, outcome, reason). Row 1 is the header.
MESSY = [
    (2, ["Вовченко Андрей Иванович", "A-123-456-789", "1990-03-05", "M", "Russia", "ADAMSMS", "2024-01-10", "", "", "Called from Natchez"],
     "imported", ""),
    (3, ["Ivan Petrov", "A 098 765 432", "3/5/1985", "m", "RU", "Stewart Detention Center", "12.01.2024", "", "", ""],
     "imported", ""),
    (4, ["", "", "", "", "", "", "", "", "", ""], "skipped", "blank line"),
    (5, ["Смирнова Ольга", "098-765-431", 33000, "Ж", "Россия", "KRO", datetime(2024, 2, 1), "2024-06-01", "bond", ""],
     "imported", ""),
    (6, ["Вовченко Андрей", "123456789", "05.03.1990", "", "", "STWRTGA", "2024-04-02", "", "", ""],
     "merged", "same A-number as row 2; recorded a transfer; kept the recorded name in native script"),
    (7, ["Сидоров Павел", "A-111-222-333", "1988-07-07", "M", "Russia", "Adams County Detention Centre", "2024-03-01", "", "", ""],
     "rejected", "Detention facility: unknown facility 'Adams County Detention Centre'; "
                 "did you mean Adams County Detention Center (ADAMSMS) or Glades County Detention Center (GLADEFL)"),
    (8, ["Кузнецов Дмитрий", "=A2+1", "1991-01-01", "M", "Russia", "", "", "", "", ""],
     "rejected", "A#: a formula (=A2+1), not a value: paste the value instead"),
    (9, [None] * 10, "skipped", "blank line"),
    (10, ["Попов Сергей", "12345", "1992-02-02", "M", "Russia", "", "", "", "", ""],
     "rejected", "A#: An A-number has 7 to 9 digits; this one has 5."),
    (11, ["Лебедев Олег", "A-222-333-444", "30.02.1991", "M", "Russia", "", "", "", "", ""],
     "rejected", "Дата рождения: this day.month.year date: there is no such day"),
    (12, ["Вовченко Андрей Иванович", "a-123.456.789", "1990-03-05", "M", "Russia", "ADAMSMS", "2024-01-10", "", "", "Called from Natchez"],
     "unchanged", "same A-number as row 2; nothing new"),
    (13, ["Петров Иван", "", "1985-03-05", "", "", "", "", "", "", ""],
     "merged", "added name in native script"),
    (14, ["Орлов Игорь", "A-333-444-555", "13/25/1990", "M", "Russia", "", "", "", "", ""],
     "rejected", "Дата рождения: month above 12: write US dates as month/day/year, or use day.month.year"),
]  # fmt: skip
EXPECTED = {row: (outcome, reason) for row, _cells, outcome, reason in MESSY}


@pytest.fixture
def reference(db):
    load_countries()
    load_facilities(Path(settings.BASE_DIR) / "data" / "reference")


def messy_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for _row, cells, _outcome, _reason in MESSY:
        sheet.append([c if c != "" else None for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def messy_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for _row, cells, _outcome, _reason in MESSY:
        writer.writerow(["" if c is None else f"{c:%Y-%m-%d}" if isinstance(c, datetime) else c for c in cells])
    return buffer.getvalue().encode("utf-8-sig")


def outcomes(report) -> dict[int, tuple[str, str]]:
    return {r.row: (r.outcome, r.reason) for r in report.rows}


@pytest.mark.parametrize("make", [messy_xlsx, messy_csv], ids=["xlsx", "csv"])
def test_messy_sheet_every_row_has_its_exact_outcome(reference, home, coordinator, make):
    _sheet, mapping, report = import_cases_file(make(), organization=home, by=coordinator)
    assert sorted(mapping.values()) == sorted(
        ["full_name", "a_number", "date_of_birth", "sex", "citizenship", "facility", "booked_in_on",
         "released_on", "release_reason", "notes"]
    )  # fmt: skip
    assert outcomes(report) == EXPECTED
    assert report.total == len(MESSY)
    people = Person.objects.filter(organization=home)
    assert people.count() == 3
    andrei = people.get(a_number="123456789")
    assert (andrei.family_name, andrei.given_names, andrei.native_name) == (
        "Vovchenko", "Andrei Ivanovich", "Вовченко Андрей Иванович"
    )
    assert (andrei.date_of_birth, andrei.sex, andrei.citizenship_id) == (date(1990, 3, 5), "M", "RU")
    assert [(s.facility.code, s.booked_in_on, s.released_on, s.release_reason) for s in andrei.custody_stays.all()] == [
        ("ADAMSMS", date(2024, 1, 10), date(2024, 4, 2), "transferred"),
        ("STWRTGA", date(2024, 4, 2), None, ""),
    ]
    assert Note.objects.filter(case__person=andrei).count() == 1
    ivan = people.get(a_number="098765432")
    assert (ivan.family_name, ivan.given_names, ivan.native_name, ivan.date_of_birth) == (
        "Petrov", "Ivan", "Петров Иван", date(1985, 3, 5)
    )
    assert ivan.custody_stays.get().booked_in_on == date(2024, 1, 12)
    olga = people.get(a_number="098765431")
    assert (olga.sex, olga.date_of_birth, olga.citizenship_id) == ("F", date(1990, 5, 7), "RU")
    stay = olga.custody_stays.get()
    assert (stay.facility.code, stay.booked_in_on, stay.released_on, stay.release_reason) == (
        "KRO", date(2024, 2, 1), date(2024, 6, 1), "bond"
    )
    assert Case.objects.filter(organization=home).count() == 3
    case = Case.objects.get(person=andrei)
    assert (case.reference, case.opened_on) == ("HOME-2024-0001", date(2024, 1, 10))
    assert next(r for r in report.rows if r.row == 2).object_id == case.pk
    rejected = [r for r in report.rows if r.outcome == "rejected"]
    assert rejected[0].values["ФИО"] == "Сидоров Павел"


def test_second_run_changes_nothing(reference, home, coordinator):
    import_cases_file(messy_xlsx(), organization=home, by=coordinator)
    counts = (Person.objects.count(), Case.objects.count(), Custody.objects.count(), Note.objects.count())
    _sheet, _mapping, again = import_cases_file(messy_xlsx(), organization=home, by=coordinator)
    assert again.counts["imported"] == again.counts["merged"] == 0
    assert again.counts["unchanged"] == 6 and again.counts["rejected"] == 5 and again.counts["skipped"] == 2
    assert (Person.objects.count(), Case.objects.count(), Custody.objects.count(), Note.objects.count()) == counts


def test_dry_run_reports_the_same_and_writes_nothing(reference, home, coordinator):
    _sheet, _mapping, report = import_cases_file(messy_csv(), organization=home, by=coordinator, dry_run=True)
    assert outcomes(report) == EXPECTED
    assert all(r.object_id is None for r in report.rows)
    assert next(r for r in report.rows if r.row == 2).label == "HOME-2024-0001"
    assert not Person.objects.exists() and not Case.objects.exists() and not Custody.objects.exists()
    entry = AuditEntry.objects.get(action="import")
    assert entry.details["dry_run"] is True and entry.details["rejected"] == 5
    assert "Вовченко" not in str(entry.details)


def test_a_person_already_in_the_database_is_merged_not_duplicated(reference, home, coordinator):
    from cases.services import person_create

    person_create(organization=home, by=None, family_name="Vovchenko", given_names="Andrei", a_number="A123456789")
    _sheet, _mapping, report = import_cases_file(messy_xlsx(), organization=home, by=coordinator)
    assert report.outcome_of(2).outcome == "merged"
    assert report.outcome_of(2).reason == (
        "added citizenship, date of birth, name in native script, sex; opened a case; recorded a stay; added a note"
    )
    assert Person.objects.filter(organization=home, a_number="123456789").count() == 1


def test_same_a_number_under_another_name_is_rejected(reference, home, coordinator):
    from cases.services import person_create

    other = person_create(organization=home, by=None, family_name="Someone", given_names="Else", a_number="123456789")
    _sheet, _mapping, report = import_cases_file(messy_xlsx(), organization=home, by=coordinator)
    assert report.outcome_of(2).reason == f"the A-number is already recorded for person #{other.pk} under another name"


def test_outsider_organization_people_are_not_matched(reference, home, other, coordinator):
    from cases.services import person_create

    person_create(organization=other, by=None, family_name="Vovchenko", given_names="Andrei", a_number="123456789")
    _sheet, _mapping, report = import_cases_file(messy_xlsx(), organization=home, by=coordinator)
    assert report.outcome_of(2).outcome == "imported"


def test_advocates_and_outsiders_may_not_import(reference, home, advocate, outsider):
    for user in (advocate, outsider):
        with pytest.raises(PermissionDenied):
            import_cases_file(messy_csv(), organization=home, by=user)
    assert not Person.objects.exists()


def test_english_headers_with_separate_name_columns_and_overrides(reference, home, coordinator):
    data = "Last name;First name;Patronymic;Native name;A-Number;DOB;Facility;Book-in date;Court\n"
    data += "Ivanova;Maria;Petrovna;Иванова Мария Петровна;A012345678;1999-09-09;KRO;2025-01-02;\n"
    sheet = read_sheet(data.encode())
    mapping = detect_mapping(sheet.headers)
    assert [mapping.get(i) for i in range(len(sheet.headers))] == [
        "family_name", "given_names", "middle_name", "native_name", "a_number", "date_of_birth", "facility",
        "booked_in_on", "court",
    ]  # fmt: skip
    assert apply_overrides(sheet.headers, mapping, {"Court": "", "3": "ignore"}).get(8) is None
    _sheet, _mapping, report = import_cases_file(data.encode(), organization=home, by=coordinator)
    assert report.outcome_of(2).outcome == "imported"
    maria = Person.objects.get(a_number="012345678")
    assert (maria.family_name, maria.given_names, maria.native_name) == ("Ivanova", "Maria Petrovna", "Иванова Мария Петровна")


@pytest.mark.parametrize(
    "value,expected",
    [("2024-03-05", date(2024, 3, 5)), ("3/5/2024", date(2024, 3, 5)), ("05.03.2024", date(2024, 3, 5)),
     ("5.3.24", date(2024, 3, 5)), (45356, date(2024, 3, 5)), ("45356", date(2024, 3, 5)),
     (datetime(2024, 3, 5, 0, 0), date(2024, 3, 5)), ("", None)],
)  # fmt: skip
def test_dates_in_the_formats_people_type(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2024-02-30", "13/05/2024", "yesterday", 12, "5th of May"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(CellError):
        parse_date(value)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    with pytest.raises(SheetError):
        read_sheet(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetError):
        read_sheet(b"")


def test_command_dry_run_then_import(reference, home, coordinator, tmp_path, capsys):
    path = tmp_path / "messy.xlsx"
    path.write_bytes(messy_xlsx())
    call_command("import_cases", str(path), "--organization", "home", "--user", coordinator.email, "--dry-run")
    out = capsys.readouterr().out
    assert "DRY RUN, nothing written. messy.xlsx: 13 rows: 3 imported, 2 merged, 1 unchanged, 2 skipped, 5 rejected" in out
    assert "row 7: rejected: Detention facility: unknown facility" in out
    assert not Person.objects.exists()
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"Notes": ""}')
    call_command("import_cases", str(path), "-o", "home", "--mapping", str(mapping))
    assert Person.objects.count() == 3 and not Note.objects.exists()
    with pytest.raises(CommandError, match="unknown target field"):
        call_command("import_cases", str(path), "-o", "home", "--map", "Notes=diary")


def test_an_overlapping_stay_rejects_only_its_row(reference, home, coordinator):
    data = (
        "Family name,Given names,A-number,Facility,Detained since,Released,Release reason\n"
        "Orlova,Anna,A-444-555-666,KRO,2024-01-01,2024-05-01,parole\n"
        "Orlova,Anna,A-444-555-666,STWRTGA,2024-03-01,2024-04-01,bond\n"
        "Orlova,Anna,A-444-555-666,ADAMSMS,2024-06-01,,\n"
    )
    _sheet, _mapping, report = import_cases_file(data.encode(), organization=home, by=coordinator)
    assert [r.outcome for r in report.rows] == ["imported", "rejected", "merged"]
    assert "overlaps the stay at Krome North Service Processing Center" in report.outcome_of(3).reason
    anna = Person.objects.get(a_number="444555666")
    assert [(s.facility.code, s.released_on) for s in anna.custody_stays.all()] == [
        ("KRO", date(2024, 5, 1)), ("ADAMSMS", None)
    ]
