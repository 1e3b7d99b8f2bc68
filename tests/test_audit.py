import pytest
from django.test import RequestFactory

from casetracker import audit
from casetracker.models import AuditEntry


def test_record_keeps_reference_not_person_data(case, advocate):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = advocate

    entry = audit.record(AuditEntry.Action.VIEW, request=request, obj=case, channel="ui")

    entry.refresh_from_db()
    assert entry.actor == advocate
    assert entry.ip == "203.0.113.7"
    assert entry.object_type == "cases.case"
    assert entry.object_label == case.reference
    assert entry.organization_id == case.organization_id
    assert entry.details == {"channel": "ui"}


def test_audit_entries_cannot_be_changed_or_deleted(advocate):
    entry = audit.record(AuditEntry.Action.LOGIN, actor=advocate)

    entry.action = AuditEntry.Action.LOGOUT
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="logout")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditEntry.Action.LOGIN
