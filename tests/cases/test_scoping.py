"""Who sees what: every scoping function, for every role of the cast.

The world: organization `home` has `case` (the lawyer is on its team) and `second`
(nobody assigned), a person `loner` without a case, and litigation `home-lit` with the
lawyer on its team; organization `other` has `other` and `other-lit`. Every case has a
hearing, a deadline, a public and a confidential note, a document, a custody stay, an
incident and a seat on a flight.
"""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.models import CaseAssignment, Deadline, Document, Hearing, Litigation, Note
from cases.selectors import (
    cases_visible_to,
    deadlines_visible_to,
    documents_visible_to,
    hearings_visible_to,
    litigation_visible_to,
    notes_visible_to,
    people_visible_to,
)
from casetracker.models import Membership
from detentions.models import Custody, Flight, Incident, Passenger
from detentions.selectors import custody_visible_to, incidents_visible_to, passengers_visible_to

from ..factories import CaseFactory, FacilityFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

SELECTORS = {
    "cases": cases_visible_to,
    "people": people_visible_to,
    "hearings": hearings_visible_to,
    "deadlines": deadlines_visible_to,
    "notes": notes_visible_to,
    "documents": documents_visible_to,
    "litigation": litigation_visible_to,
    "custody": custody_visible_to,
    "incidents": incidents_visible_to,
    "passengers": passengers_visible_to,
}


class World:
    """Everything created for the tests, each row with a readable label."""

    def __init__(self):
        self.labels: dict[tuple[type, int], str] = {}
        self.flight = Flight.objects.create(flight_date=date(2026, 3, 20), carrier="Charter")
        self.facility = FacilityFactory()

    def label(self, obj, name: str):
        self.labels[type(obj), obj.pk] = name
        return obj

    def add_case(self, name: str, case, note_author):
        person = self.label(case.person, name)
        self.label(case, name)
        self.label(Hearing.objects.create(case=case, kind=Hearing.Kind.MASTER, starts_at=WHEN), name)
        self.label(Deadline.objects.create(case=case, kind="EOIR-26", due_on=date(2026, 4, 1)), name)
        self.label(Note.objects.create(case=case, author=note_author, body="Called the family."), f"{name}:public")
        self.label(
            Note.objects.create(case=case, author=note_author, body="Draft notice hidden.", confidential=True),
            f"{name}:confidential",
        )
        self.label(
            Document.objects.create(
                case=case,
                title="Statement",
                file=f"documents/{name}",
                content_type="application/pdf",
                size=1,
                sha256="0" * 64,
            ),
            name,
        )
        self.label(Custody.objects.create(person=person, facility=self.facility, booked_in_on=date(2025, 11, 3)), name)
        self.label(
            Incident.objects.create(
                person=person, kind=Incident.Kind.MEDICAL, occurred_on=date(2026, 1, 5), description="Fever"
            ),
            name,
        )
        self.label(Passenger.objects.create(flight=self.flight, person=person), name)

    def add_litigation(self, name: str, organization, team=()):
        litigation = self.label(
            Litigation.objects.create(organization=organization, title=f"{name} v. Noem", federal_court="S.D. Miss."),
            name,
        )
        litigation.team.set(team)
        self.label(Hearing.objects.create(litigation=litigation, kind=Hearing.Kind.FEDERAL, starts_at=WHEN), name)
        self.label(Deadline.objects.create(litigation=litigation, kind="Reply brief", due_on=date(2026, 4, 2)), name)

    def seen_by(self, user) -> dict[str, set[str]]:
        return {
            what: {self.labels[type(obj), obj.pk] for obj in selector(user)} for what, selector in SELECTORS.items()
        }


@pytest.fixture
def world(home, other, case, other_case, advocate, outsider, lawyer):
    world = World()
    world.add_case("case", case, note_author=advocate)
    world.add_case("second", CaseFactory(person__organization=home, reference="HOME-2026-0002"), note_author=advocate)
    world.add_case("other", other_case, note_author=outsider)
    world.label(PersonFactory(organization=home), "loner")
    world.add_litigation("home-lit", home, team=[lawyer])
    world.add_litigation("other-lit", other)
    return world


NOTHING = {what: set() for what in SELECTORS}


def sees(cases: set[str], notes: set[str], litigation: set[str] = frozenset(), people: set[str] | None = None):
    """What a user sees, from the cases, notes and litigation they reach."""
    return {
        "cases": cases,
        "people": cases if people is None else people,
        "hearings": cases | litigation,
        "deadlines": cases | litigation,
        "notes": notes,
        "documents": cases,
        "litigation": set(litigation),
        "custody": cases,
        "incidents": cases,
        "passengers": cases,
    }


HOME_CASES = {"case", "second"}
EXPECTED = {
    # Coordinators see everything of their organization, confidential notes included.
    "coordinator": sees(
        HOME_CASES,
        {"case:public", "case:confidential", "second:public", "second:confidential"},
        {"home-lit"},
        people=HOME_CASES | {"loner"},
    ),
    # The advocate wrote the confidential notes, so sees them.
    "advocate": sees(
        HOME_CASES,
        {"case:public", "case:confidential", "second:public", "second:confidential"},
        {"home-lit"},
        people=HOME_CASES | {"loner"},
    ),
    # Another advocate sees every case but not confidential notes of cases they are not on.
    "colleague": sees(HOME_CASES, {"case:public", "second:public"}, {"home-lit"}, people=HOME_CASES | {"loner"}),
    # The lawyer is on the team of `case` (confidential notes included) and of `home-lit` only.
    "lawyer": sees({"case"}, {"case:public", "case:confidential"}, {"home-lit"}),
    # A viewer assigned to nothing sees nothing.
    "viewer": NOTHING,
    # An advocate of another organization sees only that organization's records.
    "outsider": sees({"other"}, {"other:public", "other:confidential"}, {"other-lit"}),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_sees_exactly_its_share(world, request, role):
    assert world.seen_by(request.getfixturevalue(role)) == EXPECTED[role]


@pytest.mark.parametrize("user", [AnonymousUser(), None], ids=["anonymous", "none"])
def test_anonymous_sees_nothing(world, user):
    assert world.seen_by(user) == NOTHING


@pytest.mark.parametrize("role", ["coordinator", "advocate", "lawyer", "outsider"])
def test_deactivated_user_sees_nothing(world, request, role):
    user = request.getfixturevalue(role)
    user.is_active = False
    user.save()
    assert world.seen_by(user) == NOTHING


def test_removed_membership_ends_visibility_despite_the_assignment(world, lawyer, case):
    Membership.objects.filter(user=lawyer).delete()
    assert CaseAssignment.objects.filter(case=case, user=lawyer).exists()
    assert world.seen_by(lawyer) == NOTHING


def test_removed_membership_ends_attorney_of_record_visibility(world, home, case):
    attorney = UserFactory(email="attorney@home.test")
    MembershipFactory(user=attorney, organization=home, role=Membership.Role.LAWYER)
    case.attorney = attorney
    case.save()
    assert world.seen_by(attorney)["cases"] == {"case"}
    Membership.objects.filter(user=attorney).delete()
    assert world.seen_by(attorney) == NOTHING


def test_assigned_viewer_sees_the_case(world, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    assert world.seen_by(viewer)["cases"] == {"case"}
    assert world.seen_by(viewer)["hearings"] == {"case"}


def test_case_shared_with_another_organization_is_visible_to_its_advocate(world, case, other, outsider):
    case.shared_with.add(other)
    seen = world.seen_by(outsider)
    expected = sees({"other", "case"}, {"other:public", "other:confidential", "case:public"}, {"other-lit"})
    assert seen == expected  # the sharing organization's confidential notes stay home


def test_shared_case_stays_hidden_from_an_unassigned_viewer_of_the_other_organization(world, case, other):
    other_viewer = UserFactory(email="viewer@other.test")
    MembershipFactory(user=other_viewer, organization=other, role=Membership.Role.VIEWER)
    case.shared_with.add(other)
    assert world.seen_by(other_viewer) == NOTHING
    CaseAssignment.objects.create(case=case, user=other_viewer, role=CaseAssignment.Role.OBSERVER)
    assert world.seen_by(other_viewer)["cases"] == {"case"}


def test_unsharing_ends_the_other_organizations_view(world, case, other, outsider):
    case.shared_with.add(other)
    case.shared_with.remove(other)
    assert "case" not in world.seen_by(outsider)["cases"]


# --- Attorney of record, shares, mixed roles (the scoping rewrite keeps all of these) ---


def test_attorney_of_record_without_assignment_sees_the_case_and_what_hangs_off_it(world, home, case):
    attorney = UserFactory(email="attorney@home.test")
    MembershipFactory(user=attorney, organization=home, role=Membership.Role.LAWYER)
    case.attorney = attorney
    case.save()
    # Not on the team (no assignment) and not the author: public notes only.
    assert world.seen_by(attorney) == sees({"case"}, {"case:public"})


def test_attorney_of_record_of_a_case_shared_with_their_organization(world, case, other):
    attorney = UserFactory(email="attorney@other.test")
    MembershipFactory(user=attorney, organization=other, role=Membership.Role.LAWYER)
    case.attorney = attorney
    case.save()
    assert world.seen_by(attorney) == NOTHING  # not a member where the case lives
    case.shared_with.add(other)
    assert world.seen_by(attorney) == sees({"case"}, {"case:public"})


def test_lawyer_assigned_to_a_shared_case_of_another_organization(world, lawyer, other_case, home):
    CaseAssignment.objects.create(case=other_case, user=lawyer, role=CaseAssignment.Role.ATTORNEY)
    assert world.seen_by(lawyer)["cases"] == {"case"}  # the assignment alone reaches nothing
    other_case.shared_with.add(home)
    seen = world.seen_by(lawyer)
    assert seen["cases"] == seen["people"] == seen["custody"] == seen["passengers"] == {"case", "other"}
    assert seen["hearings"] == seen["deadlines"] == {"case", "other", "home-lit"}
    assert seen["notes"] == {"case:public", "case:confidential", "other:public", "other:confidential"}


def test_shared_case_reaches_the_other_organizations_coordinator_with_its_person_and_custody(world, case, other):
    other_coordinator = UserFactory(email="coordinator@other.test")
    MembershipFactory(user=other_coordinator, organization=other, role=Membership.Role.COORDINATOR)
    case.shared_with.add(other)
    seen = world.seen_by(other_coordinator)
    assert seen["cases"] == seen["people"] == seen["custody"] == seen["incidents"] == {"other", "case"}
    assert seen["documents"] == {"other", "case"}
    assert seen["notes"] == {"other:public", "other:confidential", "case:public"}


def test_coordinator_of_one_organization_and_lawyer_in_another(world, coordinator, other, other_case):
    MembershipFactory(user=coordinator, organization=other, role=Membership.Role.LAWYER)
    assert world.seen_by(coordinator)["cases"] == HOME_CASES
    CaseAssignment.objects.create(case=other_case, user=coordinator, role=CaseAssignment.Role.ATTORNEY)
    seen = world.seen_by(coordinator)
    assert seen["cases"] == HOME_CASES | {"other"}
    assert seen["people"] == HOME_CASES | {"loner", "other"}
    assert seen["litigation"] == {"home-lit"}  # not on other-lit's team


def test_assigned_viewer_sees_the_person_and_detention_records_of_that_case_only(world, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    seen = world.seen_by(viewer)
    assert seen["people"] == seen["custody"] == seen["incidents"] == seen["passengers"] == {"case"}
    assert seen["documents"] == {"case"}
    assert seen["litigation"] == set()


def test_superuser_sees_every_row(world):
    root = UserFactory(email="root@example.test", is_superuser=True)
    seen = world.seen_by(root)
    assert seen["cases"] == {"case", "second", "other"}
    assert seen["people"] == {"case", "second", "other", "loner"}
    assert seen["hearings"] == {"case", "second", "other", "home-lit", "other-lit"}


def test_scoped_querysets_hold_no_duplicates(world, case, other, outsider, lawyer):
    case.shared_with.add(other)
    CaseAssignment.objects.create(case=case, user=outsider, role=CaseAssignment.Role.OBSERVER)
    for user in (outsider, lawyer):
        for selector in SELECTORS.values():
            pks = list(selector(user).values_list("pk", flat=True))
            assert len(pks) == len(set(pks))
