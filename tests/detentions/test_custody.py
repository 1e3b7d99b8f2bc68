"""Custody: book-in, transfers, releases, and continuous custody measured across them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from detentions.custody import continuous_custody
from detentions.models import Custody
from detentions.services import custody_book_in, custody_release, custody_transfer

from ..factories import FacilityFactory, PersonFactory

pytestmark = pytest.mark.django_db


BOOKED = date(2024, 9, 20)
TODAY = BOOKED + timedelta(days=397)  # 2025-10-22


@pytest.fixture
def person(home):
    return PersonFactory(organization=home)


@pytest.fixture
def adams():
    return FacilityFactory(name="Adams County Detention Center", city="Natchez", state="MS")


@pytest.fixture
def jena():
    return FacilityFactory(name="Central Louisiana ICE Processing Center", city="Jena", state="LA")


@pytest.fixture
def basile():
    return FacilityFactory(name="South Louisiana ICE Processing Center", city="Basile", state="LA")


def stays_of(person) -> list[Custody]:
    return list(Custody.objects.filter(person=person).select_related("facility").order_by("booked_in_on", "pk"))


def custody_of(person, today=TODAY):
    return continuous_custody(stays_of(person), today=today)


def test_book_in_and_two_transfers_make_one_continuous_custody(person, adams, jena, basile, advocate):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    custody_transfer(person=person, to_facility=jena, on=date(2025, 1, 15), by=advocate)
    custody_transfer(person=person, to_facility=basile, on=date(2025, 6, 2), by=advocate)

    stays = stays_of(person)
    assert [(s.facility, s.booked_in_on, s.released_on, s.release_reason) for s in stays] == [
        (adams, BOOKED, date(2025, 1, 15), "transferred"),
        (jena, date(2025, 1, 15), date(2025, 6, 2), "transferred"),
        (basile, date(2025, 6, 2), None, ""),
    ]
    custody = custody_of(person)
    assert (custody.since, custody.until, custody.days) == (BOOKED, None, 397)
    assert (custody.facilities, custody.states) == (3, 2)
    assert str(custody) == "detained 397 days, 3 facilities, 2 states"


@pytest.mark.parametrize(
    ("days", "text"), [(0, "detained 0 days, 1 facility, 1 state"), (1, "detained 1 day, 1 facility, 1 state")]
)
def test_one_stay_reads_in_the_singular(person, adams, advocate, days, text):
    custody_book_in(person=person, facility=adams, on=TODAY - timedelta(days=days), by=advocate)
    assert str(custody_of(person)) == text


def test_no_stays_means_no_custody(person):
    assert custody_of(person) is None


def test_release_on_bond_ends_the_run_and_a_new_booking_starts_another(person, adams, jena, advocate):
    custody_book_in(person=person, facility=adams, on=date(2024, 1, 10), by=advocate)
    custody_release(person=person, on=date(2024, 5, 1), reason=Custody.ReleaseReason.BOND, by=advocate)
    released = custody_of(person)
    assert (released.since, released.until, released.days) == (date(2024, 1, 10), date(2024, 5, 1), 112)

    # Re-detained the day after release: still a new run, because bond broke custody.
    custody_book_in(person=person, facility=jena, on=date(2024, 5, 2), by=advocate)
    custody = custody_of(person, today=date(2024, 6, 1))
    assert (custody.since, custody.until, custody.days, custody.facilities) == (date(2024, 5, 2), None, 30, 1)
    assert str(custody) == "detained 30 days, 1 facility, 1 state"


@pytest.mark.parametrize(("gap_days", "since"), [(0, date(2024, 1, 10)), (1, date(2024, 1, 10)), (2, date(2024, 3, 3))])
def test_a_transfer_gap_of_more_than_one_day_breaks_continuity(person, adams, jena, gap_days, since):
    Custody.objects.create(
        person=person,
        facility=adams,
        booked_in_on=date(2024, 1, 10),
        released_on=date(2024, 3, 1),
        release_reason=Custody.ReleaseReason.TRANSFERRED,
    )
    Custody.objects.create(person=person, facility=jena, booked_in_on=date(2024, 3, 1) + timedelta(days=gap_days))
    assert custody_of(person, today=date(2024, 4, 1)).since == since


@pytest.mark.parametrize("order", [1, -1], ids=["oldest-first", "newest-first"])
def test_same_day_transfer_keeps_the_person_detained(person, adams, jena, advocate, order):
    # A hold room books someone in and hands them on the same day: two stays start on
    # one date, and the open one is where the person is now, whatever order they come in.
    custody_book_in(person=person, facility=adams, on=date(2024, 1, 10), by=advocate)
    custody_transfer(person=person, to_facility=jena, on=date(2024, 1, 10), by=advocate)
    custody = continuous_custody(stays_of(person)[::order], today=date(2024, 2, 9))
    assert (custody.since, custody.until, custody.days, custody.facilities) == (date(2024, 1, 10), None, 30, 2)


def test_book_in_while_detained_is_refused_naming_the_facility(person, adams, jena, advocate):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        custody_book_in(person=person, facility=jena, on=TODAY, by=advocate)
    assert excinfo.value.message_dict["facility"] == [
        "Already held at Adams County Detention Center since 2024-09-20: record a transfer instead."
    ]
    assert len(stays_of(person)) == 1


def test_transfer_before_booking_is_refused(person, adams, jena, advocate):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        custody_transfer(person=person, to_facility=jena, on=BOOKED - timedelta(days=1), by=advocate)
    assert excinfo.value.message_dict["on"] == ["A transfer cannot be before the booking-in on 2024-09-20."]
    assert [(s.facility, s.released_on) for s in stays_of(person)] == [(adams, None)]


@pytest.mark.parametrize(
    ("service", "field", "message"),
    [
        (
            lambda person, to: custody_transfer(person=person, to_facility=to, on=TODAY, by=None),
            "person",
            "This person has no open detention stay to transfer from.",
        ),
        (
            lambda person, to: custody_release(person=person, on=TODAY, reason="bond", by=None),
            "person",
            "This person has no open detention stay.",
        ),
    ],
)
def test_moving_someone_not_detained_is_refused(person, jena, service, field, message):
    with pytest.raises(ValidationError) as excinfo:
        service(person, jena)
    assert excinfo.value.message_dict[field] == [message]


def test_transfer_to_the_same_facility_is_refused(person, adams, advocate):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        custody_transfer(person=person, to_facility=adams, on=TODAY, by=advocate)
    assert excinfo.value.message_dict["to_facility"] == ["The person is already held at this facility."]


@pytest.mark.parametrize("reason", ["transferred", "escaped", ""])
def test_release_needs_a_real_reason(person, adams, advocate, reason):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        custody_release(person=person, on=TODAY, reason=reason, by=advocate)
    assert "reason" in excinfo.value.message_dict
    assert stays_of(person)[0].is_open


def test_release_before_booking_is_refused(person, adams, advocate):
    custody_book_in(person=person, facility=adams, on=BOOKED, by=advocate)
    with pytest.raises(ValidationError) as excinfo:
        custody_release(person=person, on=BOOKED - timedelta(days=1), reason="parole", by=advocate)
    assert excinfo.value.message_dict["released_on"] == ["Release cannot be before booking-in."]
    assert stays_of(person)[0].is_open


@pytest.fixture
def released_history(person, adams, advocate):
    """Held at Adams from 2024-01-10 to 2024-05-01, released on bond."""
    custody_book_in(person=person, facility=adams, on=date(2024, 1, 10), by=advocate)
    custody_release(person=person, on=date(2024, 5, 1), reason="bond", by=advocate)


@pytest.mark.parametrize("booked_in_on", [date(2024, 1, 10), date(2024, 3, 1), date(2024, 4, 30), date(2023, 12, 1)])
def test_booking_into_the_past_over_history_is_refused(person, jena, advocate, released_history, booked_in_on):
    with pytest.raises(ValidationError) as excinfo:
        custody_book_in(person=person, facility=jena, on=booked_in_on, by=advocate)
    assert excinfo.value.message_dict["booked_in_on"] == [
        (
            "This stay overlaps the stay at Adams County Detention Center from 2024-01-10: "
            "a person is held in one place at a time."
        )
    ]
    assert len(stays_of(person)) == 1


def test_booking_on_the_day_of_release_is_not_an_overlap(person, jena, advocate, released_history):
    custody_book_in(person=person, facility=jena, on=date(2024, 5, 1), by=advocate)
    assert len(stays_of(person)) == 2


def test_custody_clean_refuses_an_overlapping_closed_stay(person, jena, released_history):
    stay = Custody(
        person=person,
        facility=jena,
        booked_in_on=date(2023, 12, 1),
        released_on=date(2024, 1, 11),
        release_reason="transferred",
    )
    with pytest.raises(ValidationError) as excinfo:
        stay.full_clean(validate_constraints=False)
    assert "overlaps the stay at Adams County Detention Center" in excinfo.value.message_dict["booked_in_on"][0]


@pytest.mark.postgres
def test_database_refuses_overlapping_stays_that_bypass_python(person, adams, jena, released_history):
    overlapping = Custody(
        person=person,
        facility=jena,
        booked_in_on=date(2024, 4, 1),
        released_on=date(2024, 6, 1),
        release_reason="removed",
    )
    with pytest.raises(IntegrityError, match="custody_no_overlap"), transaction.atomic():
        Custody.objects.bulk_create([overlapping])
    assert len(stays_of(person)) == 1


@pytest.mark.postgres
def test_database_accepts_back_to_back_stays(person, jena, released_history):
    Custody.objects.bulk_create([Custody(person=person, facility=jena, booked_in_on=date(2024, 5, 1))])
    assert len(stays_of(person)) == 2
