"""Writes through the services: what is stored, and what the user is told when it is refused."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Case, CaseAssignment, Document, Hearing, Litigation, Person, PersonRelationship
from cases.services import (
    case_assign,
    case_open,
    case_update,
    document_add,
    hearing_reschedule,
    hearing_schedule,
    intake,
    litigation_create,
    note_add,
    person_create,
    person_update,
    relationship_add,
)
from casetracker.locking import ConflictError
from detentions.models import Custody, Passenger
from detentions.services import flight_create, incident_record, passenger_add

from ..factories import AirportFactory, CaseFactory, CourtFactory, FacilityFactory, PersonFactory

pytestmark = pytest.mark.django_db


NINE_AM_CHICAGO = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Intake -------------------------------------------------------------------------


@pytest.fixture
def adams():
    return FacilityFactory(name="Adams County Detention Center", state="MS")


def test_intake_records_person_case_and_custody(home, advocate, lawyer, adams):
    result = intake(
        organization=home,
        by=advocate,
        person={
            "family_name": "Vovchenko",
            "given_names": "Andrei",
            "native_name": "Андрей Вовченко",
            "a_number": "A 12 345 678",
        },
        case={"kind": Case.Kind.DEFENSIVE, "opened_on": date(2026, 3, 2)},
        facility=adams,
        booked_in_on=date(2025, 11, 3),
        team=[(lawyer, CaseAssignment.Role.ATTORNEY)],
    )
    person = Person.objects.get(organization=home, a_number="012345678")
    assert person.search_key == "vovchenko andrei"
    case = Case.objects.get(person=person)
    assert (case.reference, case.organization, case.created_by) == ("HOME-2026-0001", home, advocate)
    assert list(case.assignments.values_list("user__email", "role")) == [("lawyer@home.test", "attorney")]
    stay = Custody.objects.get(person=person)
    assert (stay.facility, stay.booked_in_on, stay.is_open) == (adams, date(2025, 11, 3), True)
    assert (result.person, result.case, result.custody) == (person, case, stay)


def test_intake_without_detention_records_no_custody(home, advocate):
    result = intake(organization=home, by=advocate, person={"family_name": "Petrova"}, case={})
    assert result.custody is None
    assert not Custody.objects.exists()


@pytest.mark.parametrize(
    ("custody", "field"),
    [
        ({"booked_in_on": None}, "booked_in_on"),  # facility given, booking date forgotten
        ({"booked_in_on": date(2026, 3, 1), "case_kind": "no-such-kind"}, "kind"),  # bad case field
    ],
)
def test_failed_intake_leaves_nothing_behind(home, advocate, adams, custody, field):
    case = {"kind": custody.pop("case_kind", Case.Kind.DEFENSIVE)}
    with pytest.raises(ValidationError) as excinfo:
        intake(
            organization=home,
            by=advocate,
            person={"family_name": "Vovchenko", "a_number": "123456789"},
            case=case,
            facility=adams,
            **custody,
        )
    assert field in errors(excinfo)
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    assert not Custody.objects.exists()


# --- Case references ----------------------------------------------------------------


def test_case_references_count_up_per_organization_and_year(home, other, advocate):
    def open_case(org, opened_on):
        return case_open(person=PersonFactory(organization=org), by=advocate, opened_on=opened_on).reference

    assert [open_case(home, date(2026, 1, 5)) for _ in range(3)] == [
        "HOME-2026-0001",
        "HOME-2026-0002",
        "HOME-2026-0003",
    ]
    assert open_case(other, date(2026, 1, 6)) == "OTHR-2026-0001"
    assert open_case(home, date(2025, 12, 31)) == "HOME-2025-0001"
    assert open_case(home, date(2026, 2, 1)) == "HOME-2026-0004"


def test_case_references_go_past_9999(home, advocate):
    CaseFactory(person__organization=home, reference="HOME-2026-9998")
    CaseFactory(person__organization=home, reference="HOME-2026-9999")
    opened = [
        case_open(person=PersonFactory(organization=home), by=advocate, opened_on=date(2026, 6, 1)).reference
        for _ in range(2)
    ]
    assert opened == ["HOME-2026-10000", "HOME-2026-10001"]


# --- People -------------------------------------------------------------------------


def test_person_create_stores_the_anumber_as_nine_digits(home, advocate):
    person = person_create(organization=home, by=advocate, family_name="Testov", a_number="a-012.345.678")
    assert Person.objects.get(pk=person.pk).a_number == "012345678"
    assert person.a_number_display == "A-012-345-678"


def test_person_create_refuses_a_duplicate_anumber_in_the_organization(home, other, advocate):
    first = person_create(organization=home, by=advocate, family_name="Testov", a_number="12345678")
    with pytest.raises(ValidationError) as excinfo:
        person_create(organization=home, by=advocate, family_name="Testova", a_number="A-012-345-678")
    assert errors(excinfo) == {"a_number": [f"A-012-345-678 is already recorded for person #{first.pk}."]}
    assert Person.objects.filter(organization=home).count() == 1
    # Another organization may record the same person (see test_models).
    person_create(organization=other, by=advocate, family_name="Testov", a_number="012345678")


def test_person_create_explains_a_bad_anumber(home, advocate):
    with pytest.raises(ValidationError) as excinfo:
        person_create(organization=home, by=advocate, family_name="Testov", a_number="A-12-34")
    assert errors(excinfo) == {"a_number": ["An A-number has 7 to 9 digits; this one has 4."]}


def test_person_update_with_the_current_version_saves_and_bumps_it(home, advocate):
    person = person_create(organization=home, by=advocate, family_name="Testov")
    person_update(person=person, version=1, by=advocate, family_name="Вовченко", a_number="123 456 789")
    stored = Person.objects.get(pk=person.pk)
    assert (stored.family_name, stored.a_number, stored.search_key, stored.version) == (
        "Вовченко",
        "123456789",
        "vovchenko",
        2,
    )


def test_person_update_from_a_stale_version_is_refused_and_changes_nothing(home, advocate, colleague):
    person = person_create(organization=home, by=advocate, family_name="Testov")
    mine, theirs = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    person_update(person=theirs, version=theirs.version, by=colleague, given_names="Ivan")
    with pytest.raises(ConflictError) as excinfo:
        person_update(person=mine, version=mine.version, by=advocate, given_names="Pyotr", family_name="Petrov")
    assert "changed by someone else after you opened it" in excinfo.value.messages[0]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.family_name, stored.given_names, stored.version) == ("Testov", "Ivan", 2)


def test_case_update_with_the_current_version_saves_and_bumps_it(case, advocate):
    case_update(case=case, version=1, by=advocate, stage=Case.Stage.DECISION, judge="Judge Doe")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.judge, stored.version) == ("decision", "Judge Doe", 2)


def test_case_update_from_a_stale_version_is_refused_and_changes_nothing(case, advocate, colleague):
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    case_update(case=theirs, version=1, by=colleague, judge="Judge Roe")
    with pytest.raises(ConflictError):
        case_update(case=mine, version=1, by=advocate, judge="Judge Doe", stage=Case.Stage.CLOSED)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.judge, stored.stage, stored.version) == ("Judge Roe", "removal_proceedings", 2)


def test_case_update_explains_an_invalid_change(case, advocate):
    with pytest.raises(ValidationError) as excinfo:
        case_update(case=case, version=1, by=advocate, opened_on=date(2026, 3, 1), closed_on=date(2026, 2, 1))
    assert errors(excinfo)["closed_on"] == ["A case cannot close before it opened."]
    assert Case.objects.get(pk=case.pk).version == 1


# --- Hearings -----------------------------------------------------------------------


def test_hearing_schedule_refuses_a_time_without_zone(case, advocate):
    with pytest.raises(ValidationError) as excinfo:
        hearing_schedule(
            case=case, by=advocate, kind=Hearing.Kind.MASTER, starts_at=datetime(2026, 3, 2, 9, 0), court=CourtFactory()
        )
    assert errors(excinfo) == {"starts_at": ["Give the hearing time with its time zone."]}
    assert not Hearing.objects.exists()


def test_hearing_schedule_needs_a_court_or_facility(case, advocate):
    with pytest.raises(ValidationError) as excinfo:
        hearing_schedule(case=case, by=advocate, kind=Hearing.Kind.MASTER, starts_at=NINE_AM_CHICAGO)
    assert errors(excinfo) == {"court": ["Say where the hearing is held: a court or a detention facility."]}


def test_hearing_schedule_takes_the_cases_court(case, advocate):
    case.court = CourtFactory(time_zone="America/Chicago")
    case.save()
    hearing = hearing_schedule(case=case, by=advocate, kind=Hearing.Kind.MASTER, starts_at=NINE_AM_CHICAGO)
    assert (hearing.court, hearing.time_zone) == (case.court, "America/Chicago")


def test_hearing_reschedule_adjourns_the_old_one_and_links_the_new(case, advocate):
    court = CourtFactory()
    old = hearing_schedule(
        case=case, by=advocate, kind=Hearing.Kind.INDIVIDUAL, starts_at=NINE_AM_CHICAGO, court=court, judge="Doe"
    )
    new = hearing_reschedule(hearing=old, starts_at=NINE_AM_CHICAGO + timedelta(days=14), by=advocate)
    old.refresh_from_db()
    assert (old.status, old.sequence) == (Hearing.Status.ADJOURNED, 1)
    assert (new.replaces, old.replaced_by) == (old, new)
    assert (new.status, new.kind, new.court, new.judge, new.case) == ("scheduled", "individual", court, "Doe", case)
    assert new.starts_at == NINE_AM_CHICAGO + timedelta(days=14)


def test_only_a_scheduled_hearing_can_be_moved(case, advocate):
    old = hearing_schedule(
        case=case, by=advocate, kind=Hearing.Kind.MASTER, starts_at=NINE_AM_CHICAGO, court=CourtFactory()
    )
    hearing_reschedule(hearing=old, starts_at=NINE_AM_CHICAGO + timedelta(days=7), by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        hearing_reschedule(hearing=old, starts_at=NINE_AM_CHICAGO + timedelta(days=9), by=advocate)
    assert errors(excinfo) == {"status": ["Only a scheduled hearing can be moved; this one is adjourned."]}
    assert Hearing.objects.count() == 2


# --- Relationships and teams --------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [("parent", "child"), ("child", "parent"), ("spouse", "spouse"), ("sibling", "sibling")],
)
def test_relationship_add_links_both_ways(home, advocate, kind, inverse):
    person, relative = PersonFactory(organization=home), PersonFactory(organization=home)
    relationship_add(person=person, relative=relative, kind=kind, by=advocate)
    assert set(PersonRelationship.objects.values_list("person", "relative", "kind")) == {
        (person.pk, relative.pk, kind),
        (relative.pk, person.pk, inverse),
    }


def test_relationship_add_again_changes_both_directions(home, advocate):
    person, relative = PersonFactory(organization=home), PersonFactory(organization=home)
    relationship_add(person=person, relative=relative, kind="partner", by=advocate)
    relationship_add(person=relative, relative=person, kind="spouse", by=advocate)
    assert sorted(PersonRelationship.objects.values_list("kind", flat=True)) == ["spouse", "spouse"]


@pytest.mark.parametrize(
    ("pick", "field", "message"),
    [
        (lambda p, same, far: (p, p, "spouse"), "relative", "A person cannot be their own relative."),
        (lambda p, same, far: (p, far, "spouse"), "relative", "Both people must be records of the same organization."),
        (lambda p, same, far: (p, same, "cousin"), "kind", "Unknown relationship 'cousin'."),
    ],
)
def test_relationship_add_refuses(home, other, advocate, pick, field, message):
    person, relative, kind = pick(
        PersonFactory(organization=home), PersonFactory(organization=home), PersonFactory(organization=other)
    )
    with pytest.raises(ValidationError) as excinfo:
        relationship_add(person=person, relative=relative, kind=kind, by=advocate)
    assert errors(excinfo) == {field: [message]}
    assert not PersonRelationship.objects.exists()


def test_case_assign_refuses_a_user_of_another_organization(case, outsider, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        case_assign(case=case, user=outsider, role=CaseAssignment.Role.ADVOCATE, by=coordinator)
    assert errors(excinfo)["user"] == [f"{outsider} is not a member of Home Advocacy Network."]
    assert not case.assignments.filter(user=outsider).exists()


def test_case_assign_accepts_a_member_of_an_organization_the_case_is_shared_with(case, other, outsider, coordinator):
    case.shared_with.add(other)
    case_assign(case=case, user=outsider, role=CaseAssignment.Role.ADVOCATE, by=coordinator)
    assert case.assignments.filter(user=outsider).exists()


# --- Documents ----------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101"
    "011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403"
    "050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a1617"
    "18191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83"
    "8485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7"
    "d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def test_document_add_stores_a_pdf_by_checksum_not_by_name(case, advocate, private_storage):
    upload = SimpleUploadedFile("Vovchenko A-123-456-789 statement.pdf", PDF, content_type="application/pdf")
    document = document_add(case=case, by=advocate, upload=upload, title="Statement")
    digest = hashlib.sha256(PDF).hexdigest()
    stored = Document.objects.get(pk=document.pk)
    assert (stored.sha256, stored.size, stored.content_type) == (digest, len(PDF), "application/pdf")
    assert stored.file.name == f"documents/{case.organization_id}/{digest[:2]}/{digest}"
    assert stored.original_name == "Vovchenko A-123-456-789 statement.pdf"
    [path] = stored_files(private_storage)
    assert path.read_bytes() == PDF
    assert "Vovchenko" not in str(path) and "statement" not in str(path) and "123" not in path.name


@pytest.mark.parametrize(
    ("name", "content", "declared", "stored_as"),
    [
        ("letter.txt", "Письмо поддержки. Letter of support.\n".encode(), "text/plain", "text/plain"),
        ("photo.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32, "image/heic", "image/heic"),
        # The real type wins over what the browser declared.
        ("scan.jpg", TINY_JPEG, "application/octet-stream", "image/jpeg"),
    ],
)
def test_document_add_accepts_other_real_files(case, advocate, private_storage, name, content, declared, stored_as):
    document = document_add(case=case, by=advocate, upload=SimpleUploadedFile(name, content, content_type=declared))
    assert Document.objects.get(pk=document.pk).content_type == stored_as


@pytest.mark.parametrize(
    ("name", "declared"),
    [
        ("statement.pdf", "application/pdf"),
        ("statement.txt", "text/plain"),
        ("photo.heic", "image/heic"),
        ("statement.pdf", "application/octet-stream"),
    ],
)
def test_document_add_refuses_an_executable_whatever_it_claims_to_be(case, advocate, private_storage, name, declared):
    with pytest.raises(ValidationError) as excinfo:
        document_add(case=case, by=advocate, upload=SimpleUploadedFile(name, EXE, content_type=declared))
    assert errors(excinfo) == {"file": ["This file type is not accepted: upload a PDF, image, Word or text file."]}
    assert not Document.objects.exists()
    assert stored_files(private_storage) == []


def test_document_add_refuses_an_oversized_file(case, advocate, private_storage, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"\x00" * (1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        document_add(case=case, by=advocate, upload=upload)
    assert errors(excinfo) == {"file": ["The file is larger than the 1 MB limit."]}
    assert not Document.objects.exists()
    assert stored_files(private_storage) == []


# --- Litigation and flights ---------------------------------------------------------


def test_litigation_create_with_plaintiffs(home, coordinator):
    plaintiffs = PersonFactory.create_batch(3, organization=home)
    litigation = litigation_create(
        organization=home,
        by=coordinator,
        plaintiffs=plaintiffs,
        title="Doe v. Noem",
        federal_court="U.S. District Court, S.D. Mississippi",
        is_class_action=True,
    )
    assert set(litigation.parties.values_list("person", "role")) == {(p.pk, "petitioner") for p in plaintiffs}


@pytest.mark.parametrize("problem", ["other-organization", "twice"])
def test_litigation_create_with_a_bad_plaintiff_creates_nothing(home, other, coordinator, problem):
    person = PersonFactory(organization=home)
    second = PersonFactory(organization=other) if problem == "other-organization" else person
    with pytest.raises(ValidationError) as excinfo:
        litigation_create(
            organization=home,
            by=coordinator,
            plaintiffs=[person, second],
            title="Doe v. Noem",
            federal_court="S.D. Miss.",
        )
    expected = {
        "other-organization": "The person is another organization's record.",
        "twice": f"{person} is already a party to this matter.",
    }[problem]
    assert errors(excinfo) == {"person": [expected]}
    assert not Litigation.objects.exists()


@pytest.fixture
def removal_flight():
    aex = AirportFactory()
    cai = AirportFactory(iata="CAI", icao="HECA", name="Cairo International", city="Cairo", country="EG")
    svo = AirportFactory(iata="SVO", icao="UUEE", name="Sheremetyevo", city="Moscow", country="RU")
    departs = NINE_AM_CHICAGO
    return flight_create(
        by=None,
        flight_date=departs.date(),
        carrier="Charter",
        status="scheduled",
        legs=[
            (aex, cai, departs, departs + timedelta(hours=13)),
            (cai, svo, departs + timedelta(hours=15), departs + timedelta(hours=19)),
        ],
    )


def test_flight_create_records_legs_in_order(removal_flight):
    assert [str(leg) for leg in removal_flight.legs.all()] == ["AEX → CAI", "CAI → SVO"]


def test_passenger_add_twice_is_refused_with_a_clear_message(removal_flight, home, advocate):
    person = PersonFactory(organization=home, family_name="Vovchenko", given_names="Andrei")
    passenger_add(flight=removal_flight, person=person, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        passenger_add(flight=removal_flight, person=person, by=advocate)
    assert errors(excinfo) == {"person": ["VOVCHENKO, Andrei is already on the manifest of this flight."]}
    assert Passenger.objects.filter(flight=removal_flight).count() == 1


def test_services_accept_a_system_write_without_a_user(removal_flight, case):
    passenger_add(flight=removal_flight, person=case.person, by=None)
    note_add(case=case, by=None, body="Imported from the spreadsheet.")
    incident_record(person=case.person, by=None, kind="medical", occurred_on=date(2026, 3, 1), description="Fever")
