"""The append-only audit log: every login, view of a person or case, search,
download, export, import and feed change goes through record().

Entries carry references and primary keys, never names, A-numbers or free text a
user typed (a search records that it happened and how many results, not the query).
"""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditEntry, User


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the trusted proxy saw it (REMOTE_ADDR otherwise)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


# How an object that is not itself owned by an organization reaches one that is.
_OWNER_PATHS = ("case", "person", "litigation")


def _owner(obj: models.Model) -> tuple[int | None, str]:
    """The organization that owns obj and the reference to show for it (its case's)."""
    org_id = getattr(obj, "organization_id", None)
    reference = getattr(obj, "reference", "") or ""
    for name in _OWNER_PATHS:
        if org_id is not None and reference:
            break
        if getattr(obj, f"{name}_id", None) is None:
            continue
        parent = getattr(obj, name)
        org_id = org_id if org_id is not None else getattr(parent, "organization_id", None)
        reference = reference or getattr(parent, "reference", "") or ""
    return org_id, reference


def _object_fields(obj: models.Model | None) -> dict[str, Any]:
    if obj is None:
        return {}
    org_id, label = _owner(obj)
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": label[:120],
        "organization_id": org_id,
    }


def record(
    action: str,
    *,
    actor: User | None = None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    organization_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Append one audit entry. `actor` defaults to the request's user.

    A view of an object is recorded once per request, however many layers of the page
    (admin hook, case page, API detail) report it.
    """
    if action == AuditEntry.Action.VIEW and request is not None and obj is not None:
        return _view_once(request, obj, actor=actor, organization_id=organization_id, details=details)
    return _append(action, actor=actor, request=request, obj=obj, organization_id=organization_id, details=details)


def _append(action, *, actor, request, obj, organization_id, details) -> AuditEntry:
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    fields = _object_fields(obj)
    if organization_id is not None:
        fields["organization_id"] = organization_id
    return AuditEntry.objects.create(action=action, actor=actor, ip=client_ip(request), details=details, **fields)


def _view_once(request: HttpRequest, obj: models.Model, **kwargs: Any) -> AuditEntry:
    seen = getattr(request, "_ct_audited_views", None)
    if seen is None:
        seen = {}
        request._ct_audited_views = seen
    key = (obj._meta.label_lower, str(obj.pk))
    if key not in seen:
        seen[key] = _append(AuditEntry.Action.VIEW, request=request, obj=obj, **kwargs)
    return seen[key]


def audit_view(request: HttpRequest, obj: models.Model, *, channel: str = "ui") -> AuditEntry:
    """Record that the request's user viewed obj, once per request.

    Pages that show one object call this (the admin change page, the case page, the
    API detail view); a page that reports the same object twice still makes one row,
    and k requests make k rows.
    """
    return record(AuditEntry.Action.VIEW, request=request, obj=obj, channel=channel)


def organization_of(user: User | None) -> int | None:
    """The organization a user-level event (login, logout) is filed under: their first membership."""
    if user is None or user.pk is None:
        return None
    return user.memberships.order_by("pk").values_list("organization_id", flat=True).first()


def admin_change_fields(message: Any) -> list[str]:
    """Field names from the admin's change message (a list of {"changed": {"fields": [...]}})."""
    fields: list[str] = []
    if isinstance(message, list):
        for part in message:
            for detail in part.values() if isinstance(part, dict) else ():
                fields += [str(name) for name in detail.get("fields", [])] if isinstance(detail, dict) else []
    return fields
