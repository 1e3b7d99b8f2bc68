"""seed_demo: the demo organizations, users and caseload promised in DESIGN.md (Fixed points)."""

import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command, get_commands
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cases.models import Case, Deadline, Hearing, Litigation, Note, Person, PersonRelationship
from cases.selectors import cases_visible_to
from casetracker import demo_data
from casetracker.demo import identities
from casetracker.models import Membership, Organization, User
from detentions.custody import continuous_custody
from detentions.models import Custody, Flight, Incident, Passenger

from .factories import AirportFactory, CountryFactory, CourtFactory, FacilityFactory, LanguageFactory

pytestmark = pytest.mark.django_db

STATE_ZONES = {
    "MS": "America/Chicago", "LA": "America/Chicago", "IL": "America/Chicago", "TX": "America/Denver",
    "NM": "America/Denver", "CO": "America/Denver", "AZ": "America/Phoenix", "FL": "America/New_York",
    "NY": "America/New_York", "CA": "America/Los_Angeles", "WA": "America/Los_Angeles",
}  # fmt: skip


def _minimal_reference_data() -> None:
    """The rows seed_demo looks up, for when load_reference_data is not available."""
    countries = {"RU": "RUS", "UA": "UKR", "BY": "BLR", "KZ": "KAZ", "GE": "GEO", "VE": "VEN", "CU": "CUB"}
    for code, alpha3 in countries.items():
        CountryFactory(code=code, alpha3=alpha3, name=code)
    for code in demo_data.LANGUAGES:
        LanguageFactory(code=code, name=code)
    for code, state in demo_data.COURTS.items():
        CourtFactory(code=code, name=f"{code} Immigration Court", city=code, state=state, time_zone=STATE_ZONES[state])
    for place in demo_data.FACILITIES.values():
        FacilityFactory(
            code=place.code,
            name=f"{place.name} Detention Center",
            city=place.city,
            state=place.state,
            time_zone=STATE_ZONES[place.state],
        )
    AirportFactory(iata="AEX")
    AirportFactory(
        iata="CAI", icao="HECA", name="Cairo International", city="Cairo", country="EG", time_zone="Africa/Cairo"
    )
    AirportFactory(iata="SVO", icao="UUEE", name="Sheremetyevo", city="Moscow", country="RU", time_zone="Europe/Moscow")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, in a transaction rolled back when the module is done.

    With load_reference_data available, seed_demo loads the reference data itself (the
    tables start empty), which is what `make run` does on a fresh database. Passwords are
    hashed as conftest's function-scoped fast hasher expects, or no test could check them.
    """
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hashing, transaction.atomic():
        if "load_reference_data" not in get_commands():
            _minimal_reference_data()
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def org(seeded):
    return Organization.objects.get(slug="demo")


def _user(email: str) -> User:
    return User.objects.get(email=email)


def test_seed_reports_what_it_created(seeded):
    assert "Demo data created" in seeded
    assert re.search(r"people\s+\d+", seeded)


@pytest.mark.parametrize(
    "email, role",
    [
        ("coordinator@demo.org", Membership.Role.COORDINATOR),
        ("advocate@demo.org", Membership.Role.ADVOCATE),
        ("lawyer@demo.org", Membership.Role.LAWYER),
        ("viewer@demo.org", Membership.Role.VIEWER),
        ("outsider@other.org", Membership.Role.ADVOCATE),
    ],
)
def test_demo_user_logs_in_with_the_demo_password(seeded, client, email, role):
    user = authenticate(email=email, password=settings.CT_DEMO_PASSWORD)
    assert user is not None and user.is_staff and not user.is_superuser
    assert user.memberships.get().role == role
    assert user.first_name and user.last_name and user.time_zone
    assert client.login(email=email, password=settings.CT_DEMO_PASSWORD)


def test_admin_is_a_superuser_with_the_demo_password(seeded):
    admin = authenticate(email="admin@demo.org", password=settings.CT_DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser and admin.is_staff


def test_some_demo_users_read_russian(seeded):
    assert User.objects.filter(email__endswith="@demo.org", language="ru").count() >= 2


def test_outsider_belongs_to_a_second_organization_with_its_own_cases(seeded, org):
    other = _user("outsider@other.org").memberships.get().organization
    assert other != org
    assert Case.objects.filter(organization=other).count() >= 3


def test_demo_org_has_forty_people_with_cases_in_every_stage(org):
    assert Person.objects.filter(organization=org).count() >= 40
    stages = set(Case.objects.filter(organization=org).values_list("stage", flat=True))
    assert stages == set(Case.Stage.values)


def test_decided_and_closed_cases_have_outcomes(org):
    decided = Case.objects.filter(organization=org, stage__in=[Case.Stage.DECISION, Case.Stage.CLOSED])
    assert decided.exists()
    assert not decided.filter(outcome="").exists()
    assert not decided.filter(stage=Case.Stage.CLOSED, closed_on=None).exists()
    assert decided.filter(outcome=Case.Outcome.REMOVED).exists()
    assert decided.filter(outcome=Case.Outcome.ASYLUM_GRANTED).exists()


def test_hearings_in_the_next_thirty_days(org):
    now = timezone.now()
    coming = Hearing.objects.filter(
        case__organization=org, status=Hearing.Status.SCHEDULED, starts_at__range=(now, now + timedelta(days=30))
    )
    assert coming.count() >= 10
    assert {Hearing.Kind.MASTER, Hearing.Kind.INDIVIDUAL} <= set(coming.values_list("kind", flat=True))


def test_past_hearings_were_held_with_results(org):
    held = Hearing.objects.filter(case__organization=org, status=Hearing.Status.HELD)
    assert held.filter(starts_at__lt=timezone.now()).count() == held.count() > 10
    assert not held.filter(result="").exists()


def test_hearings_are_on_weekdays_at_court_hours_in_the_local_time_zone(org):
    hearings = Hearing.objects.filter(case__organization=org).select_related("court", "facility")
    for hearing in hearings:
        local = hearing.starts_at.astimezone(ZoneInfo(hearing.time_zone))
        assert local.weekday() < 5, hearing
        assert 8 <= local.hour < 17, (hearing, local)


def test_a_rescheduled_hearing_links_to_the_one_it_replaced(org):
    moved = Hearing.objects.filter(case__organization=org, replaces__isnull=False).select_related("replaces")
    assert moved.exists()
    assert all(h.replaces.status == Hearing.Status.ADJOURNED for h in moved)


def test_unrepresented_people_have_hearings_within_fourteen_days(org):
    now = timezone.now()
    soon = Hearing.objects.filter(
        case__organization=org,
        case__representation__in=[Case.Representation.PRO_SE, Case.Representation.SEEKING],
        status=Hearing.Status.SCHEDULED,
        starts_at__range=(now, now + timedelta(days=14)),
    )
    assert soon.values("case").distinct().count() >= 3


def test_lawyer_is_attorney_of_record_on_several_cases(org):
    lawyer = _user("lawyer@demo.org")
    cases = Case.objects.filter(organization=org, attorney=lawyer)
    assert cases.count() >= 5
    assert all(c.representation == Case.Representation.REPRESENTED for c in cases)
    assert all(c.assignments.filter(user=lawyer, role="attorney").exists() for c in cases)


def test_lawyer_sees_only_assigned_cases_and_fewer_than_the_advocate(org):
    lawyer, advocate = _user("lawyer@demo.org"), _user("advocate@demo.org")
    visible = cases_visible_to(lawyer)
    assert visible.exists()
    for case in visible:
        assert case.attorney_id == lawyer.pk or case.assignments.filter(user=lawyer).exists()
    assert visible.count() < cases_visible_to(advocate).count()
    assert cases_visible_to(advocate).filter(organization=org).count() == Case.objects.filter(organization=org).count()


def test_viewer_sees_only_the_cases_they_observe(org):
    viewer = _user("viewer@demo.org")
    visible = cases_visible_to(viewer)
    assert 0 < visible.count() < Case.objects.filter(organization=org).count()


def test_outsider_sees_none_of_the_demo_cases(org):
    outsider = _user("outsider@other.org")
    assert not cases_visible_to(outsider).filter(organization=org).exists()
    assert cases_visible_to(outsider).exists()


def test_someone_was_transferred_twice_across_states_in_continuous_custody(org):
    today = timezone.localdate()
    found = []
    for person in Person.objects.filter(organization=org):
        stays = list(person.custody_stays.select_related("facility"))
        transfers = sum(stay.release_reason == Custody.ReleaseReason.TRANSFERRED for stay in stays)
        run = continuous_custody(stays, today)
        if transfers >= 2 and run and run.facilities >= 3 and run.states >= 2:
            found.append((person, run))
    assert found
    assert any(run.until is None and run.days > 180 for _, run in found)


def test_some_people_were_released_on_bond_or_parole(org):
    reasons = Counter(
        Custody.objects.filter(person__organization=org)
        .exclude(release_reason="")
        .values_list("release_reason", flat=True)
    )
    assert reasons[Custody.ReleaseReason.BOND] >= 1
    assert reasons[Custody.ReleaseReason.PAROLE] >= 1
    bonded = Case.objects.filter(organization=org, bond_posted_on__isnull=False)
    assert bonded.exists() and all(c.bond_amount_usd > 0 for c in bonded)


def test_removal_flight_alexandria_cairo_moscow_with_passengers(org):
    flights = Flight.objects.filter(passengers__person__organization=org).distinct()
    routes = {f: [(leg.origin.iata, leg.destination.iata) for leg in f.legs.all()] for f in flights}
    via_cairo = [f for f, legs in routes.items() if legs == [("AEX", "CAI"), ("CAI", "SVO")]]
    flight = max(via_cairo, key=lambda f: f.passengers.count())
    passengers = flight.passengers.all()
    assert passengers.count() >= 3
    statuses = set(passengers.values_list("status", flat=True))
    assert {Passenger.Status.REMOVED, Passenger.Status.STAY_GRANTED} <= statuses
    taken_off = passengers.get(status=Passenger.Status.STAY_GRANTED)
    assert taken_off.person.cases.get().stay_granted_on is not None
    outcomes = set(passengers.exclude(arrival_outcome="").values_list("arrival_outcome", flat=True))
    assert len(outcomes) >= 3


def test_litigation_matter_with_several_plaintiffs(org):
    matter = Litigation.objects.filter(organization=org, is_class_action=True).get()
    assert matter.parties.count() >= 3
    assert matter.deadlines.exists()


def test_married_couple_held_in_different_facilities_in_different_states(org):
    link = PersonRelationship.objects.get(
        person__organization=org, kind=PersonRelationship.Kind.SPOUSE, person__sex=Person.Sex.MALE
    )
    here = Custody.objects.select_related("facility").get(person=link.person, released_on=None)
    there = Custody.objects.select_related("facility").get(person=link.relative, released_on=None)
    assert here.facility != there.facility
    assert here.facility.state != there.facility.state
    assert PersonRelationship.objects.filter(person=link.relative, relative=link.person, kind="spouse").exists()


def test_names_are_latin_officially_with_cyrillic_native_names(org):
    people = Person.objects.filter(organization=org)
    assert all(re.fullmatch(r"[A-Za-z' -]+", f"{p.family_name} {p.given_names}") for p in people)
    cyrillic = [p for p in people if re.search(r"[\u0400-\u04FF]", p.native_name)]
    assert len(cyrillic) >= 20
    citizenships = set(people.values_list("citizenship", flat=True))
    assert {"RU", "UA", "BY", "KZ", "GE", "VE"} <= citizenships


def test_a_numbers_are_synthetic_and_unique(org):
    numbers = list(Person.objects.filter(organization=org).exclude(a_number="").values_list("a_number", flat=True))
    assert len(numbers) == len(set(numbers)) >= 40
    assert all(re.fullmatch(r"200\d{6}", n) for n in numbers)


def test_vulnerabilities_and_events_for_the_rule_engine(org):
    people = Person.objects.filter(organization=org)
    tags = Counter(tag for p in people for tag in p.vulnerabilities)
    assert {"desertion", "extremism-charge", "draft-notice", "lgbtq", "chronic-illness"} <= set(tags)
    assert not people.filter(last_arrival_date=None).exists()
    cases = Case.objects.filter(organization=org)
    assert cases.filter(ij_decision_on__isnull=False).count() >= 5
    assert cases.filter(bia_decision_on__isnull=False).count() >= 3


def test_manual_deadlines_are_open_and_some_overdue_or_done(org):
    deadlines = Deadline.objects.filter(case__organization=org, rule="")
    today = timezone.localdate()
    assert deadlines.filter(status=Deadline.Status.OPEN, due_on__gte=today).count() >= 10
    assert deadlines.filter(status=Deadline.Status.OPEN, due_on__lt=today).exists()
    assert deadlines.filter(status=Deadline.Status.DONE).exists()


def test_incidents_and_a_confidential_note(org):
    kinds = set(Incident.objects.filter(person__organization=org).values_list("kind", flat=True))
    assert {Incident.Kind.HUNGER_STRIKE, Incident.Kind.MEDICAL, Incident.Kind.SOLITARY} <= kinds
    assert Note.objects.filter(case__organization=org, confidential=True).exists()


def test_the_demo_people_are_the_same_on_every_run(org):
    plans = demo_data.DEMO_PLANS + demo_data.OTHER_PLANS
    expected = identities(tuple((p.nat, p.sex) for p in plans))
    assert expected == identities(tuple((p.nat, p.sex) for p in plans))
    first = Person.objects.filter(organization=org).order_by("pk").first()
    assert (first.family_name, first.given_names) == (expected[0].family, expected[0].given)


@pytest.mark.parametrize("args", [[], ["--if-empty"]])
def test_running_it_again_changes_nothing(seeded, args):
    models = (User, Organization, Person, Case, Hearing, Deadline, Note, Custody, Incident, Flight, Litigation)
    before = {model: model.objects.count() for model in models}
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    assert "nothing to do" in out.getvalue()
    assert {model: model.objects.count() for model in models} == before


def test_seeding_history_sends_no_urgent_alerts(org):
    from cases.models import Delivery

    assert not Delivery.objects.filter(urgent=True).exists()


def test_the_lawyer_sees_the_litigation_they_are_counsel_on(org):
    from casetracker.models import User
    from cases.selectors import litigation_visible_to

    lawyer = User.objects.get(email="lawyer@demo.org")
    assert litigation_visible_to(lawyer).count() >= 2
