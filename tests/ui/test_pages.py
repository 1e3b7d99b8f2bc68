"""Dashboard, search and the case page with its timeline (Django test client)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casetracker.models import AuditEntry
from cases.models import CaseAssignment, Deadline, Note
from detentions import services as custody_services
from detentions.models import Custody, Flight, Passenger
from tests.factories import CaseFactory, CourtFactory, FacilityFactory, HearingFactory, PersonFactory


def case_url(case) -> str:
    return reverse("ui-case", args=[case.pk])


@pytest.fixture
def vovchenko_case(home):
    person = PersonFactory(
        organization=home,
        family_name="Vovchenko",
        given_names="Andrei",
        native_name="Андрей Вовченко",
        a_number="123456789",
        last_arrival_date=date(2025, 3, 1),
    )
    return CaseFactory(person=person, reference="HOME-2026-0042")


# --- Dashboard ----------------------------------------------------------------------


def test_anonymous_user_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_dashboard_shows_my_hearings_and_counts_by_stage(client, lawyer, case):
    HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=3))
    client.force_login(lawyer)

    body = client.get("/").content.decode()

    assert case.reference in body  # my hearing in the next 14 days
    assert "Removal proceedings" in body


def test_dashboard_lists_long_detentions_and_unrepresented_with_hearing_soon(client, advocate, case):
    facility = FacilityFactory(name="Adams County Detention Center")
    custody_services.custody_book_in(person=case.person, facility=facility, on=date.today() - timedelta(days=200), by=None)
    HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=5))
    client.force_login(advocate)

    response = client.get("/")

    long_rows = [row.stay.person_id for row in response.context["long_detentions"]]
    assert long_rows == [case.person_id]
    assert [c.pk for c in response.context["unrepresented"]] == [case.pk]
    assert "Adams County Detention Center" in response.content.decode()


def test_outsider_dashboard_counts_nothing_of_another_organization(client, outsider, case):
    client.force_login(outsider)

    response = client.get("/")

    assert sum(count for _stage, _label, count in response.context["stage_counts"]) == 0
    assert case.reference not in response.content.decode()


# --- Search -------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Вовченко", "vovchenko", "Andrey Vovchenko", "VOVCHENKO Andrei"])
def test_search_finds_a_name_in_any_script(client, advocate, vovchenko_case, query):
    client.force_login(advocate)

    response = client.get(reverse("ui-search"), {"q": query})

    assert [p.pk for p in response.context["results"].people] == [vovchenko_case.person_id]
    assert vovchenko_case.reference in response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["Vovchenco", "Вавченко", "Vovchenko Andrey"])
def test_search_tolerates_misspellings_on_postgresql(client, advocate, vovchenko_case, query):
    client.force_login(advocate)

    response = client.get(reverse("ui-search"), {"q": query})

    assert [p.pk for p in response.context["results"].people] == [vovchenko_case.person_id]


def test_search_finds_a_partial_name(client, advocate, vovchenko_case):
    client.force_login(advocate)

    response = client.get(reverse("ui-search"), {"q": "Vovchen"})

    assert [p.pk for p in response.context["results"].people] == [vovchenko_case.person_id]


@pytest.mark.parametrize("query", ["A-123-456-789", "123456789", "a 123 456 789", "A123456789"])
def test_search_finds_an_a_number_in_any_form(client, advocate, vovchenko_case, query):
    client.force_login(advocate)

    response = client.get(reverse("ui-search"), {"q": query})

    assert [p.pk for p in response.context["results"].people] == [vovchenko_case.person_id]


def test_search_finds_a_case_reference(client, advocate, vovchenko_case):
    client.force_login(advocate)

    response = client.get(reverse("ui-search"), {"q": "home-2026-0042"})

    assert [c.pk for c in response.context["results"].cases] == [vovchenko_case.pk]


def test_outsider_finds_nobody_of_another_organization(client, outsider, vovchenko_case):
    client.force_login(outsider)

    for query in ("Вовченко", "A-123-456-789", "HOME-2026-0042"):
        response = client.get(reverse("ui-search"), {"q": query})
        assert response.context["results"].count == 0
        assert "VOVCHENKO" not in response.content.decode()


def test_search_is_audited_without_the_query(client, advocate, vovchenko_case):
    client.force_login(advocate)

    client.get(reverse("ui-search"), {"q": "Вовченко"})

    entry = AuditEntry.objects.get(action="search")
    assert entry.actor == advocate
    assert entry.details["results"] == 1
    assert "Вовченко" not in str(entry.details) and "vovchenko" not in str(entry.details).lower()


@pytest.mark.parametrize("query", ["", "   ", "%", "'; DROP TABLE", "<script>", "A-000-000-000", "x" * 5000, "\x00"])
def test_odd_queries_never_fail(client, advocate, vovchenko_case, query):
    client.force_login(advocate)

    assert client.get(reverse("ui-search"), {"q": query}).status_code == 200


# --- Case page ----------------------------------------------------------------------


def test_case_page_shows_header_and_timeline(client, advocate, vovchenko_case):
    person = vovchenko_case.person
    first = FacilityFactory(name="Adams County Detention Center", state="MS")
    second = FacilityFactory(name="Jena Processing Center", state="LA")
    custody_services.custody_book_in(person=person, facility=first, on=date(2025, 3, 2), by=None)
    custody_services.custody_transfer(person=person, to_facility=second, on=date(2025, 6, 1), by=None)
    HearingFactory(case=vovchenko_case)
    Note.objects.create(case=vovchenko_case, author=advocate, body="Called the family", kind=Note.Kind.CALL)
    client.force_login(advocate)

    response = client.get(case_url(vovchenko_case))

    body = response.content.decode()
    assert response.status_code == 200
    assert "VOVCHENKO, Andrei" in body and "Андрей Вовченко" in body
    assert "A-123-456-789" in body
    assert "Jena Processing Center" in body
    kinds = [event.kind for event in response.context["events"]]
    assert kinds[:3] == ["entry", "custody", "case"] or kinds[0] == "entry"
    titles = [event.title for event in response.context["events"]]
    assert "Transferred to Jena Processing Center" in titles
    assert response.context["run"].facilities == 2 and response.context["run"].states == 2


def test_opening_a_case_is_audited(client, advocate, case):
    client.force_login(advocate)

    client.get(case_url(case))

    entry = AuditEntry.objects.get(action="view")
    assert (entry.object_type, entry.object_id, entry.object_label) == ("cases.case", str(case.pk), case.reference)


@pytest.mark.parametrize("role", ["outsider", "viewer"])
def test_a_case_the_user_may_not_see_is_a_404(client, request, role, case):
    client.force_login(request.getfixturevalue(role))

    response = client.get(case_url(case))

    assert response.status_code == 404
    assert case.person.family_name not in response.content.decode()


def test_lawyer_sees_assigned_case(client, lawyer, case):
    client.force_login(lawyer)
    assert client.get(case_url(case)).status_code == 200


def test_a_missing_case_is_a_404(client, advocate):
    client.force_login(advocate)
    assert client.get(reverse("ui-case", args=[999999])).status_code == 404


def test_viewer_sees_no_action_forms_or_save_buttons(client, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    client.force_login(viewer)

    response = client.get(case_url(case))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["forms"] == {}
    assert 'name="save"' not in body
    assert 'class="ct-form"' not in body
    assert "Edit case" not in body


def test_names_with_markup_display_as_text(client, advocate, home):
    person = PersonFactory(organization=home, family_name='<script>alert("x")</script>', native_name="O'Brien \"Q\"")
    case = CaseFactory(person=person)
    client.force_login(advocate)

    body = client.get(case_url(case)).content.decode()
    search_body = client.get(reverse("ui-search"), {"q": "script alert"}).content.decode()

    for page in (body, search_body):
        assert '<script>alert("x")</script>' not in page
        assert "&lt;SCRIPT&gt;ALERT(&quot;X&quot;)&lt;/SCRIPT&gt;" in page
    assert "O&#x27;Brien &quot;Q&quot;" in body


def _populate(case, n: int, court, facilities, start: int = 0) -> None:
    person = case.person
    for i in range(start, start + n):
        HearingFactory(case=case, court=court, starts_at=timezone.now() + timedelta(days=i + 1))
        Deadline.objects.create(case=case, kind=f"Manual {i}", due_on=date.today() + timedelta(days=i))
        Note.objects.create(case=case, body=f"note {i}")
        flight = Flight.objects.create(flight_date=date(2025, 1, 1) + timedelta(days=i))
        Passenger.objects.create(flight=flight, person=person)
    for i in range(start, start + n):
        Custody.objects.create(
            person=person,
            facility=facilities[i % len(facilities)],
            booked_in_on=date(2020, 1, 1) + timedelta(days=10 * i),
            released_on=date(2020, 1, 1) + timedelta(days=10 * i + 9),
            release_reason="transferred",
        )


def test_case_page_query_count_does_not_grow_with_rows(client, advocate, home, django_assert_max_num_queries):
    court = CourtFactory()
    facilities = [FacilityFactory(), FacilityFactory()]
    case = CaseFactory(person__organization=home)
    client.force_login(advocate)
    counts = []
    for rows in (5, 45):  # 5 rows of everything, then 50
        _populate(case, rows, court, facilities, start=len(counts) * 5)
        client.get(case_url(case))  # warm per-user caches the same way for both sizes
        with django_assert_max_num_queries(32) as captured:
            response = client.get(case_url(case))
        counts.append(len(captured))

    assert len(response.context["hearings"]) == 50 and len(response.context["stays"]) == 50
    assert counts[0] == counts[1]
