"""Admin for facilities, custody, incidents, airports, flights and manifests.
Scoping and service plumbing: casetracker/admin.py."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from casetracker.admin import (
    ScopedModelAdmin,
    ScopedTabularInline,
    ServiceModelForm,
    adopt,
    drop_field,
    form_changes,
    form_fields,
)
from casetracker.models import User
from cases.admin import PersonSearchMixin

from . import services
from .models import Airport, Custody, Facility, Flight, FlightLeg, Incident, Passenger
from .selectors import custody_visible_to, flights_visible_to, incidents_visible_to, passengers_visible_to


@admin.register(Facility)
class FacilityAdmin(ScopedModelAdmin):
    list_display = ("name", "code", "kind", "city", "state", "aor", "time_zone")
    list_filter = ("state", "kind", "aor")
    search_fields = ("name", "city", "code")
    fieldsets = (
        (None, {"fields": ("name", "code", "kind", "type_code", "operator", "capacity")}),
        (_("Address"), {"fields": ("address", "city", "county", "state", "zip_code", "time_zone", "phone")}),
        (_("ICE"), {"fields": ("aor", "first_used_on", "last_used_on", "source")}),
        (_("Visiting"), {"fields": ("visiting_rules",)}),
    )


@admin.register(Airport)
class AirportAdmin(ScopedModelAdmin):
    list_display = ("iata", "icao", "name", "city", "country", "time_zone")
    list_filter = ("country",)
    search_fields = ("iata", "icao", "name")


# --- Custody and incidents ---------------------------------------------------------------


class CustodyForm(ServiceModelForm):
    service_error_fields = {"reason": "release_reason", "on": "released_on", "to_facility": "facility"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        closing = self.instance.pk and self.initial.get("released_on") is None and cleaned.get("released_on")
        if closing and cleaned.get("release_reason") == Custody.ReleaseReason.TRANSFERRED:
            self.add_error("release_reason", "Record a transfer to move the person to another facility.")
        return cleaned


@admin.register(Custody)
class CustodyAdmin(PersonSearchMixin, ScopedModelAdmin):
    scope = staticmethod(custody_visible_to)
    owner = ("person__organization",)
    related = ("person", "facility")
    person_path = "person__"
    raw_search_fields = ("facility__name",)
    form = CustodyForm
    list_display = ("person", "facility", "booked_in_on", "released_on", "release_reason")
    list_select_related = ("person", "facility")
    list_filter = ("release_reason", ("facility__state", admin.AllValuesFieldListFilter))
    search_fields = ("person__search_key", "facility__name")
    search_help_text = _("Name in any script, A-number, or facility.")
    autocomplete_fields = ("person", "facility")
    readonly_fields = ("created_at",)
    fields = ("person", "facility", "booked_in_on", "released_on", "release_reason", "notes", "version", "created_at")
    date_hierarchy = "booked_in_on"

    def get_fieldsets(self, request: HttpRequest, obj: Custody | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        # A new stay is open; it is closed later by a release (or a transfer).
        for name in ("released_on", "release_reason"):
            fieldsets = [(title, {**opts, "fields": drop_field(opts["fields"], name)}) for title, opts in fieldsets]
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Custody | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "person") if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: Custody, form, change: bool) -> None:
        if not change:
            stay = services.custody_book_in(
                person=obj.person, facility=obj.facility, on=obj.booked_in_on, by=request.user, notes=obj.notes
            )
            adopt(obj, stay)
            return
        closing = form.initial.get("released_on") is None and obj.released_on is not None
        changes = form_changes(form, exclude=["released_on", "release_reason"] if closing else ())
        if changes:
            services.custody_update(custody=obj, version=form.cleaned_data["version"], by=request.user, **changes)
        if closing:
            services.custody_release(
                person=obj.person, on=obj.released_on, reason=obj.release_reason, by=request.user
            )


@admin.register(Incident)
class IncidentAdmin(PersonSearchMixin, ScopedModelAdmin):
    scope = staticmethod(incidents_visible_to)
    owner = ("person__organization",)
    related = ("person", "custody__facility")
    person_path = "person__"
    list_display = ("occurred_on", "kind", "severity", "person", "custody")
    list_select_related = ("person", "custody__facility")
    list_filter = ("kind", "severity")
    search_fields = ("person__search_key",)
    autocomplete_fields = ("person", "custody")
    readonly_fields = ("reported_by", "created_at")
    fields = ("person", "custody", "kind", "occurred_on", "severity", "description", "reported_by", "created_at")
    date_hierarchy = "occurred_on"

    def save_model(self, request: HttpRequest, obj: Incident, form, change: bool) -> None:
        if not change:
            fields = form_fields(form, exclude=["person", "reported_by"])
            if fields.get("custody") is None:
                fields.pop("custody", None)  # the service finds the stay it happened in
            adopt(obj, services.incident_record(person=obj.person, by=request.user, **fields))
            return
        super().save_model(request, obj, form, change)


# --- Flights and manifests -------------------------------------------------------------


def legs_visible_to(user: User) -> QuerySet[FlightLeg]:
    return FlightLeg.objects.filter(flight_id__in=flights_visible_to(user).values("pk"))


def passenger_add(*, flight: Flight, obj: Passenger, by: User) -> Passenger:
    passenger = services.passenger_add(flight=flight, person=obj.person, by=by, status=obj.status, notes=obj.notes)
    if obj.arrival_outcome:
        services.passenger_update(passenger=passenger, by=by, arrival_outcome=obj.arrival_outcome)
    return passenger


class FlightLegInline(ScopedTabularInline):
    model = FlightLeg
    scope = staticmethod(legs_visible_to)
    related = ("origin", "destination")
    fields = ("sequence", "origin", "destination", "departs_at", "arrives_at", "passenger_count")
    autocomplete_fields = ("origin", "destination")
    show_change_link = False


class PassengerInline(ScopedTabularInline):
    """Only the passengers the user may see: a manifest entry reveals a tracked person."""

    model = Passenger
    scope = staticmethod(passengers_visible_to)
    owner = ("person__organization",)
    related = ("person", "added_by")
    fields = ("person", "status", "arrival_outcome", "notes", "added_by")
    readonly_fields = ("added_by",)
    autocomplete_fields = ("person",)

    def create(self, request: HttpRequest, parent: Flight, obj: Passenger, form) -> Passenger:
        return passenger_add(flight=parent, obj=obj, by=request.user)

    def update(self, request: HttpRequest, obj: Passenger, form) -> Passenger:
        changes = form_changes(form, exclude=["flight", "person"])
        return services.passenger_update(passenger=obj, by=request.user, **changes)


@admin.register(Flight)
class FlightAdmin(ScopedModelAdmin):
    scope = staticmethod(flights_visible_to)
    list_display = (
        "flight_date",
        "carrier",
        "flight_number",
        "kind",
        "status",
        "destination_country",
        "reported_passenger_count",
        "confidence",
    )
    list_select_related = ("destination_country",)
    list_filter = ("status", "kind", "confidence")
    search_fields = ("flight_number", "carrier", "source_key")
    autocomplete_fields = ("destination_country",)
    readonly_fields = ("created_at",)
    date_hierarchy = "flight_date"
    inlines = (FlightLegInline, PassengerInline)

    def save_model(self, request: HttpRequest, obj: Flight, form, change: bool) -> None:
        if not change:
            adopt(obj, services.flight_create(by=request.user, **form_fields(form)))
            return
        super().save_model(request, obj, form, change)


@admin.register(Passenger)
class PassengerAdmin(PersonSearchMixin, ScopedModelAdmin):
    scope = staticmethod(passengers_visible_to)
    owner = ("person__organization",)
    related = ("person", "flight")
    person_path = "person__"
    raw_search_fields = ("flight__flight_number",)
    list_display = ("person", "flight", "status", "arrival_outcome", "added_at")
    list_select_related = ("person", "flight")
    list_filter = ("status", "arrival_outcome")
    search_fields = ("person__search_key", "flight__flight_number")
    autocomplete_fields = ("flight", "person")
    readonly_fields = ("added_by", "added_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Passenger | None = None) -> tuple:
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "flight", "person") if obj is not None else readonly

    def save_model(self, request: HttpRequest, obj: Passenger, form, change: bool) -> None:
        if not change:
            adopt(obj, passenger_add(flight=obj.flight, obj=obj, by=request.user))
            return
        changes = form_changes(form)
        if changes:
            services.passenger_update(passenger=obj, by=request.user, **changes)
