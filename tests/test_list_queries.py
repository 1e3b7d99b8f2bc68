"""Query-count regression tests for every admin list page: a changelist showing 50
rows costs the same number of queries as one showing 5. A column that reads a
related object without list_select_related (an N+1) adds a query per row and fails
here. Every model registered in the admin is covered: a new admin without a maker
below fails test_every_admin_list_has_a_maker, so it cannot slip through.
"""

import itertools
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Heartbeat, Membership
from cases.models import ReferenceCode

from . import factories as f

FEW, MANY = 5, 50
# Above this a list page is doing too much, even if it does not grow with the rows.
BUDGET = 16

Maker = Callable[[int, dict], None]


_SEQ = itertools.count()


@pytest.fixture(autouse=True)
def _fresh_sequence():
    global _SEQ
    _SEQ = itertools.count()


def unique(n: int) -> range:
    """n fresh indices (< 676, for two-letter codes): makers run twice per test."""
    start = next(_SEQ) * 100
    return range(start, start + n)


def _two_letter(i: int) -> str:
    return chr(65 + i // 26 % 26) + chr(65 + i % 26)


def _case_kwargs(cast, i):
    return {"person__organization": cast["home"], "court": f.CourtFactory(), "attorney": _colleague(cast, i)}


def _colleague(cast, i):
    user = f.UserFactory()
    f.MembershipFactory(user=user, organization=cast["home"], role=Membership.Role.LAWYER)
    return user


MAKERS: dict[str, Maker] = {
    "casetracker.User": lambda n, cast: [_colleague(cast, i) for i in unique(n)],
    "auth.Group": lambda n, cast: [Group.objects.create(name=f"Group {i}") for i in unique(n)],
    "casetracker.Organization": lambda n, cast: [
        f.MembershipFactory(user=cast["coordinator"], organization=f.OrganizationFactory(), role=Membership.Role.VIEWER)
        for _ in range(n)
    ],
    "casetracker.Membership": lambda n, cast: [_colleague(cast, i) for i in unique(n)],
    "casetracker.Heartbeat": lambda n, cast: [
        Heartbeat.objects.create(name=f"process-{i}", seen_at=timezone.now()) for i in unique(n)
    ],
    "cases.Person": lambda n, cast: [
        f.PersonFactory(organization=cast["home"], citizenship=f.CountryFactory(code=_two_letter(i + 300),
                                                                               alpha3=f"P{_two_letter(i)}"))
        for i in unique(n)
    ],  # fmt: skip
    "cases.Case": lambda n, cast: [f.CaseFactory(**_case_kwargs(cast, i)) for i in unique(n)],
    "cases.CaseAssignment": lambda n, cast: [
        f.CaseAssignmentFactory(case__person__organization=cast["home"], user=_colleague(cast, i)) for i in unique(n)
    ],
    "cases.Hearing": lambda n, cast: [
        f.HearingFactory(case__person__organization=cast["home"], facility=f.FacilityFactory()) for _ in range(n)
    ],
    "cases.Deadline": lambda n, cast: [
        f.DeadlineFactory(case__person__organization=cast["home"], responsible=_colleague(cast, i)) for i in unique(n)
    ],
    "cases.Note": lambda n, cast: [
        f.NoteFactory(case__person__organization=cast["home"], author=_colleague(cast, i)) for i in unique(n)
    ],
    "cases.Document": lambda n, cast: [
        f.DocumentFactory(case__person__organization=cast["home"], uploaded_by=_colleague(cast, i)) for i in unique(n)
    ],
    "cases.Litigation": lambda n, cast: [f.LitigationFactory(organization=cast["home"]) for _ in range(n)],
    "cases.Country": lambda n, cast: [
        f.CountryFactory(code=_two_letter(i + 300), alpha3=f"C{_two_letter(i)}", name=f"Country {i}") for i in unique(n)
    ],
    "cases.Language": lambda n, cast: [
        f.LanguageFactory(code=f"q{_two_letter(i)}".lower(), name=f"Language {i}") for i in unique(n)
    ],
    "cases.ImmigrationCourt": lambda n, cast: [f.CourtFactory() for _ in range(n)],
    "cases.ReferenceCode": lambda n, cast: [
        ReferenceCode.objects.create(source="eoir", table="tblLookupTest", group="test", code=f"T{i}", description="x")
        for i in unique(n)
    ],
    "cases.Delivery": lambda n, cast: [
        f.DeliveryFactory(case__person__organization=cast["home"], recipient=_colleague(cast, i)) for i in unique(n)
    ],
    "detentions.Facility": lambda n, cast: [f.FacilityFactory() for _ in range(n)],
    "detentions.Airport": lambda n, cast: [
        f.AirportFactory(iata=f"Q{_two_letter(i)}", icao=f"KQ{_two_letter(i)}") for i in unique(n)
    ],
    "detentions.Custody": lambda n, cast: [
        f.CustodyFactory(person__organization=cast["home"], facility=f.FacilityFactory()) for _ in range(n)
    ],
    "detentions.Incident": lambda n, cast: [
        f.IncidentFactory(
            person=(stay := f.CustodyFactory(person__organization=cast["home"], facility=f.FacilityFactory())).person,
            custody=stay,
        )
        for _ in range(n)
    ],
    "detentions.Flight": lambda n, cast: [
        f.FlightFactory(destination_country=f.CountryFactory(code=_two_letter(i + 300), alpha3=f"F{_two_letter(i)}"))
        for i in unique(n)
    ],
    "detentions.Passenger": lambda n, cast: [
        f.PassengerFactory(person__organization=cast["home"], flight__flight_date=timezone.localdate() - timedelta(i))
        for i in unique(n)
    ],
}

# Lists that only superusers open; everyone else's list is opened as the coordinator.
SUPERUSER_LISTS = {"auth.Group", "casetracker.Heartbeat", "casetracker.User"}
# Models the "ui" helper is reworking on its branch at the time of writing: their
# list_display may change, the test still applies (same count for 5 and 50 rows).
IN_FLUX = {"cases.Case", "cases.Person", "cases.Hearing", "cases.Deadline"}


# Our apps' admins. Third-party admins (axes, knox, allauth) list the packages' own
# small bookkeeping tables with the packages' own list_display; only superusers open them.
OUR_APPS = {"cases", "detentions", "casetracker", "importers", "auth"}


def registered() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry if model._meta.app_label in OUR_APPS)


def test_every_admin_list_has_a_maker():
    missing = [label for label in registered() if label not in MAKERS]
    assert not missing, f"add a maker to tests/test_list_queries.py MAKERS for: {missing}"


def changelist_queries(client, label: str) -> tuple[int, int]:
    app_label, model_name = label.lower().split(".")
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    client.get(url)  # warm caches (content types, sessions) out of the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{label}: HTTP {response.status_code}"
    return len(captured.captured_queries), response.context["cl"].result_count


@pytest.mark.parametrize("label", [label for label in registered() if label in MAKERS])
def test_a_list_page_costs_the_same_queries_for_5_and_50_rows(client, home, coordinator, label):
    if label in SUPERUSER_LISTS:
        user = f.UserFactory(email="root@home.test", is_superuser=True)
    else:
        user = coordinator
    client.force_login(user)
    cast = {"home": home, "coordinator": coordinator}
    make = MAKERS[label]

    make(FEW, cast)
    few_queries, few_rows = changelist_queries(client, label)
    make(MANY - FEW, cast)
    many_queries, many_rows = changelist_queries(client, label)

    # The rows were listed (a list that hides them would prove nothing)...
    assert many_rows - few_rows == MANY - FEW, f"{label}: {few_rows} then {many_rows} rows"
    # ...and 45 more rows cost no more queries.
    note = " (an admin the ui branch is reworking)" if label in IN_FLUX else ""
    assert many_queries == few_queries, (
        f"{label}{note}: {few_queries} queries for {few_rows} rows, {many_queries} for {many_rows}: "
        "a list_display column reads a related object per row (add it to list_select_related)"
    )
    assert many_queries <= BUDGET, f"{label}: {many_queries} queries"
