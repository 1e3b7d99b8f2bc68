"""The admin is the browser UI for now: who sees what, search, writes through services."""

from datetime import date, timedelta

import pytest
from django import forms
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casetracker.models import User
from cases import services
from cases.models import Case, CaseAssignment, Deadline, Document, Litigation, LitigationParty, Note, Person
from detentions.models import Custody, Flight, FlightLeg, Incident, Passenger

from .factories import (
    PASSWORD,
    AirportFactory,
    CaseFactory,
    CountryFactory,
    CourtFactory,
    FacilityFactory,
    HearingFactory,
    LanguageFactory,
    PersonFactory,
)

CASE_LIST = reverse("admin:cases_case_changelist")
PERSON_LIST = reverse("admin:cases_person_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_values(form) -> dict:
    """A form's current values as a browser would post them back."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if isinstance(field, forms.JSONField):
            value = field.prepare_value(value)
        if isinstance(field, forms.MultiValueField):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{form.add_prefix(name)}_{index}"] = part if part is not None else ""
            continue
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def post_data(response) -> dict:
    """The change page's main form and inline rows, unchanged."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_values(inline.formset.management_form))
        for form in inline.formset.initial_forms:
            data.update(form_values(form))
    return data


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default hasher takes most of a second per user; the cast has six.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def vovchenko(home):
    return PersonFactory(
        organization=home, family_name="Vovchenko", given_names="Andrei", native_name="Андрей Вовченко"
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@home.test", PASSWORD)


# --- Every role reaches the admin; each sees only its own cases ----------------------


@pytest.mark.parametrize("role", ["coordinator", "advocate", "colleague", "lawyer", "viewer", "outsider"])
def test_every_role_opens_the_dashboard_and_the_case_list(client, request, role, case, other_case):
    client.force_login(request.getfixturevalue(role))

    assert client.get("/").status_code == 200
    assert client.get(CASE_LIST).status_code == 200


def test_advocate_sees_own_case_not_other_organizations(client, advocate, case, other_case):
    client.force_login(advocate)

    body = client.get(CASE_LIST).content.decode()

    assert case.reference in body
    assert other_case.reference not in body


def test_advocate_cannot_open_other_organizations_case(client, advocate, case, other_case):
    client.force_login(advocate)

    response = client.get(change_url(other_case))

    assert response.status_code in (302, 404)
    assert other_case.reference not in response.content.decode()
    followed = client.get(change_url(other_case), follow=True).content.decode()
    assert "doesn’t exist" in followed
    assert other_case.person.family_name not in followed


def test_outsider_sees_other_case_not_home_case(client, outsider, case, other_case):
    client.force_login(outsider)

    body = client.get(CASE_LIST).content.decode()

    assert other_case.reference in body
    assert case.reference not in body
    assert client.get(change_url(case)).status_code in (302, 404)


def test_lawyer_sees_only_assigned_cases(client, lawyer, advocate, case, home):
    unassigned = CaseFactory(person__organization=home, reference="HOME-2026-0002")

    client.force_login(lawyer)
    body = client.get(CASE_LIST).content.decode()
    assert case.reference in body
    assert unassigned.reference not in body

    client.force_login(advocate)
    assert unassigned.reference in client.get(CASE_LIST).content.decode()


def test_viewer_may_not_add_or_change(client, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    client.force_login(viewer)

    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    assert client.get(reverse("admin:cases_person_add")).status_code == 403
    response = client.get(change_url(case))
    assert response.status_code == 200  # read-only view
    assert client.post(change_url(case), {}).status_code == 403


def test_nobody_but_a_superuser_deletes(client, coordinator, case):
    client.force_login(coordinator)

    url = reverse("admin:cases_case_delete", args=[case.pk])
    assert client.get(url).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_confidential_note_hidden_from_lawyer_outside_case_team(client, lawyer, advocate, case, home):
    other = CaseFactory(person__organization=home, reference="HOME-2026-0003")
    CaseAssignment.objects.create(case=other, user=lawyer, role=CaseAssignment.Role.ATTORNEY)
    CaseAssignment.objects.filter(case=other, user=lawyer).delete()
    note = Note.objects.create(case=case, author=advocate, body="Hidden detail", confidential=True)

    client.force_login(lawyer)  # on the case team: sees it
    assert client.get(change_url(note)).status_code == 200

    Note.objects.filter(pk=note.pk).update(case=other)
    assert client.get(change_url(note)).status_code in (302, 404)


# --- Choices and autocomplete are scoped -----------------------------------------------


def test_autocomplete_returns_only_visible_people(client, outsider, vovchenko):
    client.force_login(outsider)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "case", "field_name": "person", "term": "Vovchenko"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_autocomplete_finds_cyrillic_name_for_advocate(client, advocate, vovchenko):
    client.force_login(advocate)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cases", "model_name": "case", "field_name": "person", "term": "Вовченко"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(vovchenko.pk)]


def test_outsider_cannot_open_a_case_for_another_organizations_person(client, outsider, vovchenko):
    client.force_login(outsider)

    response = client.post(
        reverse("admin:cases_case_add"),
        {
            "person": vovchenko.pk,
            "kind": Case.Kind.DEFENSIVE,
            "stage": Case.Stage.INTAKE,
            "docket": Case.Docket.DETAINED,
            "representation": Case.Representation.SEEKING,
            "protected_grounds": "[]",
            "claim_basis": "[]",
            "opened_on": "2026-01-05",
            **management("assignments"),
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Case.objects.filter(person=vovchenko).exists()


def management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_flight_page_lists_only_passengers_the_user_may_see(client, advocate, outsider, vovchenko):
    flight = Flight.objects.create(flight_date=date(2025, 6, 1), carrier="GlobalX")
    Passenger.objects.create(flight=flight, person=vovchenko, added_by=advocate)

    client.force_login(outsider)
    assert "VOVCHENKO" not in client.get(change_url(flight)).content.decode()
    client.force_login(advocate)
    assert "VOVCHENKO" in client.get(change_url(flight)).content.decode()


def test_coordinator_manages_memberships_of_own_organization_only(client, coordinator, advocate, outsider, other):
    client.force_login(coordinator)

    body = client.get(reverse("admin:casetracker_membership_changelist")).content.decode()
    assert advocate.email in body
    assert outsider.email not in body
    assert other.name not in client.get(reverse("admin:casetracker_organization_changelist")).content.decode()

    response = client.post(
        reverse("admin:casetracker_membership_add"), {"user": advocate.pk, "organization": other.pk, "role": "viewer"}
    )
    assert response.status_code == 200
    assert not advocate.memberships.filter(organization=other).exists()


def test_case_team_is_assigned_through_the_case_page(client, advocate, colleague, outsider, case):
    client.force_login(advocate)
    data = post_data(client.get(change_url(case)))
    assert data["assignments-INITIAL_FORMS"] == 1  # the lawyer

    new_row = {"assignments-1-case": case.pk, "assignments-1-role": "advocate", "assignments-TOTAL_FORMS": "2"}
    refused = client.post(change_url(case), {**data, **new_row, "assignments-1-user": outsider.pk})
    assert refused.status_code == 200
    assert not case.assignments.filter(user=outsider).exists()

    response = client.post(change_url(case), {**data, **new_row, "assignments-1-user": colleague.pk})
    assert response.status_code == 302
    assert case.assignments.filter(user=colleague, role="advocate").exists()


# --- Search --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Андрей", "Andrey Vovchenko", "vovchenko", "ВОВЧЕНКО Андрей"])
def test_person_search_finds_latin_name_from_any_spelling(client, advocate, vovchenko, home, query):
    PersonFactory(organization=home, family_name="Petrov", given_names="Sergei", native_name="Сергей Петров")
    client.force_login(advocate)

    body = client.get(PERSON_LIST, {"q": query}).content.decode()

    assert "VOVCHENKO" in body
    assert "PETROV" not in body


def test_person_search_by_anumber_in_any_form(client, advocate, home):
    PersonFactory(organization=home, family_name="Numbered", a_number="123456789")
    PersonFactory(organization=home, family_name="Other", a_number="987654321")
    client.force_login(advocate)

    body = client.get(PERSON_LIST, {"q": "A-123-456-789"}).content.decode()

    assert "NUMBERED" in body
    assert "A-123-456-789" in body
    assert "OTHER" not in body


def test_case_search_by_reference_and_name(client, advocate, case, vovchenko):
    vovchenko_case = CaseFactory(person=vovchenko, reference="HOME-2026-0009")
    client.force_login(advocate)

    by_name = client.get(CASE_LIST, {"q": "Андрей Вовченко"}).content.decode()
    by_reference = client.get(CASE_LIST, {"q": case.reference}).content.decode()

    assert vovchenko_case.reference in by_name and case.reference not in by_name
    assert case.reference in by_reference and vovchenko_case.reference not in by_reference


# --- Lists run a bounded number of queries ---------------------------------------------

# 10, plus the choices of the facility/state, attorney and nationality filters.
CASE_LIST_QUERY_BOUND = 16  # constant per page: selectors, filters, session, audit; not per row


def _seed_cases(home, lawyer, count: int) -> None:
    court = CourtFactory()
    for _ in range(count):
        CaseFactory(person__organization=home, court=court, attorney=lawyer)


@pytest.mark.parametrize("rows", [5, 25])
def test_case_list_queries_do_not_grow_with_rows(client, advocate, home, lawyer, rows, django_assert_max_num_queries):
    _seed_cases(home, lawyer, rows)
    client.force_login(advocate)
    client.get(CASE_LIST)  # warm the session and content-type caches

    with django_assert_max_num_queries(CASE_LIST_QUERY_BOUND):
        response = client.get(CASE_LIST)

    assert response.status_code == 200
    assert response.content.decode().count("TEST-2026-") >= rows


# --- Writes go through services --------------------------------------------------------


def test_person_save_goes_through_the_service_and_bumps_the_version(client, advocate, vovchenko):
    client.force_login(advocate)
    data = post_data(client.get(change_url(vovchenko)))
    data["given_names"] = "Andrei Petrovich"

    response = client.post(change_url(vovchenko), data)

    assert response.status_code == 302
    vovchenko.refresh_from_db()
    assert vovchenko.given_names == "Andrei Petrovich"
    assert vovchenko.version == 2
    assert "petrovich" in vovchenko.search_key


def test_stale_person_save_shows_a_conflict_and_does_not_overwrite(client, advocate, colleague, vovchenko):
    client.force_login(advocate)
    data = post_data(client.get(change_url(vovchenko)))
    assert data["version"] == 1
    # The colleague saves first.
    services.person_update(person=Person.objects.get(pk=vovchenko.pk), version=1, by=colleague, phone="+1 555 0100")
    data["family_name"] = "Overwritten"

    response = client.post(change_url(vovchenko), data)

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    vovchenko.refresh_from_db()
    assert vovchenko.family_name == "Vovchenko"
    assert vovchenko.phone == "+1 555 0100"


def test_anumber_is_normalized_and_a_bad_one_is_a_field_error(client, advocate, vovchenko):
    client.force_login(advocate)
    data = post_data(client.get(change_url(vovchenko)))

    bad = client.post(change_url(vovchenko), {**data, "a_number": "A-12"})
    assert bad.status_code == 200
    assert "a_number" in bad.context["adminform"].form.errors

    good = client.post(change_url(vovchenko), {**data, "a_number": "A 012-345-678"})
    assert good.status_code == 302
    vovchenko.refresh_from_db()
    assert vovchenko.a_number == "012345678"


def test_duplicate_anumber_refused_by_the_service_shows_on_the_field(client, advocate, vovchenko, home):
    PersonFactory(organization=home, family_name="Holder", a_number="111222333")
    client.force_login(advocate)
    data = post_data(client.get(change_url(vovchenko)))

    response = client.post(change_url(vovchenko), {**data, "a_number": "A-111-222-333"})

    assert response.status_code == 200
    assert "already recorded" in str(response.context["adminform"].form.errors["a_number"])
    vovchenko.refresh_from_db()
    assert vovchenko.a_number == ""


def test_advocate_adds_person_in_own_organization_by_default(client, advocate, home):
    client.force_login(advocate)
    add = client.get(reverse("admin:cases_person_add"))
    assert add.context["adminform"].form.initial["organization"] == home.pk

    response = client.post(
        reverse("admin:cases_person_add"),
        {
            "organization": home.pk,
            "family_name": "Novikov",
            "given_names": "Pavel",
            "native_name": "Павел Новиков",
            "aliases": "[]",
            "vulnerabilities": "[]",
            "a_number": "A-222-333-444",
            **management("relationships"),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(family_name="Novikov")
    assert person.organization == home
    assert person.a_number == "222333444"
    assert "pavel" in person.search_key


def test_outsider_cannot_add_a_person_to_another_organization(client, outsider, home):
    client.force_login(outsider)

    response = client.post(
        reverse("admin:cases_person_add"),
        {"organization": home.pk, "family_name": "Intruder", "aliases": "[]", "vulnerabilities": "[]"},
    )

    assert response.status_code == 200
    assert not Person.objects.filter(family_name="Intruder").exists()


def test_case_opened_in_admin_gets_a_reference(client, advocate, vovchenko):
    client.force_login(advocate)

    response = client.post(
        reverse("admin:cases_case_add"),
        {
            "person": vovchenko.pk,
            "kind": Case.Kind.DEFENSIVE,
            "stage": Case.Stage.INTAKE,
            "docket": Case.Docket.DETAINED,
            "representation": Case.Representation.SEEKING,
            "protected_grounds": "[]",
            "claim_basis": "[]",
            "opened_on": "2026-01-05",
            **management("assignments"),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get(person=vovchenko)
    assert case.reference == "HOME-2026-0001"
    assert case.organization_id == vovchenko.organization_id
    assert case.created_by == advocate


def test_case_change_goes_through_the_service_and_bumps_the_version(client, advocate, case):
    client.force_login(advocate)
    data = post_data(client.get(change_url(case)))

    response = client.post(change_url(case), {**data, "stage": Case.Stage.INDIVIDUAL_HEARING})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.version) == (Case.Stage.INDIVIDUAL_HEARING, 2)


def test_lawyer_sees_the_case_read_only(client, lawyer, case):
    client.force_login(lawyer)

    response = client.get(change_url(case))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="version"' not in response.content.decode()


def test_custody_book_in_and_overlap_is_a_form_error(client, advocate, vovchenko):
    facility = FacilityFactory()
    client.force_login(advocate)
    url = reverse("admin:detentions_custody_add")
    data = {"person": vovchenko.pk, "facility": facility.pk, "booked_in_on": "2025-03-01", "notes": ""}

    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "booked_in_on": "2025-04-01"})

    assert again.status_code == 200
    assert again.context["adminform"].form.errors
    assert Custody.objects.filter(person=vovchenko).count() == 1


def test_custody_release_goes_through_the_service(client, advocate, vovchenko):
    stay = Custody.objects.create(person=vovchenko, facility=FacilityFactory(), booked_in_on=date(2025, 3, 1))
    client.force_login(advocate)
    data = post_data(client.get(change_url(stay)))

    transferred = client.post(change_url(stay), {**data, "released_on": "2025-05-01", "release_reason": "transferred"})
    assert transferred.status_code == 200
    assert "release_reason" in transferred.context["adminform"].form.errors

    response = client.post(change_url(stay), {**data, "released_on": "2025-05-01", "release_reason": "bond"})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.released_on, stay.release_reason, stay.version) == (date(2025, 5, 1), "bond", 2)


def test_hearing_added_without_a_place_is_a_field_error(client, lawyer, case):
    client.force_login(lawyer)
    url = reverse("admin:cases_hearing_add")
    starts = timezone.localtime() + timedelta(days=7)
    data = {
        "case": case.pk,
        "kind": "master",
        "status": "scheduled",
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M"),
        "duration_minutes": "60",
        "mode": "in_person",
    }

    missing = client.post(url, data)
    assert missing.status_code == 200
    assert "court" in missing.context["adminform"].form.errors

    court = CourtFactory()
    assert client.post(url, {**data, "court": court.pk}).status_code == 302
    assert case.hearings.get().court == court


def test_archive_action_hides_the_case_from_the_list(client, advocate, case):
    client.force_login(advocate)

    response = client.post(CASE_LIST, {"action": "archive_selected", "_selected_action": [case.pk]})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.archived_at is not None
    assert case.reference not in client.get(CASE_LIST).content.decode()
    assert case.reference in client.get(CASE_LIST, {"archived": "yes"}).content.decode()


# --- Login ---------------------------------------------------------------------------


def test_login_page_asks_for_email_and_password(client, db):
    body = client.get("/login/").content.decode()

    assert 'type="email"' in body
    assert 'type="password"' in body


def test_staff_member_logs_in_with_email_and_password(client, advocate):
    response = client.post("/login/", {"username": "Advocate@Home.test", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused(client, advocate):
    response = client.post("/login/", {"username": advocate.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- Permissions from roles ------------------------------------------------------------


def test_role_permissions(coordinator, advocate, lawyer, viewer, outsider):
    assert coordinator.has_perm("casetracker.change_membership")
    assert coordinator.has_perm("cases.add_case")
    assert not coordinator.has_perm("cases.delete_case")
    assert advocate.has_perm("detentions.change_custody")
    assert not advocate.has_perm("casetracker.view_membership")
    assert lawyer.has_perm("cases.add_hearing") and lawyer.has_perm("detentions.add_passenger")
    assert lawyer.has_perm("cases.view_case") and not lawyer.has_perm("cases.change_case")
    assert viewer.has_perm("cases.view_case") and not viewer.has_perm("cases.add_note")
    for user in (coordinator, advocate, lawyer, viewer, outsider):
        assert user.has_perm("detentions.view_facility")
        assert not user.has_perm("detentions.change_facility")
        assert not user.has_perm("casetracker.view_user")


def test_user_without_membership_has_no_permissions(db):
    stranger = User.objects.create_user("stranger@nowhere.test", PASSWORD, is_staff=True)

    assert stranger.get_all_permissions() == set()
    assert not stranger.has_module_perms("cases")


# --- Every page renders for a superuser ------------------------------------------------


def make_one_of_everything(case, *, by: User, responsible: User) -> None:
    """A row of every registered model around `case`."""
    country, language, court = CountryFactory(), LanguageFactory(), CourtFactory()
    facility, aex = FacilityFactory(), AirportFactory()
    cai = AirportFactory(iata="CAI", icao="HECA", name="Cairo International Airport", country="EG")
    person = case.person
    person.citizenship = country
    person.save()
    relative = PersonFactory(organization=person.organization)
    services.relationship_add(person=person, relative=relative, kind="spouse", by=by)
    HearingFactory(case=case, court=court, interpreter_language=language)
    Deadline.objects.create(case=case, kind="BIA appeal", due_on=date(2026, 3, 1), responsible=responsible)
    Note.objects.create(case=case, author=by, body="Called the facility.")
    Document.objects.create(
        case=case, title="Draft notice", file="documents/x", content_type="application/pdf", size=10, sha256="0" * 64
    )
    litigation = Litigation.objects.create(organization=case.organization, title="Doe v. Noem", federal_court="S.D.")
    LitigationParty.objects.create(litigation=litigation, person=person)
    stay = Custody.objects.create(person=person, facility=facility, booked_in_on=date(2025, 1, 10))
    Incident.objects.create(person=person, custody=stay, kind="medical", occurred_on=date(2025, 2, 1), description="x")
    flight = Flight.objects.create(flight_date=date(2025, 6, 1), carrier="GlobalX", destination_country=country)
    FlightLeg.objects.create(flight=flight, origin=aex, destination=cai)
    Passenger.objects.create(flight=flight, person=person, added_by=by)


@pytest.fixture
def one_of_everything(case, lawyer, advocate):
    make_one_of_everything(case, by=advocate, responsible=lawyer)


def test_every_admin_page_renders_for_a_superuser(client, superuser, one_of_everything):
    client.force_login(superuser)
    request = RequestFactory().get("/")
    request.user = superuser

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, opts.label
        add = client.get(reverse(f"{name}_add"))
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), opts.label
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, opts.label


@pytest.mark.parametrize("role", ["coordinator", "advocate", "lawyer", "viewer", "outsider"])
def test_every_admin_page_renders_for_each_role(client, request, role, one_of_everything):
    user = request.getfixturevalue(role)
    client.force_login(user)
    request_as_user = RequestFactory().get("/")
    request_as_user.user = user

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_permission(request_as_user):
            assert client.get(reverse(f"{name}_changelist")).status_code == 403, opts.label
            continue
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, opts.label
        if model_admin.has_add_permission(request_as_user):
            assert client.get(reverse(f"{name}_add")).status_code == 200, opts.label
        obj = model_admin.get_queryset(request_as_user).first()
        if obj is not None:
            assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200, opts.label


@pytest.mark.parametrize("role", ["superuser", "advocate"])
def test_no_list_runs_a_query_per_row(client, request, role, one_of_everything, home, lawyer, advocate):
    user = request.getfixturevalue(role)
    client.force_login(user)
    urls = {
        model._meta.label: reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model, model_admin in admin.site._registry.items()
    }

    def count_queries() -> dict[str, int]:
        counts = {}
        for label, url in urls.items():
            client.get(url)  # warm per-request caches that are not per-row
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts[label] = len(queries)
        return counts

    before = count_queries()
    for _ in range(3):
        make_one_of_everything(CaseFactory(person__organization=home), by=advocate, responsible=lawyer)

    assert count_queries() == before
