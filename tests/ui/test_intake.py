"""Intake: person + case + current custody in one form, with the duplicate check."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import Case, Person
from detentions.models import Custody
from tests.factories import CountryFactory, CourtFactory, FacilityFactory, PersonFactory

INTAKE = reverse("ui-intake")


def intake_data(**overrides) -> dict:
    data = {
        "family_name": "Petrov",
        "given_names": "Sergei",
        "native_name": "Сергей Петров",
        "a_number": "",
        "date_of_birth": "1991-04-12",
        "sex": "M",
        "kind": Case.Kind.DEFENSIVE,
        "stage": Case.Stage.INTAKE,
        "docket": Case.Docket.DETAINED,
        "representation": Case.Representation.SEEKING,
        "booked_in_on": "2026-01-10",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_advocate_intakes_a_person_with_case_and_custody(client, advocate, colleague, home):
    facility = FacilityFactory(name="Adams County Detention Center")
    court = CourtFactory()
    country = CountryFactory()
    client.force_login(advocate)

    response = client.post(
        INTAKE,
        intake_data(
            family_name="Vovchenko",
            given_names="Andrei",
            native_name="Андрей Вовченко",
            a_number="A-123-456-789",
            facility=facility.pk,
            court=court.pk,
            citizenship=country.pk,
            team=[advocate.pk, colleague.pk],
            last_arrival_date="2025-11-02",
        ),
    )

    person = Person.objects.get(family_name="Vovchenko")
    case = person.cases.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ui-case", args=[case.pk])
    assert person.a_number == "123456789" and person.native_name == "Андрей Вовченко"
    assert person.organization == home and case.court == court
    assert Custody.objects.get(person=person, released_on__isnull=True).facility == facility
    assert set(case.assignments.values_list("user__email", flat=True)) == {advocate.email, colleague.email}
    assert case.deadlines.filter(rule="i589_one_year", due_on=date(2026, 11, 2)).exists()  # computed on save
    page = client.get(response["Location"]).content.decode()
    assert "Андрей Вовченко" in page and case.reference in page


def test_intake_without_a_facility_records_no_custody(client, advocate):
    client.force_login(advocate)

    response = client.post(INTAKE, intake_data())

    assert response.status_code == 302
    assert not Custody.objects.exists()


@pytest.mark.parametrize("written", ["123456789", "A-123-456-789", "a 123 456 789", "A#123.456.789"])
def test_same_a_number_in_any_form_blocks_with_a_link(client, advocate, home, written):
    existing = PersonFactory(organization=home, family_name="Ivanov", a_number="123456789")
    client.force_login(advocate)

    response = client.post(INTAKE, intake_data(a_number=written, confirm_not_duplicate="on"))

    body = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert 'id="duplicate-block"' in body
    assert reverse("admin:cases_person_change", args=[existing.pk]) in body
    assert "already recorded" in response.context["form"].errors["a_number"][0]


def test_an_a_number_of_another_organization_does_not_block(client, advocate, other):
    PersonFactory(organization=other, a_number="123456789")
    client.force_login(advocate)

    response = client.post(INTAKE, intake_data(a_number="A-123-456-789"))

    assert response.status_code == 302
    assert "duplicate-block" not in response.content.decode()


def test_similar_name_across_scripts_and_same_birthday_warns_then_saves_when_confirmed(client, advocate, home):
    existing = PersonFactory(
        organization=home, family_name="Vovchenko", given_names="Andrei", native_name="", date_of_birth=date(1990, 5, 1)
    )
    client.force_login(advocate)
    data = intake_data(family_name="Wowtschenko", given_names="Andrej", native_name="Андрей Вовченко", date_of_birth="1990-05-01")

    warned = client.post(INTAKE, data)

    body = warned.content.decode()
    assert warned.status_code == 200
    assert 'id="duplicate-warning"' in body
    assert reverse("admin:cases_person_change", args=[existing.pk]) in body
    assert Person.objects.count() == 1

    saved = client.post(INTAKE, {**data, "confirm_not_duplicate": "on"})

    assert saved.status_code == 302
    assert Person.objects.count() == 2


def test_a_different_birthday_is_no_duplicate(client, advocate, home):
    PersonFactory(organization=home, family_name="Petrov", native_name="", date_of_birth=date(1980, 1, 1))
    client.force_login(advocate)

    assert client.post(INTAKE, intake_data()).status_code == 302


@pytest.mark.parametrize(
    "field, value",
    [
        ("a_number", "12-34"),
        ("a_number", "A-ABC-DEF-GHI"),
        ("date_of_birth", "2999-01-01"),
        ("date_of_birth", "not a date"),
        ("family_name", ""),
        ("kind", "nonsense"),
        ("facility", "999999"),
        ("booked_in_on", ""),
        ("citizenship", "ZZ"),
    ],
)
def test_bad_input_shows_the_error_next_to_the_field(client, advocate, field, value):
    facility = FacilityFactory()
    client.force_login(advocate)
    data = intake_data(facility=facility.pk)
    data[field] = value

    response = client.post(INTAKE, data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()


def test_arrival_before_birth_is_refused_on_its_field(client, advocate):
    client.force_login(advocate)

    response = client.post(INTAKE, intake_data(last_arrival_date="1980-01-01"))

    assert response.status_code == 200
    assert "last_arrival_date" in response.context["form"].errors
    assert not Person.objects.exists()


def test_booking_in_before_birth_or_garbage_never_fails(client, advocate):
    facility = FacilityFactory()
    client.force_login(advocate)

    response = client.post(INTAKE, intake_data(facility=facility.pk, booked_in_on="0001-01-01", aliases="x" * 499))

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("role", ["viewer", "lawyer"])
def test_viewers_and_lawyers_cannot_intake(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(INTAKE).status_code == 403
    assert client.post(INTAKE, intake_data()).status_code == 403
    assert not Person.objects.exists()


def test_outsider_intakes_into_own_organization_only(client, outsider, home, other):
    client.force_login(outsider)

    refused = client.post(INTAKE, intake_data(organization=home.pk))
    assert refused.status_code == 200 and "organization" in refused.context["form"].errors

    saved = client.post(INTAKE, intake_data())
    assert saved.status_code == 302
    assert Person.objects.get().organization == other


def test_intake_form_uses_autocomplete_for_facilities_courts_and_countries(client, advocate):
    FacilityFactory(name="Adams County Detention Center")
    client.force_login(advocate)

    body = client.get(INTAKE).content.decode()
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "detentions", "model_name": "custody", "field_name": "facility", "term": "Adams"},
    )

    for name in ("facility", "court", "citizenship", "languages"):
        assert f'name="{name}"' in body
    assert body.count("admin-autocomplete") >= 4
    assert "Adams County Detention Center" not in body  # no option lists of every row
    assert [row["text"] for row in found.json()["results"]][0].startswith("Adams County Detention Center")


def test_nothing_submitted_to_the_intake_is_a_500(client, advocate):
    facility = FacilityFactory()
    client.force_login(advocate)
    valid = intake_data(facility=facility.pk)
    fields = [*valid, "court", "citizenship", "languages", "preferred_language", "attorney", "team", "organization",
              "aliases", "vulnerabilities", "last_arrival_date", "arrival_manner"]

    for field in fields:
        dated = field in ("date_of_birth", "last_arrival_date", "booked_in_on")
        for value in ["9999-12-31", "0001-01-01"] if dated else [" ", "999999999999", "\x00"]:
            response = client.post(INTAKE, {**valid, field: value})
            assert response.status_code in (200, 302), (field, value, response.status_code)
