"""Logins, logouts and failed logins go to the audit log.

A failed attempt records the account it was aimed at when that account exists, never
what was typed: the email field sometimes holds a password typed in the wrong box.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import audit
from .models import AuditEntry, User


@receiver(user_logged_in, dispatch_uid="audit_login")
def audit_login(sender, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit.record(AuditEntry.Action.LOGIN, actor=user, request=request, organization_id=audit.organization_of(user))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def audit_logout(sender, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None or not user.is_authenticated:
        return
    audit.record(AuditEntry.Action.LOGOUT, actor=user, request=request, organization_id=audit.organization_of(user))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def audit_login_failed(sender, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    typed = str(credentials.get("username") or credentials.get("email") or "").strip()
    account = get_user_model().objects.filter(email__iexact=typed).first() if typed and len(typed) <= 254 else None
    audit.record(
        AuditEntry.Action.LOGIN_FAILED,
        actor=account,
        request=request,
        organization_id=audit.organization_of(account),
        known_account=account is not None,
    )
