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


def _object_fields(obj: models.Model | None) -> dict[str, Any]:
    if obj is None:
        return {}
    label = getattr(obj, "reference", "") or ""
    return {
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_label": label[:120],
        "organization_id": getattr(obj, "organization_id", None),
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
    """Append one audit entry. `actor` defaults to the request's user."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    fields = _object_fields(obj)
    if organization_id is not None:
        fields["organization_id"] = organization_id
    return AuditEntry.objects.create(action=action, actor=actor, ip=client_ip(request), details=details, **fields)
