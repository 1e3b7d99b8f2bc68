"""Public code tables: every row of EOIR's lookup tables and ICE's ARTS status codes accounted for."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from casetracker.models import AuditEntry
from cases.importers.codes import describe, import_arts_status_codes, import_code_file, import_eoir_codes
from cases.importers.report import IMPORTED, MERGED, REJECTED, SKIPPED, UNCHANGED
from cases.models import ReferenceCode

PUBLIC = Path(settings.BASE_DIR) / "data" / "public"
EOIR = PUBLIC / "eoir-lookup-tables.csv"
ARTS = PUBLIC / "arts-status-codes.csv"
EOIR_HEADER = ["value", "description", "name", "table", "strcode", "strdescription"]


def data_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def write_eoir(tmp_path, rows) -> Path:
    path = tmp_path / "lookup.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EOIR_HEADER)
        writer.writerows([[*row, "NA", "NA"] for row in rows])
    return path


def test_the_shipped_files_are_the_shared_data_unchanged():
    shared = Path(settings.BASE_DIR).parent / "shared" / "data"
    if not shared.is_dir():
        pytest.skip("no shared data folder beside this checkout")
    assert EOIR.read_bytes() == (shared / "codes" / "eoir-lookup-tables.csv").read_bytes()
    assert ARTS.read_bytes() == (shared / "flights" / "arts-status-codes.csv").read_bytes()


@pytest.mark.django_db
def test_eoir_every_row_accounted_for_and_a_second_run_changes_nothing():
    first = import_eoir_codes(EOIR)
    assert first.total == data_rows(EOIR) == 27779
    assert dict(first.counts) == {IMPORTED: 20970, SKIPPED: 6764, REJECTED: 45}
    assert ReferenceCode.objects.filter(source="eoir").count() == 20970
    assert all(r.reason for r in first.rows if r.outcome in (SKIPPED, REJECTED))
    assert all(r.values for r in first.rows if r.outcome == REJECTED)
    snapshot = list(ReferenceCode.objects.order_by("pk").values())

    second = import_eoir_codes(EOIR)
    assert not second.changed
    assert dict(second.counts) == {UNCHANGED: 20970, SKIPPED: 6764, REJECTED: 45}
    assert list(ReferenceCode.objects.order_by("pk").values()) == snapshot


@pytest.mark.django_db
def test_eoir_codes_read_as_eoir_means_them():
    import_eoir_codes(EOIR)
    assert describe("eoir", "dec_code", "5") == "GRANTED"
    assert describe("eoir", "lang", "RUS") == "RUSSIAN"
    assert describe("eoir", "nat", "NA") == "NETHERLANDS ANTILLES"  # "NA" is a real code
    # EOIR pads descriptions to the column width; they are stored tidy.
    assert describe("eoir", "inmate", "AIK") == "AIKEN CORRECTIONAL CENTER"
    # One decision code, two meanings (EOIR's table was keyed by case type too): both kept.
    assert describe("eoir", "court_decision", "C") == "Change of Venue / Conditional Grant"
    # A base city lists each of its judges.
    assert ReferenceCode.objects.filter(group="judge_city", code="ELP").count() > 5
    assert describe("eoir", "nat", "ZZZ") == ""


def test_eoir_mess_gets_one_outcome_per_row_with_its_reason(db, tmp_path):
    path = write_eoir(tmp_path, [
        ["RS", "SERBIA", "nat", "inputs/Lookup/tblLookupAlienNat.csv"],              # 2 imported
        ["RS", "SERBIA  ", "nat", "inputs/Lookup/tblLookupAlienNat.csv"],            # 3 repeat of 2
        ["NA", "NETHERLANDS ANTILLES", "nat", "inputs/Lookup/tblLookupAlienNat.csv"],  # 4 imported
        ["\n", "NA", "court_decision", "inputs/Lookup/tblLookupCourtDecision.csv"],  # 5 nothing there
        ["NA", "NA", "court_decision", "inputs/Lookup/tblLookupCourtDecision.csv"],  # 6 R's NA twice
        ["0", "2002-11-30 00:00:00.000", "court_decision", "inputs/Lookup/tblLookupCourtDecision.csv"],  # 7
        ["", "Orphan text", "nat", "inputs/Lookup/tblLookupAlienNat.csv"],            # 8 no code
        ["212a11", "NA", "charges", "inputs/Lookup/tbllookupCharges.csv"],            # 9 code, no text
        ["X" * 40, "Too long a code", "nat", "inputs/Lookup/tblLookupAlienNat.csv"],  # 10
        ["AB", "ARUBA", "", ""],                                                       # 11 no table
    ])  # fmt: skip
    report = import_eoir_codes(path)
    outcomes = {row: (r.outcome, r.reason) for row in range(2, 12) if (r := report.outcome_of(row))}
    assert report.total == 10
    assert outcomes[3] == (SKIPPED, "repeats row 2 (same table, code and description)")
    assert outcomes[5][0] == SKIPPED and outcomes[6][0] == SKIPPED and "missing value" in outcomes[6][1]
    assert outcomes[7][0] == REJECTED and "timestamp" in outcomes[7][1]
    assert outcomes[8] == (REJECTED, "a description without its code in tblLookupAlienNat")
    assert outcomes[10][0] == REJECTED and "longer than a code" in outcomes[10][1]
    assert outcomes[11] == (REJECTED, "the row names no source table")
    assert report.counts[IMPORTED] == 3 and 2 not in outcomes and 4 not in outcomes and 9 not in outcomes
    stored = set(ReferenceCode.objects.values_list("table", "group", "code", "description"))
    assert stored == {
        ("tblLookupAlienNat", "nat", "RS", "SERBIA"),
        ("tblLookupAlienNat", "nat", "NA", "NETHERLANDS ANTILLES"),
        ("tbllookupCharges", "charges", "212a11", ""),
    }


@pytest.mark.django_db
def test_arts_status_codes_load_and_a_changed_wording_updates_in_place(tmp_path):
    first = import_arts_status_codes(ARTS)
    assert first.total == data_rows(ARTS) == 29 and dict(first.counts) == {IMPORTED: 29}
    final = ReferenceCode.objects.get(source="arts", code="8C")
    assert final.description == "Excludable/Inadmissible – Administrative Final Order Issued."
    assert final.cited == "Kerwin et al., 2015" and "final order" in final.note
    assert dict(import_arts_status_codes(ARTS).counts) == {UNCHANGED: 29}

    newer = tmp_path / "status.csv"
    newer.write_text(
        '"Code","Status","Note","Source"\n'
        '"8C","Inadmissible – Final Order","Reworded.","ICE ERO"\n'
        '"8C","Duplicate","","ICE ERO"\n'
        '"","","",""\n'
        '"99","","",""\n',
        encoding="utf-8",
    )
    report = import_arts_status_codes(newer)
    assert report.outcome_of(2).outcome == MERGED and report.outcome_of(2).reason == "description, note, cited updated"
    assert report.outcome_of(3).outcome == REJECTED and "first at row 2" in report.outcome_of(3).reason
    assert report.outcome_of(4).outcome == SKIPPED
    assert report.outcome_of(5).outcome == REJECTED
    assert ReferenceCode.objects.filter(source="arts").count() == 29
    assert ReferenceCode.objects.get(source="arts", code="8C").description == "Inadmissible – Final Order"


def test_a_file_of_another_kind_is_refused_by_name(db, tmp_path):
    other = tmp_path / "people.csv"
    other.write_text("full_name,a_number\nA Person,123456789\n", encoding="utf-8")
    with pytest.raises(ValueError, match="people.csv: not a known code table"):
        import_code_file(other)
    with pytest.raises(CommandError, match="not a known code table"):
        call_command("import_codes", str(other), stdout=StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_codes", str(tmp_path / "missing.csv"), stdout=StringIO())
    assert not ReferenceCode.objects.exists()


def test_command_prints_counts_and_rejected_rows_and_is_audited(db):
    out = StringIO()
    call_command("import_codes", str(EOIR), str(ARTS), "--show", "2", stdout=out)
    text = out.getvalue()
    assert "eoir-lookup-tables.csv: 27779 rows: 20970 imported, 6764 skipped, 45 rejected" in text
    assert "arts-status-codes.csv: 29 rows: 29 imported" in text
    assert "... and 43 more rejected rows" in text
    assert AuditEntry.objects.filter(action="import", details__kind="codes").count() == 2


def test_codes_are_read_through_the_api_and_never_written(db, advocate):
    import_arts_status_codes(ARTS)
    client = APIClient()
    client.force_authenticate(advocate)
    listed = client.get("/api/v1/codes/", {"source": "arts", "code": "8C"})
    assert listed.status_code == 200
    assert [(r["code"], r["group"]) for r in listed.json()["results"]] == [("8C", "status")]
    found = client.get("/api/v1/codes/", {"search": "Expedited Removal"}).json()
    assert {r["code"] for r in found["results"]} == {"8F", "8G", "8H", "8I"}
    pk = listed.json()["results"][0]["id"]
    assert client.post("/api/v1/codes/", {"code": "X"}, format="json").status_code == 405
    assert client.patch(f"/api/v1/codes/{pk}/", {"description": "X"}, format="json").status_code == 405
    assert client.get("/api/v1/codes/", {"source": "nope"}).status_code == 400


def test_codes_are_browsed_in_the_admin_without_a_save_button(client, advocate):
    import_arts_status_codes(ARTS)
    client.force_login(advocate)
    listed = client.get("/cases/referencecode/", {"q": "Reinstated"})
    assert listed.status_code == 200 and "Reinstated Final Order" in listed.content.decode()
    code = ReferenceCode.objects.get(source="arts", code="16")
    page = client.get(f"/cases/referencecode/{code.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(f"/cases/referencecode/{code.pk}/change/", {"code": "17"}).status_code == 403
    assert client.get("/cases/referencecode/add/").status_code == 403
