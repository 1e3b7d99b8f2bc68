"""seed_scale writes a consistent caseload into its own organization, once (the
estimated-count paginator: tests/test_pagination.py)."""

from collections import defaultdict
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from casetracker import scale
from casetracker.models import Organization
from cases import services
from cases.models import Case, Deadline, Delivery, Hearing, Person
from cases.names import search_key
from detentions.models import Custody, Facility, Flight, FlightLeg, Passenger

from .factories import CaseFactory, OrganizationFactory

SIZE = 300


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """Reference data, a home organization's case and a tiny tier S, once for the
    module, in a transaction rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference_data", stdout=StringIO())
        home_case = CaseFactory(person__organization=OrganizationFactory(slug="scale-test-home", case_prefix="SCTH"))
        out = StringIO()
        call_command("seed_scale", tier="S", cases=SIZE, stdout=out)
        yield Organization.objects.get(name=scale.scale_org_name("S")), out.getvalue(), home_case
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once[:2]


@pytest.fixture
def home_case(seeded_once):
    return seeded_once[2]


# Tests without the seeded module fixture come first: it holds its transaction open
# until the module ends.


def test_seed_scale_without_reference_data_says_what_to_run(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("seed_scale", tier="S", cases=10, stdout=StringIO())
    assert not Organization.objects.filter(name=scale.scale_org_name("S")).exists()


# --- The seeded tier -----------------------------------------------------------------------


def test_seed_scale_reports_what_it_wrote(seeded):
    org, output = seeded
    assert "Tier S seeded" in output
    cases = Case.objects.filter(organization=org).count()
    assert 0.8 * SIZE <= cases <= 1.2 * SIZE
    assert f"Cases  {cases}" in output


def test_every_table_gets_rows_in_the_tier_proportions(seeded):
    org, _ = seeded
    cases = Case.objects.filter(organization=org).count()
    assert 2 <= Hearing.objects.filter(case__organization=org).count() / cases <= 4
    assert 1.5 <= Deadline.objects.filter(case__organization=org).count() / cases <= 3.5
    assert Custody.objects.filter(person__organization=org).count() > 0.4 * cases
    assert Passenger.objects.filter(person__organization=org).exists()
    assert FlightLeg.objects.filter(flight__source="scale generator").exists()


def test_the_home_organization_is_untouched(seeded, home_case):
    assert Case.objects.filter(organization=home_case.organization).count() == 1
    assert Person.objects.filter(organization=home_case.organization).count() == 1


def test_no_alerts_or_reminders_are_written(seeded):
    assert not Delivery.objects.exists()


def test_custody_stays_never_overlap_and_at_most_one_is_open(seeded):
    org, _ = seeded
    stays = defaultdict(list)
    for stay in Custody.objects.filter(person__organization=org).order_by("booked_in_on"):
        stays[stay.person_id].append(stay)
    assert stays
    for person_stays in stays.values():
        assert sum(1 for s in person_stays if s.released_on is None) <= 1
        assert all(s.released_on is not None for s in person_stays[:-1])
        for earlier, later in zip(person_stays, person_stays[1:]):
            assert earlier.released_on <= later.booked_in_on
            assert earlier.release_reason == Custody.ReleaseReason.TRANSFERRED


def test_foreign_keys_point_at_existing_rows_of_the_organization(seeded):
    org, _ = seeded
    people = set(Person.objects.filter(organization=org).values_list("pk", flat=True))
    cases = set(Case.objects.filter(organization=org).values_list("pk", flat=True))
    assert set(Case.objects.filter(organization=org).values_list("person_id", flat=True)) <= people
    assert set(Hearing.objects.filter(case__in=cases).values_list("case_id", flat=True)) <= cases
    hearing_ids = set(Hearing.objects.values_list("pk", flat=True))
    linked = Deadline.objects.filter(case__in=cases, hearing__isnull=False).values_list("hearing_id", flat=True)
    assert set(linked) <= hearing_ids
    assert set(Custody.objects.filter(person__in=people).values_list("facility_id", flat=True)) <= set(
        Facility.objects.values_list("pk", flat=True)
    )
    flights = set(Flight.objects.values_list("pk", flat=True))
    assert set(Passenger.objects.filter(person__in=people).values_list("flight_id", flat=True)) <= flights
    # Rows whose parent is missing would vanish from an inner join.
    assert Hearing.objects.filter(case__in=cases).count() == Hearing.objects.filter(case__organization=org).count()


def test_a_numbers_are_unique_within_the_organization(seeded):
    org, _ = seeded
    numbers = list(Person.objects.filter(organization=org).exclude(a_number="").values_list("a_number", flat=True))
    assert numbers and len(numbers) == len(set(numbers))
    assert all(len(n) == 9 and n.isdigit() for n in numbers)


def test_names_are_latin_and_cyrillic_with_their_search_keys(seeded):
    org, _ = seeded
    people = list(Person.objects.filter(organization=org))
    assert any(p.native_name and "а" <= p.native_name[0].lower() <= "я" for p in people)
    for person in people:
        assert person.search_key == search_key(*person.all_names())


def test_hearings_are_on_weekdays_in_court_hours_local_time(seeded):
    org, _ = seeded
    for hearing in Hearing.objects.filter(case__organization=org).select_related("court"):
        local = hearing.starts_at.astimezone(ZoneInfo(hearing.court.time_zone))
        assert local.weekday() < 5
        assert 8 <= local.hour < 16


def test_the_removed_leave_on_a_removal_flight(seeded):
    org, _ = seeded
    removed = Passenger.objects.filter(person__organization=org, status=Passenger.Status.REMOVED).select_related("flight")
    assert removed.exists()
    for passenger in removed[:50]:
        last = Custody.objects.filter(person=passenger.person_id).order_by("-booked_in_on").first()
        assert last.release_reason == Custody.ReleaseReason.REMOVED
        assert last.released_on == passenger.flight.flight_date


def test_records_added_after_seeding_get_fresh_keys(seeded):
    org, _ = seeded
    person = services.person_create(organization=org, by=None, family_name="Afterwards", given_names="Ana")
    case = services.case_open(person=person, by=None)
    assert case.reference.startswith(f"{org.case_prefix}-")


def test_a_second_run_is_a_no_op(seeded):
    org, _ = seeded
    before = Case.objects.count()
    out = StringIO()
    call_command("seed_scale", tier="S", cases=SIZE, stdout=out)
    assert "already seeded" in out.getvalue()
    assert Case.objects.count() == before
