"""Public data in: every row of every public file imported, merged or rejected with a reason."""

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from cases.importers.report import IMPORTED, MERGED, REJECTED, SKIPPED, UNCHANGED
from cases.reference import load_countries
from detentions.importers import (
    ICE_AIR_SOURCE,
    import_facility_file,
    import_ice_air,
    import_ice_air_airports,
)
from detentions.models import Airport, Facility, Flight, FlightLeg
from detentions.reference import load_airports, load_facilities

PUBLIC = Path(settings.BASE_DIR) / "data" / "public"
REFERENCE = Path(settings.BASE_DIR) / "data" / "reference"


@pytest.fixture
def airports(db):
    load_countries()
    load_airports()


def data_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def write_legs(tmp_path, rows):
    path = tmp_path / "legs.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "MissionDate", "R-T", "PULOC", "DropLoc", "AlienMasterID"])
        writer.writerows(rows)
    return path


def test_ice_air_rows_each_get_an_outcome(airports, tmp_path):
    path = write_legs(
        tmp_path,
        [
            ["0", "2019-05-02", "R", "KAEX", "HECA", "97"],  # removal Alexandria → Cairo
            ["1", "2019-05-02", "T", "KAEX", "KELP", "12"],
            ["", "", "", "", "", ""],
            ["2", "2019-05-03", "No-show", "KBRO", "KMDT", "1"],
            ["3", "2019-05-03", "T", "KIWA", "KIWA", "5"],
            ["4", "2019-05-03", "R", "KIWA", "OPRN", "40"],  # old Islamabad airport code
            ["5", "2019-05-02", "R", "KAEX", "HECA", "97"],  # the first row again
            ["6", "2019-05-04", "R", "KAEX", "ZZZZ", "3"],
            ["7", "05/04/2019", "R", "KAEX", "HECA", "3"],
        ],
    )
    report = import_ice_air(path, keep=[IMPORTED, MERGED, UNCHANGED, SKIPPED, REJECTED])
    outcomes = {r.row: (r.outcome, r.reason) for r in report.rows}
    assert outcomes[2][0] == outcomes[3][0] == outcomes[7][0] == IMPORTED
    assert outcomes[4] == (SKIPPED, "blank line")
    assert outcomes[5] == (REJECTED, "not a flight: ARTS status 'No-show' (expected R or T)")
    assert outcomes[6] == (REJECTED, "pick-up and drop-off at the same airport (KIWA): not a leg")
    assert outcomes[8][0] == REJECTED and "appears earlier in the file" in outcomes[8][1]
    assert outcomes[9] == (REJECTED, "unknown airport ICAO code 'ZZZZ'")
    assert outcomes[10] == (REJECTED, "mission date '05/04/2019' is not a date")
    removal = Flight.objects.get(source_key="2019-05-02/R/KAEX-HECA")
    assert (removal.kind, removal.reported_passenger_count, removal.destination_country_id) == ("removal", 97, "EG")
    assert [(leg.origin.iata, leg.destination.iata, leg.passenger_count) for leg in removal.legs.all()] == [
        ("AEX", "CAI", 97)
    ]
    assert Flight.objects.get(source_key="2019-05-02/T/KAEX-KELP").destination_country_id is None
    assert Flight.objects.get(source_key="2019-05-03/R/KIWA-OPRN").legs.get().destination.iata == "ISB"


def test_ice_air_second_run_changes_nothing_and_a_corrected_count_merges(airports, tmp_path):
    rows = [["0", "2019-05-02", "R", "KAEX", "HECA", "97"], ["1", "2019-05-02", "T", "KAEX", "KELP", "12"]]
    import_ice_air(write_legs(tmp_path, rows))
    again = import_ice_air(write_legs(tmp_path, rows))
    assert dict(again.counts) == {UNCHANGED: 2}
    rows[1][5] = "14"
    corrected = import_ice_air(write_legs(tmp_path, rows))
    assert dict(corrected.counts) == {UNCHANGED: 1, MERGED: 1}
    flight = Flight.objects.get(source_key="2019-05-02/T/KAEX-KELP")
    assert (flight.reported_passenger_count, flight.legs.get().passenger_count) == (14, 14)
    assert Flight.objects.count() == FlightLeg.objects.count() == 2


def test_ice_air_whole_file_twice(airports):
    path = PUBLIC / "ice-air-legs-2010-2018.csv"
    report = import_ice_air(path)
    assert report.total == data_rows(path) == 42982
    assert dict(report.counts) == {IMPORTED: 42740, REJECTED: 242}
    assert all(r.reason for r in report.rows)
    assert Flight.objects.filter(source=ICE_AIR_SOURCE).count() == FlightLeg.objects.count() == 42740
    assert Flight.objects.filter(kind=Flight.Kind.REMOVAL).count() > 20000
    flights_before, airports_before = Flight.objects.count(), Airport.objects.count()
    again = import_ice_air(path)
    assert dict(again.counts) == {UNCHANGED: 42740, REJECTED: 242}
    assert (Flight.objects.count(), Airport.objects.count()) == (flights_before, airports_before)


def test_ice_air_airports_every_code_resolves(airports):
    report = import_ice_air_airports(PUBLIC / "ice-air-airports.yaml")
    assert report.total == 234
    assert report.counts[REJECTED] == 0
    assert import_ice_air_airports(PUBLIC / "ice-air-airports.yaml").counts[MERGED] == 0


@pytest.fixture
def facilities(db):
    load_facilities(REFERENCE)


def test_facility_files_all_rows_accounted_for_and_second_run_changes_nothing(facilities):
    files = [
        REFERENCE / "uwchr-facilities.psv",
        PUBLIC / "ice-facility-list-2017-11-06.xlsx",
        PUBLIC / "ice-fy21-detention-stats.xlsx",
        PUBLIC / "ice-areas-of-responsibility.csv",
    ]
    first = {f.name: import_facility_file(f) for f in files}
    assert {name: r.total for name, r in first.items()} == {
        "uwchr-facilities.psv": 1532,
        "ice-facility-list-2017-11-06.xlsx": 1685,
        "ice-fy21-detention-stats.xlsx": 148,
        "ice-areas-of-responsibility.csv": 426,
    }
    for report in first.values():
        assert all(r.reason for r in report.rows if r.outcome in (REJECTED, SKIPPED))
    assert dict(first["uwchr-facilities.psv"].counts) == {UNCHANGED: 1532}
    # The 2017 list is the raw list UWCHR cleaned: the same facilities, and ICE's redacted rows.
    assert dict(first["ice-facility-list-2017-11-06.xlsx"].counts) == {UNCHANGED: 1478, REJECTED: 207}
    fy21 = first["ice-fy21-detention-stats.xlsx"].counts
    assert (fy21[IMPORTED], fy21[REJECTED]) == (15, 2) and fy21[MERGED] > 0
    facilities_after = Facility.objects.count()
    snapshot = list(Facility.objects.order_by("pk").values())
    second = {f.name: import_facility_file(f) for f in files}
    assert all(not r.changed for r in second.values())
    assert Facility.objects.count() == facilities_after == 1532 + 15
    assert list(Facility.objects.order_by("pk").values()) == snapshot


def test_newest_facility_data_wins_and_older_only_fills_blanks(facilities, tmp_path):
    stewart = Facility.objects.get(code="STWRTGA")
    stewart.address, stewart.capacity = "Old Road 1", None
    stewart.save()
    report = import_facility_file(PUBLIC / "ice-fy21-detention-stats.xlsx")
    stewart.refresh_from_db()
    assert stewart.address == "146 CCA Road" and stewart.source == "ICE FY21 detention statistics"
    row = next(r for r in report.rows if r.label == "STWRTGA")
    assert row.outcome == MERGED and "address" in row.reason
    Facility.objects.filter(pk=stewart.pk).update(address="9 New Street")  # as if FY21 had said so
    older = import_facility_file(PUBLIC / "ice-facility-list-2017-11-06.xlsx")
    stewart.refresh_from_db()
    assert (stewart.address, stewart.capacity) == ("9 New Street", 1966)  # older: kept; blank: filled
    row = next(r for r in older.rows if r.label == "STWRTGA")
    assert row.reason == "updated capacity; address: kept '9 New Street', file says '146 CCA Road'"


def test_unknown_field_office_is_rejected_with_its_name(facilities, tmp_path):
    path = tmp_path / "ice-areas-of-responsibility.csv"
    path.write_text('"office_name", "state_name", "county_name", "notes"\n"Atlantis", "Georgia", "", ""\n\n"Atlanta", "Narnia", "", ""\n')
    report = import_facility_file(path)
    assert [(r.row, r.outcome, r.reason) for r in report.rows] == [
        (2, REJECTED, "unknown ICE field office 'Atlantis'"),
        (3, REJECTED, "'Narnia' is not a US state or territory"),
    ]


def test_import_commands_print_the_counts(airports, facilities, tmp_path, capsys):
    path = write_legs(tmp_path, [["0", "2019-05-02", "R", "KAEX", "HECA", "97"]])
    call_command("import_ice_air", str(path))
    call_command("import_facilities", str(PUBLIC / "ice-areas-of-responsibility.csv"))
    out = capsys.readouterr().out
    assert "legs.csv: 1 rows: 1 imported" in out
    assert "ice-areas-of-responsibility.csv: 426 rows" in out
