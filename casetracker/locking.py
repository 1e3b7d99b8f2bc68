"""Optimistic locking: a save that started from a stale version is refused, not merged."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F


class ConflictError(ValidationError):
    """Someone else saved the record after the editor loaded it."""


def save_versioned(instance: models.Model, *, version: int, fields: list[str] | None = None) -> None:
    """Save instance only if its row is still at `version`, and bump the version.

    The conditional UPDATE locks the row until the surrounding transaction ends, so
    two concurrent editors are serialized and the second one gets a ConflictError.
    """
    model = type(instance)
    with transaction.atomic():
        bumped = model.objects.filter(pk=instance.pk, version=version).update(version=F("version") + 1)
        if bumped != 1:
            raise ConflictError(
                f"This {model._meta.verbose_name} was changed by someone else after you opened it. "
                "Reload it to see their changes, then make yours again.",
                code="conflict",
            )
        instance.version = version + 1
        if fields is not None:
            fields = [*fields, "version"]
            if any(field.name == "updated_at" for field in model._meta.concrete_fields):
                fields.append("updated_at")
        instance.save(update_fields=fields)
