import pytest

from cases.models import Case


@pytest.mark.django_db
def test_case_factory_builds_a_case(case):
    assert Case.objects.get(reference="HOME-2026-0001").person.organization.slug == "home"
