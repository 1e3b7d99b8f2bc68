"""Sign-in events land in the audit log, without the email that was typed."""

from casetracker.models import AuditEntry
from tests.factories import PASSWORD


def entries(action: str):
    return AuditEntry.objects.filter(action=action)


def test_a_login_is_recorded_with_actor_and_address(client, advocate):
    client.post("/login/", {"username": advocate.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.30")

    entry = entries(AuditEntry.Action.LOGIN).get()
    assert entry.actor == advocate
    assert entry.ip == "203.0.113.30"


def test_failed_logins_are_recorded_without_the_typed_email(client, advocate):
    client.post("/login/", {"username": advocate.email, "password": "wrong-password-xyz"}, REMOTE_ADDR="203.0.113.31")
    client.post("/login/", {"username": "nobody@home.test", "password": "wrong-password-xyz"})

    known, unknown = entries(AuditEntry.Action.LOGIN_FAILED).order_by("pk")
    assert known.details["account_id"] == advocate.pk and known.ip == "203.0.113.31"
    assert unknown.details["account_id"] is None
    assert "nobody@home.test" not in str(unknown.details) and advocate.email not in str(known.details)
    assert not entries(AuditEntry.Action.LOGIN).exists()


def test_logout_and_ending_sessions_are_recorded(client, advocate):
    from django.test import Client

    Client().post("/login/", {"username": advocate.email, "password": PASSWORD})
    client.post("/login/", {"username": advocate.email, "password": PASSWORD})
    client.post("/accounts/sessions/", {"end": "others"})
    client.post("/logout/")

    assert entries(AuditEntry.Action.LOGOUT).get().actor == advocate
    ended = entries(AuditEntry.Action.SECURITY).get()
    assert ended.actor == advocate
    assert ended.details == {"change": "sessions_ended", "count": 1}


def test_force_login_in_tests_writes_no_audit_row(client, advocate):
    client.force_login(advocate)

    assert not AuditEntry.objects.exists()
