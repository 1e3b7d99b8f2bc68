"""List filters of the case and person lists that look through custody and
representation (the plain field filters are declared on the admins)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from detentions.models import Custody, Facility
from detentions.selectors import custody_visible_to

from .models import Case


def _open_stays(person_ref: str) -> Exists:
    return Exists(Custody.objects.filter(person=OuterRef(person_ref), released_on__isnull=True))


class PersonPathMixin:
    """person_path: the lookup from the list's model to Person ("person__" on cases, "" on people)."""

    person_path = "person__"

    def person_ref(self) -> str:
        return self.person_path.rstrip("_") or "pk"


class CustodyStatusFilter(PersonPathMixin, admin.SimpleListFilter):
    title = _("custody")
    parameter_name = "custody"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [
            ("detained", _("Detained now")),
            ("released", _("Released")),
            ("removed", _("Removed")),
            ("never", _("Never detained")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        ref = self.person_ref()
        held = _open_stays(ref)
        any_stay = Exists(Custody.objects.filter(person=OuterRef(ref)))
        removed = Exists(Custody.objects.filter(person=OuterRef(ref), release_reason=Custody.ReleaseReason.REMOVED))
        value = self.value()
        if value == "detained":
            return queryset.filter(held)
        if value == "released":
            return queryset.filter(any_stay).exclude(held).exclude(removed)
        if value == "removed":
            condition = removed
            if queryset.model is Case:
                condition = removed | Q(outcome=Case.Outcome.REMOVED)
            return queryset.filter(condition)
        if value == "never":
            return queryset.exclude(any_stay)
        return queryset


def facilities_now(request: HttpRequest) -> list[tuple[int, str, str]]:
    """(pk, name, state) of facilities holding someone the user sees: one query per request."""
    cached = getattr(request, "_ct_facilities_now", None)
    if cached is None:
        open_stays = custody_visible_to(request.user).filter(released_on__isnull=True).values("facility_id")
        rows = Facility.objects.filter(pk__in=open_stays).order_by("name").values_list("pk", "name", "state")
        cached = request._ct_facilities_now = list(rows[:500])
    return cached


class FacilityFilter(PersonPathMixin, admin.SimpleListFilter):
    """Where the person is held now; only facilities that hold someone the user sees."""

    title = _("facility (now)")
    parameter_name = "facility"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(str(pk), name) for pk, name, _state in facilities_now(request)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not (self.value() or "").isdigit():
            return queryset
        stays = Custody.objects.filter(person=OuterRef(self.person_ref()), released_on__isnull=True, facility_id=self.value())
        return queryset.filter(Exists(stays))


class StateFilter(PersonPathMixin, admin.SimpleListFilter):
    """The state of the facility the person is held in now."""

    title = _("state (now)")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        states = {state for _pk, _name, state in facilities_now(request) if state}
        return [(state, state) for state in sorted(states)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        stays = Custody.objects.filter(
            person=OuterRef(self.person_ref()), released_on__isnull=True, facility__state=self.value()
        )
        return queryset.filter(Exists(stays))


class RepresentedFilter(admin.SimpleListFilter):
    title = _("represented")
    parameter_name = "represented"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Represented")), ("no", _("Not represented"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(representation=Case.Representation.REPRESENTED)
        if self.value() == "no":
            return queryset.exclude(representation=Case.Representation.REPRESENTED)
        return queryset


class PersonCustodyStatusFilter(CustodyStatusFilter):
    person_path = ""


class PersonFacilityFilter(FacilityFilter):
    person_path = ""


class PersonStateFilter(StateFilter):
    person_path = ""


class ReferenceListFilter(admin.RelatedFieldListFilter):
    """Choices from the whole reference table (courts, countries), not from the rows listed.

    Django's RelatedOnlyFieldListFilter finds its choices with a DISTINCT over every row
    the user may see: hundreds of milliseconds per page at national scale. Reference
    tables are a few hundred rows, read by their own index.
    """

    def field_choices(self, field, request: HttpRequest, model_admin):
        return field.get_choices(include_blank=False, ordering=self.field_admin_ordering(field, request, model_admin))


class ColleagueListFilter(admin.RelatedFieldListFilter):
    """Users as choices (attorney): the same colleagues the case form offers, not a scan of the list."""

    def field_choices(self, field, request: HttpRequest, model_admin):
        from casetracker.admin import colleagues

        users = colleagues(request.user).order_by("first_name", "last_name", "email")
        return [(u.pk, str(u)) for u in users]


class OrganizationListFilter(admin.RelatedFieldListFilter):
    """The requester's own organizations (every organization for a superuser)."""

    def field_choices(self, field, request: HttpRequest, model_admin):
        from casetracker.models import Organization

        orgs = Organization.objects.order_by("name")
        if not request.user.is_superuser:
            orgs = orgs.filter(memberships__user=request.user).distinct()
        return [(o.pk, str(o)) for o in orgs]
