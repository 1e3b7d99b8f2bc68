"""The fixed cast: every access test reads like a sentence about one of them.

- coordinator, advocate, colleague (another advocate): same organization ("home")
- lawyer: home organization, assigned to `case` only
- viewer: home organization, assigned to nothing
- outsider: an advocate of another organization ("other")
"""

import os

import pytest

from casetracker.models import Membership

from .factories import CaseFactory, MembershipFactory, OrganizationFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("CT_REQUIRE_SERVICES") == "1"


def pytest_runtest_setup(item):
    """Tests marked postgres skip on SQLite, or fail when CI says services must be there."""
    if "postgres" not in item.keywords:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        message = "needs PostgreSQL: set DATABASE_URL"
        if REQUIRE_SERVICES:
            pytest.fail(f"{message} (CT_REQUIRE_SERVICES=1)")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs about a second per user; tests create many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def home(db):
    return OrganizationFactory(name="Home Advocacy Network", slug="home", case_prefix="HOME")


@pytest.fixture
def other(db):
    return OrganizationFactory(name="Other Organization", slug="other", case_prefix="OTHR")


def _member(org, role: str, email: str):
    user = UserFactory(email=email)
    MembershipFactory(user=user, organization=org, role=role)
    return user


@pytest.fixture
def coordinator(home):
    return _member(home, Membership.Role.COORDINATOR, "coordinator@home.test")


@pytest.fixture
def advocate(home):
    return _member(home, Membership.Role.ADVOCATE, "advocate@home.test")


@pytest.fixture
def colleague(home):
    return _member(home, Membership.Role.ADVOCATE, "colleague@home.test")


@pytest.fixture
def lawyer(home):
    return _member(home, Membership.Role.LAWYER, "lawyer@home.test")


@pytest.fixture
def viewer(home):
    return _member(home, Membership.Role.VIEWER, "viewer@home.test")


@pytest.fixture
def outsider(other):
    return _member(other, Membership.Role.ADVOCATE, "outsider@other.test")


@pytest.fixture
def case(home, lawyer):
    """A home-organization case with the lawyer assigned."""
    from cases.models import CaseAssignment

    case = CaseFactory(person__organization=home, reference="HOME-2026-0001")
    CaseAssignment.objects.create(case=case, user=lawyer, role=CaseAssignment.Role.ATTORNEY)
    return case


@pytest.fixture
def other_case(other):
    return CaseFactory(person__organization=other, reference="OTHR-2026-0001")
