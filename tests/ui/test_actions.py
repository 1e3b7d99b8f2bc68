"""One-click actions on the case page: each a small form that calls a service."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casetracker.models import AuditEntry
from cases.models import CaseAssignment, Document, Hearing, Note
from detentions import services as custody_services
from detentions.models import Custody, Flight, Passenger
from tests.factories import CourtFactory, FacilityFactory, HearingFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def action_url(case, action: str) -> str:
    return reverse("ui-case-action", args=[case.pk, action])


@pytest.fixture
def detained(case):
    facility = FacilityFactory(name="Adams County Detention Center", state="MS")
    custody_services.custody_book_in(person=case.person, facility=facility, on=date(2026, 1, 5), by=None)
    return case


def test_transfer_shows_on_the_timeline_with_one_open_stay(client, advocate, detained):
    jena = FacilityFactory(name="Jena Processing Center", state="LA")
    client.force_login(advocate)

    response = client.post(
        action_url(detained, "transfer"), {"transfer-to_facility": jena.pk, "transfer-on": "2026-02-01"}
    )

    assert response.status_code == 302
    stays = Custody.objects.filter(person=detained.person)
    assert stays.count() == 2
    assert stays.filter(released_on__isnull=True).get().facility == jena
    page = client.get(response["Location"])
    assert "Transferred to Jena Processing Center" in [event.title for event in page.context["events"]]
    assert page.context["open_stay"].facility == jena


def test_transfer_before_booking_is_refused_on_the_date_field(client, advocate, detained):
    jena = FacilityFactory()
    client.force_login(advocate)

    response = client.post(
        action_url(detained, "transfer"), {"transfer-to_facility": jena.pk, "transfer-on": "2025-01-01"}
    )

    assert response.status_code == 200
    assert "on" in response.context["forms"]["transfer"].errors
    assert 'id="id_transfer-on_errors"' in response.content.decode()
    assert Custody.objects.filter(person=detained.person).count() == 1


def test_transfer_to_the_same_facility_is_refused_on_the_facility_field(client, advocate, detained):
    current = Custody.objects.get(person=detained.person).facility
    client.force_login(advocate)

    response = client.post(
        action_url(detained, "transfer"), {"transfer-to_facility": current.pk, "transfer-on": "2026-02-01"}
    )

    assert "to_facility" in response.context["forms"]["transfer"].errors


def test_release_closes_the_stay(client, advocate, detained):
    client.force_login(advocate)

    response = client.post(action_url(detained, "release"), {"release-on": "2026-03-01", "release-reason": "parole"})

    assert response.status_code == 302
    stay = Custody.objects.get(person=detained.person)
    assert (stay.released_on, stay.release_reason) == (date(2026, 3, 1), "parole")
    assert "book_in" in client.get(response["Location"]).context["forms"]


def test_release_as_transferred_is_not_a_choice(client, advocate, detained):
    client.force_login(advocate)

    response = client.post(action_url(detained, "release"), {"release-on": "2026-03-01", "release-reason": "transferred"})

    assert "reason" in response.context["forms"]["release"].errors
    assert Custody.objects.get(person=detained.person).released_on is None


def test_book_in_when_not_detained(client, advocate, case):
    facility = FacilityFactory()
    client.force_login(advocate)

    response = client.post(action_url(case, "book-in"), {"book-in-facility": facility.pk, "book-in-on": "2026-01-05"})

    assert response.status_code == 302
    assert Custody.objects.get(person=case.person, released_on__isnull=True).facility == facility


def test_add_to_flight_manifest(client, advocate, detained):
    flight = Flight.objects.create(flight_date=date(2026, 2, 10), carrier="GlobalX", flight_number="GXA123")
    client.force_login(advocate)

    response = client.post(action_url(detained, "manifest"), {"manifest-flight": flight.pk, "manifest-status": "on_manifest"})

    assert response.status_code == 302
    assert Passenger.objects.filter(flight=flight, person=detained.person).exists()
    again = client.post(action_url(detained, "manifest"), {"manifest-flight": flight.pk, "manifest-status": "on_manifest"})
    assert again.status_code == 200
    assert "flight" in again.context["forms"]["manifest"].errors


def test_record_hearing_result_and_schedule_the_next(client, advocate, case):
    court = CourtFactory(time_zone="America/Chicago")
    hearing = HearingFactory(case=case, court=court, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(advocate)

    response = client.post(
        action_url(case, "hearing"),
        {
            "hearing-hearing": hearing.pk,
            "hearing-status": "held",
            "hearing-result": "Continued for merits",
            "hearing-next_kind": "individual",
            "hearing-next_starts_at": "2026-12-28T09:00",
            "hearing-next_mode": "video",
        },
    )

    assert response.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.status, hearing.result) == ("held", "Continued for merits")
    following = Hearing.objects.exclude(pk=hearing.pk).get(case=case)
    assert following.kind == "individual" and following.court == court and following.mode == "video"
    assert following.starts_at.astimezone(timezone.get_fixed_timezone(-360)).hour == 9  # 09:00 in Chicago (CST)


def test_a_result_without_a_status_is_refused(client, advocate, case):
    hearing = HearingFactory(case=case)
    client.force_login(advocate)

    response = client.post(action_url(case, "hearing"), {"hearing-hearing": hearing.pk, "hearing-next_mode": "video"})

    assert "status" in response.context["forms"]["hearing"].errors


def test_next_hearing_without_a_court_anywhere_is_refused_on_its_field(client, advocate, case):
    client.force_login(advocate)

    response = client.post(
        action_url(case, "hearing"),
        {"hearing-next_kind": "master", "hearing-next_starts_at": "2026-12-28T09:00", "hearing-next_mode": "video"},
    )

    assert response.status_code == 200
    assert "next_starts_at" in response.context["forms"]["hearing"].errors
    assert not Hearing.objects.exists()


def test_log_a_note(client, advocate, case):
    client.force_login(advocate)

    response = client.post(
        action_url(case, "note"),
        {"note-kind": "call", "note-occurred_at": "2026-01-05T10:30", "note-body": "Spoke with his sister"},
    )

    assert response.status_code == 302
    note = Note.objects.get(case=case)
    assert note.author == advocate and note.body == "Spoke with his sister"


def test_an_empty_note_is_refused_on_its_field(client, advocate, case):
    client.force_login(advocate)

    response = client.post(action_url(case, "note"), {"note-kind": "call", "note-occurred_at": "garbage", "note-body": ""})

    errors = response.context["forms"]["note"].errors
    assert "body" in errors and "occurred_at" in errors
    assert not Note.objects.exists()


def test_upload_and_download_a_document(client, advocate, outsider, case):
    client.force_login(advocate)

    response = client.post(
        action_url(case, "document"),
        {
            "document-kind": "court_order",
            "document-title": "IJ order",
            "document-file": SimpleUploadedFile("order of Ivanov.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert document.content_type == "application/pdf"
    download = client.get(reverse("ui-document", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Ivanov" not in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="download", object_id=str(document.pk)).exists()

    client.force_login(outsider)
    assert client.get(reverse("ui-document", args=[document.pk])).status_code == 404


def test_a_disguised_file_is_refused_on_the_file_field(client, advocate, case):
    client.force_login(advocate)

    response = client.post(
        action_url(case, "document"),
        {
            "document-kind": "other",
            "document-title": "Not a PDF",
            "document-file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary", content_type="application/pdf"),
        },
    )

    assert response.status_code == 200
    assert "file" in response.context["forms"]["document"].errors
    assert not Document.objects.exists()


def test_viewer_may_not_act(client, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    client.force_login(viewer)

    response = client.post(action_url(case, "note"), {"note-kind": "call", "note-body": "x"})

    assert response.status_code == 403
    assert not Note.objects.exists()


def test_outsider_gets_404_on_actions(client, outsider, case):
    client.force_login(outsider)

    assert client.post(action_url(case, "note"), {"note-kind": "call", "note-body": "x"}).status_code == 404
    assert not Note.objects.exists()


def test_lawyer_may_note_but_not_move_custody(client, lawyer, detained):
    client.force_login(lawyer)
    jena = FacilityFactory()

    assert client.post(action_url(detained, "transfer"), {"transfer-to_facility": jena.pk, "transfer-on": "2026-02-01"}).status_code == 403
    note = client.post(action_url(detained, "note"), {"note-kind": "court", "note-occurred_at": "2026-01-05T10:30", "note-body": "ok"})
    assert note.status_code == 302
    forms = client.get(reverse("ui-case", args=[detained.pk])).context["forms"]
    assert "note" in forms and "transfer" not in forms


def test_unknown_action_or_get_is_not_a_500(client, advocate, case):
    client.force_login(advocate)

    assert client.post(action_url(case, "explode"), {}).status_code == 404
    assert client.get(action_url(case, "note")).status_code == 405


GARBAGE = [" ", "999999999999", "\x00"]
DATE_GARBAGE = ["9999-12-31", "9999-12-31T23:59", "2026-02-30"]
FIELDS = {
    "transfer": ["to_facility", "on"],
    "release": ["on", "reason"],
    "manifest": ["flight", "status", "notes"],
    "hearing": ["hearing", "status", "result", "next_kind", "next_starts_at", "next_mode"],
    "note": ["kind", "occurred_at", "body", "confidential"],
    "document": ["kind", "title"],
}


@pytest.mark.parametrize("action", sorted(FIELDS))
def test_nothing_submitted_to_an_action_is_a_500(client, advocate, detained, action):
    hearing = HearingFactory(case=detained)
    flight = Flight.objects.create(flight_date=date(2026, 2, 10))
    valid = {
        "transfer": {"to_facility": FacilityFactory().pk, "on": "2026-02-01"},
        "release": {"on": "2026-02-01", "reason": "bond"},
        "manifest": {"flight": flight.pk, "status": "on_manifest"},
        "hearing": {"hearing": hearing.pk, "status": "held", "next_kind": "master",
                    "next_starts_at": "2026-12-28T09:00", "next_mode": "video"},
        "note": {"kind": "call", "occurred_at": "2026-01-05T10:30", "body": "x"},
        "document": {"kind": "other", "title": "t"},
    }[action]
    client.force_login(advocate)

    for field in FIELDS[action]:
        dated = field in ("on", "occurred_at", "next_starts_at")
        for value in GARBAGE + (DATE_GARBAGE if dated else ["<script>", "x" * 3000]):
            data = {f"{action}-{name}": v for name, v in {**valid, field: value}.items()}
            response = client.post(action_url(detained, action), data)
            assert response.status_code in (200, 302), (field, value, response.status_code)
