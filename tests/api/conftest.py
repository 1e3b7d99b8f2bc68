"""The API cast: one record of every resource on the home `case` and one on `other_case`."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import CaseAssignment
from detentions import services as detention_services

from ..factories import AirportFactory, CountryFactory, CourtFactory, FacilityFactory, LanguageFactory, PersonFactory


@pytest.fixture(autouse=True)
def _api_settings(settings, tmp_path):
    # Throttling is tested on its own; everywhere else it must never trip.
    settings.CT_API_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "private", "base_url": None},
    }}  # fmt: skip
    from django.core.cache import cache

    cache.clear()


def pdf(name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% synthetic test document\n", content_type="application/pdf")


@dataclass
class Records:
    person: Any
    case: Any
    hearing: Any
    deadline: Any
    note: Any
    document: Any
    custody: Any
    incident: Any
    passenger: Any
    litigation: Any
    flight: Any

    def of(self, resource: str) -> Any:
        return {
            "people": self.person, "cases": self.case, "hearings": self.hearing, "deadlines": self.deadline,
            "notes": self.note, "documents": self.document, "custody": self.custody,
            "incidents": self.incident, "passengers": self.passenger, "litigation": self.litigation,
            "flights": self.flight,
        }[resource]  # fmt: skip


def make_records(case, by, facility, court, flight) -> Records:
    person = case.person
    hearing = case_services.hearing_schedule(
        case=case, by=by, kind="master", starts_at=timezone.now() + timedelta(days=12), court=court
    )
    deadline = case_services.deadline_add(case=case, by=by, kind="Evidence due", due_on=date(2027, 1, 15))
    note = case_services.note_add(case=case, by=by, body="Visited at the facility.", kind="visit")
    document = case_services.document_add(case=case, by=by, upload=pdf(), title="Support letter")
    custody = detention_services.custody_book_in(person=person, facility=facility, on=date(2026, 6, 1), by=by)
    incident = detention_services.incident_record(
        person=person, by=by, kind="medical", occurred_on=date(2026, 7, 1), description="Needs medication."
    )
    passenger = detention_services.passenger_add(flight=flight, person=person, by=by)
    litigation = case_services.litigation_create(
        organization=case.organization, by=by, title="Doe v. Noem", federal_court="S.D. Miss.", plaintiffs=[person]
    )
    return Records(person, case, hearing, deadline, note, document, custody, incident, passenger, litigation, flight)


@pytest.fixture
def reference(db):
    CountryFactory()
    LanguageFactory()
    AirportFactory()
    AirportFactory(iata="CAI", icao="HECA", name="Cairo International", city="Cairo", country="EG", time_zone="Africa/Cairo")
    return {"court": CourtFactory(), "facility": FacilityFactory(), "facility2": FacilityFactory()}


@pytest.fixture
def flight(reference, advocate):
    from detentions.models import Airport

    return detention_services.flight_create(
        by=advocate, flight_date=date(2026, 12, 20), carrier="GlobalX", flight_number="GXA123",
        legs=[(Airport.objects.get(iata="AEX"), Airport.objects.get(iata="CAI"), None, None)],
    )  # fmt: skip


@pytest.fixture
def home_records(case, advocate, viewer, reference, flight) -> Records:
    # The viewer observes `case`, so that there is something they may read but not change.
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    return make_records(case, advocate, reference["facility"], reference["court"], flight)


@pytest.fixture
def other_records(other_case, outsider, reference, flight) -> Records:
    return make_records(other_case, outsider, reference["facility"], reference["court"], flight)


@pytest.fixture
def api():
    """api(user) -> an APIClient signed in as the user (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def free_person(home):
    """A home-organization person with no stay, for booking in."""
    return PersonFactory(organization=home)


