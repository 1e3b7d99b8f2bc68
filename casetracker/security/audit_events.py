"""Sign-in events in the audit log: logins, failed logins, logouts, MFA changes.

Entries carry the account's primary key and the address, never the email typed into
the form. Requests without an address (the test client's force_login, a shell) are
not real sign-ins and are not recorded.
"""

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from casetracker import audit
from casetracker.models import AuditEntry, User

from .lockout import login_name


def _real(request) -> bool:
    return request is not None and bool(getattr(request, "META", {}).get("REMOTE_ADDR"))


@receiver(user_logged_in, dispatch_uid="ct_audit_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    if _real(request):
        audit.record(AuditEntry.Action.LOGIN, actor=user, request=request, organization_id=audit.organization_of(user))


@receiver(user_logged_out, dispatch_uid="ct_audit_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if _real(request) and user is not None:
        audit.record(AuditEntry.Action.LOGOUT, actor=user, request=request, organization_id=audit.organization_of(user))


@receiver(user_login_failed, dispatch_uid="ct_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    if not _real(request):
        return
    name = login_name(request, credentials)
    account = User.objects.filter(email__iexact=name).values_list("pk", flat=True).first() if name else None
    details = {"account_id": account, "locked_out": bool(getattr(request, "axes_locked_out", False))}
    # Filed under the targeted account's organization, so its coordinators see attacks on it.
    organization_id = audit.organization_of(User(pk=account)) if account else None
    audit.record(AuditEntry.Action.LOGIN_FAILED, actor=None, request=request, organization_id=organization_id, **details)


def _mfa_changed(change: str):
    def handler(sender, request=None, authenticator=None, **kwargs) -> None:
        user = kwargs.get("user") or getattr(authenticator, "user", None)
        if _real(request) and user is not None:
            kind = getattr(authenticator, "type", "")
            audit.record(AuditEntry.Action.SECURITY, actor=user, request=request, change=change, authenticator=kind)

    return handler


_MFA_CHANGES = (
    (authenticator_added, "mfa_added"),
    (authenticator_removed, "mfa_removed"),
    (authenticator_reset, "mfa_reset"),
)
for _signal, _change in _MFA_CHANGES:
    _signal.connect(_mfa_changed(_change), weak=False, dispatch_uid=f"ct_audit_{_change}")
