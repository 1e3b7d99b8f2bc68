"""What every /api/v1/ endpoint shares: who may do what, paging, throttling, errors.

(The settings name these classes; this module must not import rest_framework.views,
which reads those settings: the base viewset lives in casetracker/api_viewsets.py.)

Reads start from the scoping functions (cases/selectors.py, detentions/selectors.py):
an object the caller may not see is a 404 on every route, exactly like a missing one,
because it is not in the queryset the view looks it up in. Writes go through the
services; a service's ValidationError becomes a 400 with a message per field, a stale
version a 409.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters, pagination, permissions, status, throttling
from rest_framework.response import Response

from .locking import ConflictError
from .roles import can_write

# --- Errors --------------------------------------------------------------------------


def _django_errors(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This record was changed by someone else after you loaded it.")
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: service errors per field (400), stale versions (409),
    and database refusals of out-of-range or conflicting input (400, never a 500)."""
    if isinstance(exc, ConflictError):
        exc = Conflict(detail=exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_django_errors(exc))
    elif isinstance(exc, (IntegrityError, DataError, OverflowError)):
        exc = exceptions.ValidationError(
            detail={"non_field_errors": [_("The database refused these values; check them and try again.")]}
        )
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


# --- Permissions ---------------------------------------------------------------------

SAFE = permissions.SAFE_METHODS


class RolePermission(permissions.BasePermission):
    """Signed-in users read what the scoping functions give them; writing needs the
    role's model permission (casetracker.auth_backends) and, for an object, a writing
    role in the organization that owns it.

    Detail routes check write rights only after the object was found in the scoped
    queryset, so an invisible object is a 404 and a visible but read-only one a 403.
    """

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in SAFE or getattr(view, "detail", False) or getattr(view, "action", "") is None:
            return True  # (no action: the view answers 405 Method Not Allowed)
        if not hasattr(view, "get_queryset"):
            return True  # a plain APIView (the API root): 405 for a method it has no handler for
        return _has_model_perm(request, view)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE:
            return True
        if not _has_model_perm(request, view):
            return False
        owner = getattr(view, "owner_organization_id", None)
        org_id = owner(obj) if owner else None
        return org_id is None or can_write(request.user, org_id)


def _has_model_perm(request, view) -> bool:
    model = view.get_queryset().model
    action = getattr(view, "action_perms", {}).get(view.action, "change" if view.detail else "add")
    if action is None:
        return request.user.is_superuser
    if "." in action:
        return request.user.has_perm(action)
    return request.user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")


# --- Lists: filtering, search, ordering, paging --------------------------------------


class FilterBackend(DjangoFilterBackend):
    pass


class SearchBackend(filters.SearchFilter):
    """`?search=`: names in any script and A-numbers in any form where the view has
    people (`person_path`), else DRF's icontains over `search_fields`."""

    def filter_queryset(self, request, queryset, view):
        person_path = getattr(view, "person_path", None)
        if person_path is None:
            return super().filter_queryset(request, queryset, view)
        from cases.admin import PersonSearchMixin

        searcher = PersonSearchMixin()
        searcher.person_path = person_path
        searcher.raw_search_fields = getattr(view, "raw_search_fields", ())
        term = request.query_params.get(self.search_param, "")[:200].replace("\x00", "")
        queryset, _duplicates = searcher.get_search_results(request, queryset, term)
        return queryset

    def get_search_fields(self, view, request):
        fields = super().get_search_fields(view, request)
        if fields is None and getattr(view, "person_path", None) is not None:
            return ["name"]  # makes the schema list ?search= for people-backed lists
        return fields

    def get_schema_operation_parameters(self, view):
        if not self.get_search_fields(view, None):
            return []
        description = (
            _("Name in any script (Latin or Cyrillic), or an A-number written any way.")
            if getattr(view, "person_path", None) is not None
            else _("Text search.")
        )
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": str(description),
                "schema": {"type": "string"},
            }
        ]


class OrderingBackend(filters.OrderingFilter):
    """`?ordering=` over the view's `ordering_fields`; unknown fields are ignored."""


class CursorPages(pagination.CursorPagination):
    """Cursor paging: a page costs the same at row 10 and row 10 million."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.ValidationError({self.cursor_query_param: [_("Invalid cursor.")]}) from error


class PagePages(pagination.PageNumberPagination):
    """Numbered pages for the small reference lists."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# --- Throttling ----------------------------------------------------------------------


class _SettingsRate:
    def get_rate(self) -> str | None:
        return getattr(settings, "CT_API_THROTTLE_RATES", {}).get(self.scope)


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass
