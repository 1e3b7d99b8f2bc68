"""Archive instead of delete: archived people and cases leave the working lists, keep
their history, and come back on restore; a real delete is a superuser's, typed."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from casetracker.models import AuditEntry, User
from cases import services
from cases.models import Case, Person

from .factories import PASSWORD, CaseFactory

CASE_LIST = reverse("admin:cases_case_changelist")


def act(client, url, action, *objs):
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objs], "index": "0"})


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@home.test", PASSWORD)


def test_archived_case_leaves_the_list_and_comes_back_on_restore(client, advocate, case):
    client.force_login(advocate)

    assert act(client, CASE_LIST, "archive_selected", case).status_code == 302

    case.refresh_from_db()
    assert case.is_archived and case.archived_by == advocate
    assert case.reference not in client.get(CASE_LIST).content.decode()
    assert case.reference in client.get(CASE_LIST, {"archived": "yes"}).content.decode()
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 200  # still readable
    assert case.history.first().archived_by == advocate  # the archive is in the change history

    act(client, CASE_LIST + "?archived=yes", "restore_selected", case)

    case.refresh_from_db()
    assert not case.is_archived and case.archived_by is None
    assert case.reference in client.get(CASE_LIST).content.decode()
    actions = list(AuditEntry.objects.filter(object_type="cases.case").values_list("action", flat=True))
    assert {"archive", "restore"} <= set(actions)


def test_archiving_a_person_archives_their_cases_and_restoring_brings_those_back(advocate, case, home):
    person = case.person
    earlier = CaseFactory(person=person, reference="HOME-2026-0009")
    services.case_archive(case=earlier, by=advocate, reason="Duplicate entry")

    assert services.person_archive(person=person, by=advocate, reason="Released and left the country")

    case.refresh_from_db()
    person.refresh_from_db()
    assert person.archive_reason == "Released and left the country" and case.archived_at == person.archived_at
    assert not services.person_archive(person=person, by=advocate)  # already archived

    services.person_restore(person=person, by=advocate)

    case.refresh_from_db()
    earlier.refresh_from_db()
    assert not case.is_archived
    assert earlier.is_archived and earlier.archive_reason == "Duplicate entry"  # archived on its own


def test_viewer_cannot_archive(client, viewer, case):
    from cases.models import CaseAssignment

    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    client.force_login(viewer)

    act(client, CASE_LIST, "archive_selected", case)

    case.refresh_from_db()
    assert not case.is_archived


def test_outsider_cannot_archive_another_organizations_case(client, outsider, case):
    client.force_login(outsider)

    act(client, CASE_LIST, "archive_selected", case)

    case.refresh_from_db()
    assert not case.is_archived


# --- Real deletes ---------------------------------------------------------------------------------


def delete_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def test_coordinator_cannot_delete(client, coordinator, case):
    client.force_login(coordinator)

    assert client.post(delete_url(case), {"post": "yes", "confirm": case.reference}).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.parametrize("typed", ["", "HOME-2026-0002", "home-2026-0001x"])
def test_superuser_delete_needs_the_reference_typed(client, superuser, case, typed):
    client.force_login(superuser)
    page = client.get(delete_url(case)).content.decode()
    assert 'name="confirm"' in page and case.reference in page

    response = client.post(delete_url(case), {"post": "yes", "confirm": typed})

    assert response.status_code == 200
    assert f"Type {case.reference} exactly" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()


def test_superuser_deletes_with_the_reference_typed_and_it_is_audited(client, superuser, case):
    client.force_login(superuser)

    response = client.post(delete_url(case), {"post": "yes", "confirm": case.reference})

    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (entry.actor, entry.object_label) == (superuser, case.reference)
    assert Case.history.filter(id=case.pk, history_type="-").exists()


def test_a_person_is_deleted_by_typing_person_and_id(client, superuser, home):
    from .factories import PersonFactory

    person = PersonFactory(organization=home)
    client.force_login(superuser)

    client.post(delete_url(person), {"post": "yes", "confirm": f"person-{person.pk}"})

    assert not Person.objects.filter(pk=person.pk).exists()


def test_bulk_delete_is_not_offered_even_to_a_superuser(client, superuser, case):
    client.force_login(superuser)

    act(client, CASE_LIST, "delete_selected", case)

    assert Case.objects.filter(pk=case.pk).exists()
