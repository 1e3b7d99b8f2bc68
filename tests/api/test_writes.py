"""Writes, actions and bad input: JSON errors per field, never a 500, no half-written rows."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Hearing, Person
from detentions.models import Custody, Flight, Passenger

from .conftest import pdf


@pytest.fixture
def client(api, advocate):
    return api(advocate)


def test_stale_version_is_409_with_a_message(client, home_records):
    person = home_records.person
    url = f"/api/v1/people/{person.pk}/"
    first = client.patch(url, {"given_names": "Maria", "version": person.version}, format="json")
    assert first.status_code == 200 and first.json()["version"] == person.version + 1
    stale = client.patch(url, {"given_names": "Olga", "version": person.version}, format="json")
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["detail"]
    person.refresh_from_db()
    assert person.given_names == "Maria"


def test_change_without_version_is_refused_on_that_field(client, home_records):
    response = client.patch(f"/api/v1/cases/{home_records.case.pk}/", {"judge": "X"}, format="json")
    assert response.status_code == 400 and "version" in response.json()


def test_read_only_fields_cannot_be_set(client, home_records, other):
    case = home_records.case
    response = client.patch(
        f"/api/v1/cases/{case.pk}/",
        {"version": case.version, "organization": other.pk, "reference": "HACK-1", "created_by": 999, "judge": "J"},
        format="json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.organization_id, case.reference, case.judge) == (home_records.case.organization_id, "HOME-2026-0001", "J")


def test_person_with_anumber_in_any_form_and_duplicate_refused(client, home_records):
    created = client.post("/api/v1/people/", {"family_name": "Petrov", "a_number": "a 12-345.678"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["a_number"] == "012345678"
    assert created.json()["a_number_display"] == "A-012-345-678"
    duplicate = client.post("/api/v1/people/", {"family_name": "Other", "a_number": "012345678"}, format="json")
    assert duplicate.status_code == 400 and "a_number" in duplicate.json()


@pytest.mark.parametrize(
    "url, body, field",
    [
        ("/api/v1/people/", {"family_name": "X", "date_of_birth": "1990-02-31"}, "date_of_birth"),
        ("/api/v1/people/", {"family_name": "X", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ("/api/v1/people/", {"family_name": "X", "a_number": "12"}, "a_number"),
        ("/api/v1/people/", {"family_name": ["not", "a", "string"]}, "family_name"),
        ("/api/v1/people/", {"family_name": "X", "interpreter_needed": "perhaps"}, "interpreter_needed"),
        ("/api/v1/people/", {"family_name": "X", "citizenship": "ZZ"}, "citizenship"),
        ("/api/v1/cases/", {"person": 10**30}, "person"),
        ("/api/v1/cases/", {"person": "abc"}, "person"),
        ("/api/v1/cases/", {"person": True}, "person"),
        ("/api/v1/hearings/", {"case": 1, "kind": "master", "starts_at": "tomorrow"}, "starts_at"),
        ("/api/v1/notes/", {"case": 987654321, "body": "x"}, "case"),
        ("/api/v1/deadlines/", {"kind": "x", "due_on": "2027-01-01"}, "case"),
        ("/api/v1/custody/", {"person": 1, "facility": 10**20, "booked_in_on": "2026-01-01"}, "facility"),
        ("/api/v1/flights/", {"flight_date": "2026-12-01", "reported_passenger_count": 10**12}, "reported_passenger_count"),
        ("/api/v1/flights/", {"flight_date": "2026-12-01", "legs": [{"origin": "XXX", "destination": "CAI"}]}, "legs"),
    ],
)
def test_bad_input_is_400_on_the_field(client, home_records, url, body, field):
    before = (Person.objects.count(), Flight.objects.count())
    response = client.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (Person.objects.count(), Flight.objects.count()) == before


def test_huge_version_and_duration_are_400(client, home_records):
    hearing = home_records.hearing
    url = f"/api/v1/hearings/{hearing.pk}/"
    assert client.patch(url, {"version": 10**20}, format="json").status_code == 400
    response = client.patch(url, {"version": hearing.version, "duration_minutes": 10**9}, format="json")
    assert response.status_code == 400 and "duration_minutes" in response.json()


def test_flight_with_a_bad_leg_leaves_no_flight_behind(client, reference):
    before = Flight.objects.count()
    body = {"flight_date": "2026-12-01", "legs": [{"origin": "AEX", "destination": "CAI"}, {"origin": "CAI", "destination": "CAI"}]}
    response = client.post("/api/v1/flights/", body, format="json")
    assert response.status_code == 400 and "legs" in response.json()
    assert Flight.objects.count() == before


@pytest.mark.parametrize(
    "query",
    [
        "?ordering=nonsense", "?ordering=-person__a_number", "?case=abc", "?case=99999999999999999999999",
        "?starts_after=not-a-date", "?upcoming=maybe", "?cursor=garbage", "?page_size=-5", "?page_size=100000",
        "?status=nope", "?search=%00%00",
    ],
)
def test_bad_query_parameters_never_500(client, home_records, query):
    response = client.get(f"/api/v1/hearings/{query}")
    assert response.status_code in (200, 400), (query, response.status_code)
    assert response["Content-Type"].startswith("application/json")


def test_bad_ids_in_urls_are_404(client, home_records):
    for path in ("/api/v1/cases/99999999999999999999999/", "/api/v1/cases/abc/", "/api/v1/cases/-1/"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_search_finds_names_in_any_script_and_anumbers(client, home, home_records):
    from cases import services

    person = services.person_create(
        organization=home, by=None, family_name="Vovchenko", given_names="Andrei", native_name="Андрей Вовченко",
        a_number="123456789",
    )  # fmt: skip
    for term in ("Андрей", "andrey vovchenko", "VOVCHENKO", "A-123-456-789", "123 456 789"):
        found = client.get("/api/v1/people/", {"search": term}).json()["results"]
        assert [row["id"] for row in found] == [person.pk], term


def test_filters_and_ordering(client, home_records, reference, case):
    from cases import services

    from datetime import datetime, timezone

    starts = datetime(2027, 3, 1, 15, tzinfo=timezone.utc)
    services.hearing_schedule(case=case, by=None, kind="bond", starts_at=starts, court=reference["court"])
    ordered = client.get("/api/v1/hearings/", {"ordering": "-starts_at"}).json()["results"]
    assert [row["kind"] for row in ordered] == ["bond", "master"]
    only_bond = client.get("/api/v1/hearings/", {"kind": "bond"}).json()["results"]
    assert [row["kind"] for row in only_bond] == ["bond"]


def test_cursor_pages_walk_every_row_once(client, home, home_records):
    from cases import services

    for n in range(7):
        services.person_create(organization=home, by=None, family_name=f"Paged{n}")
    seen, url = [], "/api/v1/people/?page_size=3"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == Person.objects.filter(organization=home).count()


# --- Actions ---------------------------------------------------------------------------


def test_custody_transfer_and_release(client, home_records, reference):
    stay = home_records.custody
    moved = client.post(
        f"/api/v1/custody/{stay.pk}/transfer/", {"to_facility": reference["facility2"].pk, "on": "2026-09-01"}, format="json"
    )
    assert moved.status_code == 201, moved.content
    stay.refresh_from_db()
    assert (stay.released_on, stay.release_reason) == (date(2026, 9, 1), "transferred")
    new = moved.json()
    assert new["facility"] == reference["facility2"].pk and new["released_on"] is None
    again = client.post(f"/api/v1/custody/{stay.pk}/transfer/", {"to_facility": reference["facility"].pk, "on": "2026-10-01"}, format="json")
    assert again.status_code == 400  # that stay has ended
    released = client.post(f"/api/v1/custody/{new['id']}/release/", {"on": "2026-08-01", "reason": "bond"}, format="json")
    assert released.status_code == 400 and "released_on" in released.json()  # before booking-in
    released = client.post(f"/api/v1/custody/{new['id']}/release/", {"on": "2026-10-01", "reason": "bond"}, format="json")
    assert released.status_code == 200 and released.json()["release_reason"] == "bond"
    assert not Custody.objects.filter(person=stay.person, released_on__isnull=True).exists()


def test_hearing_reschedule_and_result(client, home_records):
    hearing = home_records.hearing
    moved = client.post(f"/api/v1/hearings/{hearing.pk}/reschedule/", {"starts_at": "2027-02-02T15:00:00Z"}, format="json")
    assert moved.status_code == 201, moved.content
    assert moved.json()["replaces"] == hearing.pk
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.ADJOURNED
    again = client.post(f"/api/v1/hearings/{hearing.pk}/reschedule/", {"starts_at": "2027-02-03T15:00:00Z"}, format="json")
    assert again.status_code == 400 and "status" in again.json()
    result = client.post(f"/api/v1/hearings/{moved.json()['id']}/result/", {"status": "held", "result": "Continued."}, format="json")
    assert result.status_code == 200 and result.json()["status"] == "held"
    assert client.post(f"/api/v1/hearings/{hearing.pk}/result/", {"status": "won"}, format="json").status_code == 400


def test_viewer_cannot_use_actions(api, viewer, home_records, reference):
    client = api(viewer)
    assert client.post(f"/api/v1/hearings/{home_records.hearing.pk}/result/", {"status": "held"}, format="json").status_code == 403
    body = {"to_facility": reference["facility2"].pk, "on": "2026-09-01"}
    assert client.post(f"/api/v1/custody/{home_records.custody.pk}/transfer/", body, format="json").status_code == 403


def test_add_passenger_through_the_flight(client, home_records, flight, free_person, api, outsider):
    response = client.post(f"/api/v1/flights/{flight.pk}/passengers/", {"person": free_person.pk}, format="json")
    assert response.status_code == 201, response.content
    assert Passenger.objects.filter(flight=flight, person=free_person).exists()
    twice = client.post(f"/api/v1/flights/{flight.pk}/passengers/", {"person": free_person.pk}, format="json")
    assert twice.status_code == 400 and "person" in twice.json()
    foreign = api(outsider).post(f"/api/v1/flights/{flight.pk}/passengers/", {"person": home_records.person.pk}, format="json")
    assert foreign.status_code == 400 and "person" in foreign.json()


# --- Documents -------------------------------------------------------------------------


def test_upload_checks_type_and_size_like_the_service(client, home_records, settings):
    url = "/api/v1/documents/"
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"case": home_records.case.pk, "file": fake}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    settings.DOCUMENT_MAX_BYTES = 10
    response = client.post(url, {"case": home_records.case.pk, "file": pdf()}, format="multipart")
    assert response.status_code == 400 and "MB limit" in response.json()["file"][0]
    assert client.post(url, {"case": home_records.case.pk}, format="multipart").status_code == 400


def test_download_is_permission_checked_and_audited(api, advocate, outsider, lawyer, home_records):
    from casetracker.models import AuditEntry

    document = home_records.document
    url = api(advocate).get(f"/api/v1/documents/{document.pk}/").json()["download_url"]
    response = api(lawyer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "letter" not in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="download", actor=lawyer).count() == 1
    assert api(outsider).get(url).status_code == 404
    assert api().get(url).status_code == 401


def test_unknown_api_paths_are_json_404_and_missing_slash_redirects(client):
    assert client.get("/api/v1/nothing-here/").status_code == 404
    response = client.get("/api/v1/cases?stage=intake")
    assert response.status_code == 301 and response["Location"] == "/api/v1/cases/?stage=intake"
