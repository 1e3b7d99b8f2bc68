"""The admin lists page with the estimated-count paginator: exact counts up to a cap,
the planner's estimate beyond it on PostgreSQL, and no 500 on the edges (a search
that folds to nothing, pages out of range)."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker.pagination import EstimatedCountPaginator, capped_count, planner_estimate
from cases.models import Person

from .factories import CaseFactory, PersonFactory

CASE_LIST = reverse("admin:cases_case_changelist")
PERSON_LIST = reverse("admin:cases_person_changelist")


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cases_person")


# --- The paginator on its own --------------------------------------------------------


def test_small_lists_are_counted_exactly(home, settings):
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 1_000
    PersonFactory.create_batch(7, organization=home)
    paginator = EstimatedCountPaginator(Person.objects.filter(organization=home).order_by("pk"), 5)
    assert paginator.count == 7
    assert paginator.num_pages == 2
    assert not paginator.estimated
    assert len(paginator.page(2).object_list) == 2


def test_off_postgresql_every_list_is_counted_exactly(home, settings):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite behaviour")
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 0
    PersonFactory.create_batch(3, organization=home)
    paginator = EstimatedCountPaginator(Person.objects.order_by("pk"), 2)
    assert paginator.count == 3
    assert not paginator.estimated


@pytest.mark.parametrize("empty", [lambda: Person.objects.none(), lambda: Person.objects.filter(pk__in=[])])
def test_a_query_that_can_match_nothing_counts_zero(home, empty, settings):
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 0
    PersonFactory(organization=home)
    paginator = EstimatedCountPaginator(empty().order_by("pk"), 10)
    assert paginator.count == 0
    assert list(paginator.page(1).object_list) == []
    if connection.vendor == "postgresql":
        assert planner_estimate(empty()) == 0


def test_the_capped_count_stops_at_the_cap_plus_one(home):
    PersonFactory.create_batch(12, organization=home)
    queryset = Person.objects.filter(organization=home).order_by("family_name")
    assert capped_count(queryset, 5) == 6
    assert capped_count(queryset, 50) == 12


def test_pages_below_one_or_not_numbers_are_refused(home, settings):
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 0  # estimated on PostgreSQL, exact elsewhere
    PersonFactory.create_batch(3, organization=home)
    paginator = EstimatedCountPaginator(Person.objects.order_by("pk"), 2)
    for bad, error in ((0, EmptyPage), (-1, EmptyPage), ("two", PageNotAnInteger), (1.5, PageNotAnInteger)):
        with pytest.raises(error):
            paginator.validate_number(bad)


@pytest.mark.postgres
def test_a_long_list_takes_the_planner_estimate_after_a_capped_count(home, settings):
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 10
    PersonFactory.create_batch(40, organization=home)
    analyze()
    paginator = EstimatedCountPaginator(Person.objects.order_by("pk"), 10)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert paginator.estimated
    assert count >= 11  # never below what the capped count proved
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 11" in sql for sql in counts)  # no unbounded COUNT(*)
    assert any("EXPLAIN" in q["sql"] for q in queries.captured_queries)


@pytest.mark.postgres
def test_a_filter_the_planner_misjudges_still_gets_its_exact_count(home, other, settings):
    """Correlated columns fool the planner; the capped count does not."""
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 10
    PersonFactory.create_batch(60, organization=home, given_names="Ivan")
    PersonFactory.create_batch(3, organization=other, given_names="Ivan")
    analyze()
    paginator = EstimatedCountPaginator(Person.objects.filter(organization=other, given_names="Ivan").order_by("pk"), 2)
    assert paginator.count == 3
    assert not paginator.estimated
    assert paginator.num_pages == 2


@pytest.mark.postgres
def test_pages_past_a_short_estimate_are_served_not_refused(home, settings):
    settings.CT_ESTIMATED_COUNT_THRESHOLD = 10
    PersonFactory.create_batch(40, organization=home)
    analyze()
    paginator = EstimatedCountPaginator(Person.objects.order_by("pk"), 10)
    # Asked before anything else has read the count.
    far = paginator.count // 10 + 5
    assert EstimatedCountPaginator(Person.objects.order_by("pk"), 10).validate_number(far) == far
    assert list(paginator.page(far).object_list) == []
    assert len(paginator.page(4).object_list) == 10


# --- Wired into the admin lists --------------------------------------------------------


def test_the_admin_lists_page_with_it(client, coordinator, case, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(CASE_LIST)
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert isinstance(response.context["cl"].paginator, EstimatedCountPaginator)


@pytest.mark.parametrize("url", [PERSON_LIST, CASE_LIST])
@pytest.mark.parametrize("query", ["%", "%%", "_", "!?", "'", "\\"])
def test_a_search_that_folds_to_nothing_is_an_empty_list_not_a_500(client, coordinator, case, url, query):
    client.force_login(coordinator)
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert case.reference not in response.content.decode()


def test_a_search_that_matches_counts_what_it_finds(client, coordinator, home):
    CaseFactory.create_batch(3, person__organization=home, person__family_name="Zamora")
    CaseFactory.create_batch(2, person__organization=home)
    client.force_login(coordinator)
    response = client.get(CASE_LIST, {"q": "zamora"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


@pytest.mark.parametrize("page", ["0", "-3", "99"])
def test_a_page_out_of_range_redirects_to_the_list_not_a_500(client, coordinator, case, page):
    client.force_login(coordinator)
    CaseFactory.create_batch(60, person__organization=case.organization)
    response = client.get(CASE_LIST, {"p": page})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_a_page_that_is_not_a_number_shows_the_first(client, coordinator, case):
    client.force_login(coordinator)
    response = client.get(CASE_LIST, {"p": "abc"})
    assert response.status_code == 200
    assert case.reference in response.content.decode()


def test_the_second_page_holds_the_rest(client, coordinator, home):
    CaseFactory.create_batch(55, person__organization=home)
    client.force_login(coordinator)
    response = client.get(CASE_LIST, {"p": "2"})
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_count == 55
    assert len(cl.result_list) == 5


def test_outsiders_count_none_of_another_organizations_rows(client, outsider, case):
    client.force_login(outsider)
    response = client.get(CASE_LIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
    assert case.reference not in response.content.decode()
