"""The audit log records logins, views, admin writes and exports; coordinators browse
and export their own organization's entries; nobody can change a recorded row."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from casetracker import audit
from casetracker.models import AuditEntry, User

from .factories import PASSWORD
from .test_admin import change_url, post_data

AUDIT = reverse("audit-log")
EXPORT = reverse("audit-log-export")


def views_of(obj) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.VIEW, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


# --- Views: k requests, k rows ---------------------------------------------------------


@pytest.mark.parametrize("k", [1, 3])
def test_k_views_of_a_case_make_k_rows(client, advocate, case, k):
    client.force_login(advocate)

    for _ in range(k):
        assert client.get(change_url(case)).status_code == 200

    assert views_of(case) == k
    entry = AuditEntry.objects.filter(action="view", object_type="cases.case").first()
    assert (entry.actor, entry.object_label, entry.organization_id) == (advocate, case.reference, case.organization_id)
    assert entry.details == {"channel": "admin"}
    assert entry.ip == "127.0.0.1"


def test_viewing_a_person_is_recorded_under_its_organization(client, coordinator, case):
    client.force_login(coordinator)

    client.get(change_url(case.person))
    client.get(change_url(case.person))

    assert views_of(case.person) == 2
    assert set(AuditEntry.objects.filter(action="view").values_list("organization_id", flat=True)) == {
        case.organization_id
    }


def test_a_page_that_shows_the_case_twice_records_one_view(advocate, case):
    request = RequestFactory().get("/")
    request.user = advocate

    audit.audit_view(request, case)
    audit.audit_view(request, case)  # e.g. the admin hook and the case page both call it
    audit.record(AuditEntry.Action.VIEW, request=request, obj=case, channel="ui")  # or record() directly
    audit.audit_view(request, case.person)

    assert views_of(case) == 1
    assert views_of(case.person) == 1


def test_an_outsider_looking_for_a_case_leaves_no_view_of_it(client, outsider, case):
    client.force_login(outsider)

    client.get(change_url(case))

    assert views_of(case) == 0


# --- Writes through the admin --------------------------------------------------------------


def test_admin_change_is_recorded_with_field_names_only(client, advocate, case):
    client.force_login(advocate)
    data = post_data(client.get(change_url(case.person)))
    data["given_names"] = "Secretname"

    assert client.post(change_url(case.person), data).status_code == 302

    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE)
    assert entry.object_type == "cases.person" and entry.object_id == str(case.person.pk)
    assert entry.details["channel"] == "admin"
    assert "Given names" in entry.details["fields"]
    assert "Secretname" not in repr(list(AuditEntry.objects.values()))


def test_admin_create_and_delete_are_recorded(client, case):
    superuser = User.objects.create_superuser("root@home.test", PASSWORD)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:cases_note_add"),
        {"case": case.pk, "kind": "call", "occurred_at_0": "2026-11-02", "occurred_at_1": "10:00", "body": "Called."},
    )
    assert response.status_code == 302
    note = case.notes.get()

    client.post(reverse("admin:cases_note_delete", args=[note.pk]), {"post": "yes", "confirm": f"note-{note.pk}"})

    rows = AuditEntry.objects.filter(object_type="cases.note", object_id=str(note.pk))
    assert sorted(rows.values_list("action", flat=True)) == ["create", "delete"]
    assert set(rows.values_list("organization_id", flat=True)) == {case.organization_id}
    assert set(rows.values_list("object_label", flat=True)) == {case.reference}


# --- Logins -------------------------------------------------------------------------------


def test_login_and_failed_login_are_recorded_without_what_was_typed(client, advocate):
    client.post("/login/", {"username": advocate.email, "password": "wrong-password-typed"})
    client.post("/login/", {"username": "nobody-such@home.test", "password": "another-typed-secret"})
    client.post("/login/", {"username": advocate.email, "password": PASSWORD})

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == ["login_failed", "login_failed", "login"]
    aimed, unknown, login = entries
    assert aimed.details["account_id"] == advocate.pk and aimed.organization_id == advocate.memberships.get().organization_id
    assert unknown.details["account_id"] is None and unknown.organization_id is None
    assert login.actor == advocate and login.organization_id == advocate.memberships.get().organization_id
    everything = repr(list(AuditEntry.objects.values()))
    assert "typed" not in everything and "nobody-such" not in everything


def test_logout_is_recorded(client, advocate):
    client.force_login(advocate)

    client.post(reverse("admin:logout"))

    assert AuditEntry.objects.filter(action="logout", actor=advocate).count() == 1


# --- Append-only ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_audit_rows(advocate):
    entry = audit.record(AuditEntry.Action.LOGIN, actor=advocate)

    for sql in ("UPDATE casetracker_auditentry SET action = 'logout'", "DELETE FROM casetracker_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)

    assert AuditEntry.objects.get(pk=entry.pk).action == AuditEntry.Action.LOGIN


def test_a_user_with_an_audit_history_cannot_be_deleted(advocate):
    from django.db.models import ProtectedError

    audit.record(AuditEntry.Action.LOGIN, actor=advocate)

    with pytest.raises(ProtectedError):
        advocate.delete()


# --- Browsing and exporting ---------------------------------------------------------------------


@pytest.fixture
def entries(case, other_case, advocate, outsider):
    audit.record(AuditEntry.Action.VIEW, actor=advocate, obj=case)
    audit.record(AuditEntry.Action.SEARCH, actor=advocate, organization_id=case.organization_id, results=2)
    audit.record(AuditEntry.Action.VIEW, actor=outsider, obj=other_case)


def test_coordinator_browses_own_organization_only(client, coordinator, entries, case, other_case):
    client.force_login(coordinator)

    response = client.get(AUDIT)

    assert response.status_code == 200
    body = response.content.decode()
    assert case.reference in body and other_case.reference not in body
    assert "outsider@other.test" not in body
    shown = list(response.context["page"])
    assert {e.organization_id for e in shown} == {case.organization_id}


def test_coordinator_filters_by_user_action_object_and_date(client, coordinator, advocate, entries, case):
    client.force_login(coordinator)

    def shown(**query):
        return [(e.action, e.object_label) for e in client.get(AUDIT, query).context["page"]]

    assert shown(action="search") == [("search", "")]
    assert shown(reference=case.reference) == [("view", case.reference)]
    assert shown(object_type="cases.case", object_id=str(case.pk)) == [("view", case.reference)]
    assert len(shown(actor=advocate.pk)) == 2
    assert shown(since="2000-01-01", until="2000-01-02") == []
    response = client.get(AUDIT, {"since": "2026-12-02", "until": "2026-12-01"})
    assert response.status_code == 200 and "before the start date" in response.content.decode()


@pytest.mark.parametrize("role", ["advocate", "lawyer", "viewer", "outsider"])
def test_only_coordinators_see_the_audit_log(client, request, role, entries):
    client.force_login(request.getfixturevalue(role))

    assert client.get(AUDIT).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(AUDIT)["Location"].startswith("/login/")


def test_csv_export_has_own_rows_and_is_itself_audited(client, coordinator, entries, case, other_case):
    client.force_login(coordinator)

    response = client.get(EXPORT, {"action": "view"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(r["action"], r["object_label"]) for r in rows] == [("view", case.reference)]
    export = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert export.actor == coordinator
    assert export.details == {"export": "audit-log", "filters": ["action"], "rows": 1}


def test_superuser_exports_everything(client, entries):
    client.force_login(User.objects.create_superuser("root@home.test", PASSWORD))

    response = client.get(EXPORT)

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "OTHR-2026-0001" in text and "HOME-2026-0001" in text


def test_the_audit_log_speaks_russian(client, coordinator, entries):
    coordinator.language = "ru"  # the signed-in user's own choice wins over the browser's
    coordinator.save(update_fields=["language"])
    client.force_login(coordinator)

    body = client.get(AUDIT).content.decode()

    assert "Журнал аудита" in body and "Выгрузить CSV" in body and "записи" in body


def test_a_search_is_recorded_without_what_was_searched(client, advocate, case):
    client.force_login(advocate)

    client.get(reverse("admin:cases_person_changelist"), {"q": "Vovchenko"})
    client.get(reverse("admin:cases_case_changelist"))  # no search: no row

    entry = AuditEntry.objects.get(action=AuditEntry.Action.SEARCH)
    assert entry.details == {"channel": "admin", "model": "cases.person"}
    assert entry.organization_id == case.organization_id
    assert "Vovchenko" not in repr(list(AuditEntry.objects.values()))
