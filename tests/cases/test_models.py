"""Every database constraint and model validation, each with what the user is told.

Constraint tests write with the ORM directly (bypassing services) to prove the
database itself refuses the row; `transaction.atomic()` keeps the test's own
transaction usable after the IntegrityError on PostgreSQL.
"""

import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Deadline, Hearing, Litigation, Person, PersonRelationship
from cases.services import person_create
from detentions.models import Custody, Flight, FlightLeg, Passenger
from detentions.services import flight_create, passenger_add

from ..factories import AirportFactory, CaseFactory, CourtFactory, FacilityFactory, PersonFactory

pytestmark = pytest.mark.django_db


WHEN = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@contextmanager
def refused_by_database(constraint: str, sqlite_columns: str = ""):
    """The block must fail with an IntegrityError naming the constraint.

    SQLite names check constraints but reports a unique one by its columns.
    """
    match = f"{constraint}|{re.escape(sqlite_columns)}" if sqlite_columns else constraint
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        yield


def messages(excinfo, field: str) -> list[str]:
    return excinfo.value.message_dict[field]


# --- Person -----------------------------------------------------------------------


def test_anumber_is_unique_within_an_organization(home):
    PersonFactory(organization=home, a_number="123456789")
    with refused_by_database("person_org_anumber_unique", "cases_person.organization_id, cases_person.a_number"):
        PersonFactory(organization=home, a_number="123456789")


def test_same_anumber_is_allowed_in_another_organization(home, other):
    # Deliberately not unique across organizations: refusing it would tell the second
    # organization that someone else already tracks this person.
    PersonFactory(organization=home, a_number="123456789")
    PersonFactory(organization=other, a_number="123456789")
    assert Person.objects.filter(a_number="123456789").count() == 2


def test_many_people_without_anumber_in_one_organization(home):
    PersonFactory(organization=home, a_number="")
    PersonFactory(organization=home, a_number="")
    assert Person.objects.filter(organization=home, a_number="").count() == 2


@pytest.mark.parametrize("raw", ["12345678", "A12345678", "12345678X", "1234-5678", "１２３４５６７８９"])
def test_database_stores_only_nine_digit_anumbers(home, raw):
    with refused_by_database("person_anumber_nine_digits"):
        Person.objects.create(organization=home, family_name="Testov", a_number=raw)


def test_search_key_is_maintained_on_save(home):
    person = Person.objects.create(organization=home, family_name="Vovchenko", native_name="Андрей Вовченко")
    assert Person.objects.get(pk=person.pk).search_key == "vovchenko andrei"


def test_search_key_is_maintained_on_update_fields_save(home):
    person = PersonFactory(organization=home, family_name="Vovchenko", given_names="Andrei", native_name="")
    person.aliases = ["Щукин"]
    person.save(update_fields=["aliases"])
    assert Person.objects.get(pk=person.pk).search_key == "vovchenko andrei schukin"


def test_future_date_of_birth_is_rejected(home):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        person_create(organization=home, by=None, family_name="Testov", date_of_birth=tomorrow)
    assert messages(excinfo, "date_of_birth") == ["Date of birth cannot be in the future."]
    assert not Person.objects.exists()


def test_arrival_before_birth_is_rejected(home):
    person = PersonFactory.build(organization=home, date_of_birth=date(1990, 1, 1), last_arrival_date=date(1989, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        person.clean()
    assert messages(excinfo, "last_arrival_date") == ["Arrival cannot be before the date of birth."]


# --- Relationships ------------------------------------------------------------------


def test_relationship_to_oneself_is_refused(home):
    person = PersonFactory(organization=home)
    with refused_by_database("relationship_not_self"):
        PersonRelationship.objects.create(person=person, relative=person, kind="sibling")


def test_relationship_pair_is_recorded_once(home):
    wife, husband = PersonFactory(organization=home), PersonFactory(organization=home)
    PersonRelationship.objects.create(person=wife, relative=husband, kind="spouse")
    with refused_by_database(
        "relationship_pair_unique", "cases_personrelationship.person_id, cases_personrelationship.relative_id"
    ):
        PersonRelationship.objects.create(person=wife, relative=husband, kind="partner")


# --- Case ---------------------------------------------------------------------------


def test_case_bond_cannot_be_negative(home):
    with refused_by_database("case_bond_not_negative"):
        CaseFactory(person__organization=home, bond_amount_usd=Decimal("-1.00"))
    case = CaseFactory.build(person=PersonFactory(organization=home), bond_amount_usd=Decimal("-1.00"))
    with pytest.raises(ValidationError) as excinfo:
        case.clean()
    assert messages(excinfo, "bond_amount_usd") == ["A bond amount cannot be negative."]


def test_case_cannot_close_before_it_opened(home):
    with refused_by_database("case_closed_after_opened"):
        CaseFactory(person__organization=home, opened_on=date(2026, 3, 1), closed_on=date(2026, 2, 28))
    case = CaseFactory.build(
        person=PersonFactory(organization=home), opened_on=date(2026, 3, 1), closed_on=date(2026, 2, 28)
    )
    with pytest.raises(ValidationError) as excinfo:
        case.clean()
    assert messages(excinfo, "closed_on") == ["A case cannot close before it opened."]


def test_case_closed_on_the_day_it_opened_is_fine(home):
    case = CaseFactory(person__organization=home, opened_on=date(2026, 3, 1), closed_on=date(2026, 3, 1))
    case.clean()


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"ij_decision_on": date(2026, 3, 10), "appeal_filed_on": date(2026, 3, 9)},
            "appeal_filed_on",
            "An appeal cannot be filed before the IJ decision.",
        ),
        (
            {"appeal_filed_on": date(2026, 3, 10), "bia_decision_on": date(2026, 3, 9)},
            "bia_decision_on",
            "The BIA cannot decide before the appeal was filed.",
        ),
    ],
)
def test_case_events_in_impossible_order_are_rejected(home, dates, field, message):
    case = CaseFactory.build(person=PersonFactory(organization=home), organization=home, **dates)
    with pytest.raises(ValidationError) as excinfo:
        case.clean()
    assert messages(excinfo, field) == [message]


def test_case_for_a_person_of_another_organization_is_rejected(home, other):
    case = CaseFactory.build(person=PersonFactory(organization=other), organization=home)
    with pytest.raises(ValidationError) as excinfo:
        case.clean()
    assert messages(excinfo, "person") == ["The person belongs to another organization."]


def test_case_reference_is_unique(home):
    CaseFactory(person__organization=home, reference="HOME-2026-0007")
    with refused_by_database("cases_case_reference_key", "cases_case.reference"):
        CaseFactory(person__organization=home, reference="HOME-2026-0007")


# --- Hearings and deadlines belong to exactly one matter ----------------------------


@pytest.fixture
def litigation(home):
    return Litigation.objects.create(organization=home, title="Doe v. Noem", federal_court="S.D. Miss.")


@pytest.mark.parametrize("matter", ["neither", "both"])
def test_hearing_belongs_to_exactly_one_matter(case, litigation, matter):
    owners = {"case": case, "litigation": litigation} if matter == "both" else {}
    with refused_by_database("hearing_one_matter"):
        Hearing.objects.create(kind=Hearing.Kind.MASTER, starts_at=WHEN, **owners)
    with pytest.raises(ValidationError) as excinfo:
        Hearing(kind=Hearing.Kind.MASTER, starts_at=WHEN, **owners).clean()
    assert messages(excinfo, "case") == ["A hearing belongs to exactly one case or one litigation matter."]


@pytest.mark.parametrize("matter", ["neither", "both"])
def test_deadline_belongs_to_exactly_one_matter(case, litigation, matter):
    owners = {"case": case, "litigation": litigation} if matter == "both" else {}
    with refused_by_database("deadline_one_matter"):
        Deadline.objects.create(kind="EOIR-26", due_on=date(2026, 4, 1), **owners)


@pytest.mark.parametrize("owner", ["case", "litigation"])
def test_hearing_of_one_matter_is_stored(case, litigation, owner):
    matter = {"case": case, "litigation": litigation}[owner]
    hearing = Hearing.objects.create(kind=Hearing.Kind.MASTER, starts_at=WHEN, **{owner: matter})
    hearing.clean()
    assert Hearing.objects.filter(pk=hearing.pk).exists()


@pytest.mark.parametrize(
    ("court_zone", "facility_zone", "expected"),
    [
        ("America/Chicago", "America/Denver", "America/Chicago"),
        (None, "America/Denver", "America/Denver"),
        (None, None, "UTC"),
    ],
)
def test_hearing_time_zone_is_the_courts_then_the_facilitys_then_utc(case, court_zone, facility_zone, expected):
    court = CourtFactory(time_zone=court_zone) if court_zone else None
    facility = FacilityFactory(time_zone=facility_zone) if facility_zone else None
    hearing = Hearing.objects.create(case=case, kind=Hearing.Kind.BOND, starts_at=WHEN, court=court, facility=facility)
    assert Hearing.objects.get(pk=hearing.pk).time_zone == expected


# --- Flights ------------------------------------------------------------------------


@pytest.fixture
def aex():
    return AirportFactory()


@pytest.fixture
def cai():
    return AirportFactory(iata="CAI", icao="HECA", name="Cairo International", city="Cairo", country="EG")


@pytest.fixture
def flight():
    return Flight.objects.create(flight_date=date(2026, 3, 2), carrier="Charter")


def test_flight_leg_must_move(flight, aex):
    with refused_by_database("flight_leg_moves"):
        FlightLeg.objects.create(flight=flight, origin=aex, destination=aex)


@pytest.mark.parametrize("minutes_later", [-30, 0])
def test_flight_leg_arrives_after_it_departs(flight, aex, cai, minutes_later):
    with refused_by_database("flight_leg_arrives_after_departure"):
        FlightLeg.objects.create(
            flight=flight,
            origin=aex,
            destination=cai,
            departs_at=WHEN,
            arrives_at=WHEN + timedelta(minutes=minutes_later),
        )


@pytest.mark.parametrize(
    ("leg", "message"),
    [
        (lambda aex, cai: (aex, aex, None, None), "Leg 1 starts and ends at AEX."),
        (lambda aex, cai: (aex, cai, WHEN, WHEN - timedelta(hours=1)), "Leg 1 arrives before it departs."),
    ],
)
def test_flight_create_explains_a_bad_leg_and_keeps_nothing(aex, cai, leg, message):
    with pytest.raises(ValidationError) as excinfo:
        flight_create(by=None, flight_date=date(2026, 3, 2), legs=[leg(aex, cai)])
    assert messages(excinfo, "legs") == [message]
    assert not Flight.objects.exists()


def test_flight_source_key_is_unique_within_a_source():
    Flight.objects.create(flight_date=date(2026, 3, 2), source="ICE Air", source_key="2026-03-02-AEX-1")
    Flight.objects.create(flight_date=date(2026, 3, 2), source="Witness at Water", source_key="2026-03-02-AEX-1")
    with refused_by_database("flight_source_key_unique", "detentions_flight.source, detentions_flight.source_key"):
        Flight.objects.create(flight_date=date(2026, 3, 2), source="ICE Air", source_key="2026-03-02-AEX-1")


def test_flights_without_source_key_may_repeat():
    Flight.objects.create(flight_date=date(2026, 3, 2), source="ICE Air")
    Flight.objects.create(flight_date=date(2026, 3, 2), source="ICE Air")
    assert Flight.objects.count() == 2


def test_passenger_is_on_a_flight_once(flight, home, advocate):
    person = PersonFactory(organization=home, family_name="Vovchenko", given_names="Andrei")
    Passenger.objects.create(flight=flight, person=person)
    with refused_by_database(
        "passenger_once_per_flight", "detentions_passenger.flight_id, detentions_passenger.person_id"
    ):
        Passenger.objects.create(flight=flight, person=person)
    with pytest.raises(ValidationError) as excinfo:
        passenger_add(flight=flight, person=person, by=advocate)
    assert messages(excinfo, "person") == ["VOVCHENKO, Andrei is already on the manifest of this flight."]
    assert Passenger.objects.filter(flight=flight, person=person).count() == 1


# --- Custody ------------------------------------------------------------------------


@pytest.fixture
def person(home):
    return PersonFactory(organization=home)


@pytest.fixture
def facility():
    return FacilityFactory(name="Adams County Detention Center")


def test_custody_release_is_not_before_booking(person, facility):
    with refused_by_database("custody_release_after_booking"):
        Custody.objects.create(
            person=person,
            facility=facility,
            booked_in_on=date(2026, 3, 2),
            released_on=date(2026, 3, 1),
            release_reason="bond",
        )
    stay = Custody(
        person=person,
        facility=facility,
        booked_in_on=date(2026, 3, 2),
        released_on=date(2026, 3, 1),
        release_reason="bond",
    )
    with pytest.raises(ValidationError) as excinfo:
        stay.clean()
    assert messages(excinfo, "released_on") == ["Release cannot be before booking-in."]


@pytest.mark.parametrize(
    ("released_on", "reason", "field", "message"),
    [
        (date(2026, 3, 5), "", "release_reason", "Say why the stay ended."),
        (None, "bond", "released_on", "A stay with a release reason needs a release date."),
    ],
)
def test_custody_release_and_reason_go_together(person, facility, released_on, reason, field, message):
    fields = {"booked_in_on": date(2026, 3, 2), "released_on": released_on, "release_reason": reason}
    with refused_by_database("custody_release_has_reason"):
        Custody.objects.create(person=person, facility=facility, **fields)
    with pytest.raises(ValidationError) as excinfo:
        Custody(person=person, facility=facility, **fields).clean()
    assert messages(excinfo, field) == [message]


def test_one_open_stay_per_person(person, facility):
    Custody.objects.create(person=person, facility=facility, booked_in_on=date(2026, 1, 1))
    with refused_by_database("custody_one_open_stay", "detentions_custody.person_id"):
        Custody.objects.create(person=person, facility=FacilityFactory(), booked_in_on=date(2025, 1, 1))


def test_open_stays_of_different_people_coexist(home, facility):
    for person in PersonFactory.create_batch(2, organization=home):
        Custody.objects.create(person=person, facility=facility, booked_in_on=date(2026, 1, 1))
    assert Custody.objects.filter(facility=facility, released_on=None).count() == 2
