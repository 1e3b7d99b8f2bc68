"""The case and person lists: filters, related columns without N+1, autocomplete FKs."""

from datetime import date

import pytest
from django.urls import reverse

from casetracker.models import AuditEntry
from cases.models import Case
from detentions import services as custody_services
from tests.factories import CaseFactory, CountryFactory, CourtFactory, FacilityFactory

CASE_LIST = reverse("admin:cases_case_changelist")
PERSON_LIST = reverse("admin:cases_person_changelist")


def shown(response) -> set[str]:
    return {row.reference for row in response.context["cl"].result_list}


@pytest.fixture
def caseload(home, lawyer):
    adams = FacilityFactory(name="Adams County Detention Center", state="MS")
    jena = FacilityFactory(name="Jena Processing Center", state="LA")
    court = CourtFactory()
    russia = CountryFactory()
    held = CaseFactory(person__organization=home, person__citizenship=russia, reference="HOME-2026-0101", court=court)
    moved = CaseFactory(person__organization=home, reference="HOME-2026-0102", attorney=lawyer,
                        representation=Case.Representation.REPRESENTED)
    out = CaseFactory(person__organization=home, reference="HOME-2026-0103", stage=Case.Stage.CLOSED,
                      outcome=Case.Outcome.REMOVED)
    never = CaseFactory(person__organization=home, reference="HOME-2026-0104")
    custody_services.custody_book_in(person=held.person, facility=adams, on=date(2026, 1, 1), by=None)
    custody_services.custody_book_in(person=moved.person, facility=adams, on=date(2026, 1, 1), by=None)
    custody_services.custody_transfer(person=moved.person, to_facility=jena, on=date(2026, 2, 1), by=None)
    custody_services.custody_book_in(person=out.person, facility=adams, on=date(2025, 1, 1), by=None)
    custody_services.custody_release(person=out.person, on=date(2025, 6, 1), reason="removed", by=None)
    return {"held": held, "moved": moved, "out": out, "never": never, "adams": adams, "jena": jena,
            "court": court, "russia": russia}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"custody": "detained"}, {"held", "moved"}),
        ({"custody": "removed"}, {"out"}),
        ({"custody": "never"}, {"never"}),
        ({"state": "LA"}, {"moved"}),
        ({"stage__exact": "closed"}, {"out"}),
        ({"outcome__exact": "removed"}, {"out"}),
        ({"represented": "yes"}, {"moved"}),
        ({"represented": "no"}, {"held", "out", "never"}),
    ],
)
def test_case_list_filters(client, advocate, caseload, params, expected):
    client.force_login(advocate)

    response = client.get(CASE_LIST, params)

    assert response.status_code == 200
    assert shown(response) == {caseload[name].reference for name in expected}


def test_case_list_filters_by_facility_court_attorney_and_nationality(client, advocate, lawyer, caseload):
    client.force_login(advocate)

    by_facility = client.get(CASE_LIST, {"facility": caseload["adams"].pk})
    by_court = client.get(CASE_LIST, {"court__id__exact": caseload["court"].pk})
    by_attorney = client.get(CASE_LIST, {"attorney__id__exact": lawyer.pk})
    by_country = client.get(CASE_LIST, {"person__citizenship__code__exact": "RU"})

    assert shown(by_facility) == {caseload["held"].reference}  # the moved person is in Jena now
    assert shown(by_court) == {caseload["held"].reference}
    assert shown(by_attorney) == {caseload["moved"].reference}
    assert shown(by_country) == {caseload["held"].reference}


def test_filter_choices_are_colleagues_and_reference_rows_never_an_outsider(client, advocate, lawyer, outsider, caseload):
    """The attorney filter lists the requester's colleagues; courts and countries come from the reference tables."""
    other_court = CourtFactory(name="Court Nobody Here Uses")
    client.force_login(advocate)

    response = client.get(CASE_LIST)
    choices = {spec.title: {str(label) for _value, label in spec.lookup_choices} for spec in response.context["cl"].filter_specs
               if hasattr(spec, "lookup_choices")}  # fmt: skip
    attorneys = next(labels for title, labels in choices.items() if "attorney" in str(title).lower())

    assert str(lawyer) in attorneys and str(outsider) not in attorneys
    assert any(other_court.name in labels for labels in choices.values())  # every court, used or not
    assert outsider.email not in response.content.decode()


def test_case_list_shows_current_facility_and_links_to_the_case_page(client, advocate, caseload):
    client.force_login(advocate)

    body = client.get(CASE_LIST).content.decode()

    assert "Jena Processing Center" in body
    assert reverse("ui-case", args=[caseload["moved"].pk]) in body


def test_person_list_filters_by_custody(client, advocate, caseload):
    client.force_login(advocate)

    response = client.get(PERSON_LIST, {"custody": "detained"})

    people = {row.pk for row in response.context["cl"].result_list}
    assert people == {caseload["held"].person_id, caseload["moved"].person_id}


def test_outsider_filter_choices_name_no_facility_of_another_organization(client, outsider, caseload):
    client.force_login(outsider)

    body = client.get(CASE_LIST).content.decode()

    assert "Adams County Detention Center" not in body
    assert "Jena Processing Center" not in body


def test_bad_filter_values_are_not_a_500(client, advocate, caseload):
    client.force_login(advocate)

    for params in ({"facility": "abc"}, {"state": "<x>"}, {"custody": "zzz"}, {"court__id__exact": "x"}):
        assert client.get(CASE_LIST, params).status_code in (200, 302)


def test_opening_a_person_in_the_admin_is_audited(client, advocate, caseload):
    client.force_login(advocate)
    person = caseload["held"].person

    client.get(reverse("admin:cases_person_change", args=[person.pk]))

    assert AuditEntry.objects.filter(action="view", object_type="cases.person", object_id=str(person.pk)).exists()


def _cases(home, n: int, facility, court) -> None:
    for _ in range(n):
        case = CaseFactory(person__organization=home, court=court, person__citizenship=CountryFactory())
        custody_services.custody_book_in(person=case.person, facility=facility, on=date(2026, 1, 1), by=None)


def test_case_list_query_count_does_not_grow_with_rows(client, advocate, home, django_assert_max_num_queries):
    facility = FacilityFactory()
    court = CourtFactory()
    client.force_login(advocate)
    counts = []
    for n in (5, 45):  # 5 rows shown, then 50
        _cases(home, n, facility, court)
        client.get(CASE_LIST)
        with django_assert_max_num_queries(30) as captured:
            response = client.get(CASE_LIST)
        counts.append(len(captured))
    assert len(response.context["cl"].result_list) == 50
    assert counts[0] == counts[1]


def test_person_list_query_count_does_not_grow_with_rows(client, advocate, home, django_assert_max_num_queries):
    facility = FacilityFactory()
    court = CourtFactory()
    client.force_login(advocate)
    counts = []
    for n in (5, 45):
        _cases(home, n, facility, court)
        client.get(PERSON_LIST)
        with django_assert_max_num_queries(30) as captured:
            client.get(PERSON_LIST)
        counts.append(len(captured))
    assert counts[0] == counts[1]
