"""The base of every /api/v1/ resource: rows from a scoping function, writes through services."""

from typing import Any, Callable

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response

from .roles import can_write


class ScopedViewSet(viewsets.ModelViewSet):
    """A resource whose rows come from a scoping function and whose writes go
    through services.

    Subclasses set `scope` (the selector), `owner` (lookups to the owning
    organization, for write rights), and implement `create_object(data)` /
    `update_object(instance, data)` calling the services.
    """

    scope: Callable[[Any], QuerySet]
    owner: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    lookup_value_regex = r"[0-9]+"
    # No PUT (PATCH changes what is sent); DELETE only where a record is archived.
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Model permission an action needs: "add", "change", a full permission name, or
    # None for superusers only. Unlisted: "change" on detail routes, else "add".
    action_perms: dict[str, str | None] = {}

    def get_queryset(self) -> QuerySet:
        queryset = type(self).scope(self.request.user)
        if self.related:
            queryset = queryset.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset

    def owner_organization_id(self, obj: models.Model) -> int | None:
        for lookup in self.owner:
            target: Any = obj
            *path, last = lookup.split("__")
            for step in path:
                target = getattr(target, step, None)
                if target is None:
                    break
            else:
                org_id = getattr(target, f"{last}_id", None)
                if org_id is not None:
                    return org_id
        return None

    def perform_create(self, serializer: serializers.Serializer) -> None:
        with transaction.atomic():
            serializer.instance = self.create_object(dict(serializer.validated_data))

    def perform_update(self, serializer: serializers.Serializer) -> None:
        with transaction.atomic():
            serializer.instance = self.update_object(serializer.instance, dict(serializer.validated_data))

    def create_object(self, data: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method)

    def update_object(self, instance: models.Model, data: dict[str, Any]) -> models.Model:
        raise exceptions.MethodNotAllowed(self.request.method)

    def require_write(self, organization_id: int) -> None:
        """Refuse (403) a write into an organization where the user has no writing role."""
        if not can_write(self.request.user, organization_id):
            raise exceptions.PermissionDenied(_("You may read but not change this organization's records."))

    def reread(self, instance: models.Model) -> models.Model:
        """The saved row as the list and detail routes show it (related rows loaded)."""
        return self.get_queryset().get(pk=instance.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        body = self.get_serializer(self.reread(serializer.instance)).data
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self.get_serializer(self.reread(serializer.instance)).data)


def versioned(data: dict[str, Any], instance: models.Model) -> int:
    """The version the client edited from: required on every change of a locked record."""
    version = data.pop("version", None)
    if version is None:
        raise exceptions.ValidationError({"version": [_("Send the version you loaded, to detect concurrent edits.")]})
    return version
