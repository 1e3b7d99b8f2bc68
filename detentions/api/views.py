"""/api/v1/ facilities, custody, incidents, airports, flights, passengers."""

from typing import Any

import django_filters as df
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from casetracker.api_base import PagePages
from casetracker.api_viewsets import ScopedViewSet, versioned
from cases.api.views import IdFilter
from detentions import services
from detentions.models import Airport, Custody, Facility, Flight, Incident, Passenger
from detentions.selectors import custody_visible_to, flights_visible_to, incidents_visible_to, passengers_visible_to

from . import serializers as s

# --- Reference -----------------------------------------------------------------------


class FacilityFilter(df.FilterSet):
    class Meta:
        model = Facility
        fields = {"kind": ["exact"], "state": ["exact"], "aor": ["exact"], "code": ["exact"]}


@extend_schema(tags=["reference"])
class FacilityViewSet(viewsets.ReadOnlyModelViewSet):
    """Detention facilities from the public ICE lists (read-only)."""

    queryset = Facility.objects.all()
    serializer_class = s.FacilitySerializer
    pagination_class = PagePages
    filterset_class = FacilityFilter
    search_fields = ["name", "city", "code", "operator"]
    ordering_fields = ["name", "state", "city"]
    ordering = ["name"]
    lookup_value_regex = r"[0-9]+"


class AirportFilter(df.FilterSet):
    class Meta:
        model = Airport
        fields = {"iata": ["exact"], "country": ["exact"]}


@extend_schema(tags=["reference"])
class AirportViewSet(viewsets.ReadOnlyModelViewSet):
    """Airports (IATA code, time zone), read-only."""

    queryset = Airport.objects.all()
    serializer_class = s.AirportSerializer
    pagination_class = PagePages
    filterset_class = AirportFilter
    search_fields = ["iata", "name", "city"]
    ordering_fields = ["iata", "name"]
    ordering = ["iata"]
    lookup_value_regex = r"[0-9]+"


# --- Custody -------------------------------------------------------------------------


class CustodyFilter(df.FilterSet):
    person = IdFilter(field_name="person_id")
    facility = IdFilter(field_name="facility_id")
    open = df.BooleanFilter(field_name="released_on", lookup_expr="isnull", help_text="Still held.")
    state = df.CharFilter(field_name="facility__state")

    class Meta:
        model = Custody
        fields = ["person", "facility", "open", "release_reason", "state"]


@extend_schema(tags=["custody"])
class CustodyViewSet(ScopedViewSet):
    """Detention stays. Book in with POST; move with `transfer`, end with `release`."""

    scope = staticmethod(custody_visible_to)
    owner = ("person__organization",)
    related = ("person", "facility")
    serializer_class = s.CustodySerializer
    filterset_class = CustodyFilter
    person_path = "person__"
    ordering_fields = ["booked_in_on", "id"]
    ordering = ["-id"]  # newest first, from the primary key index
    action_perms = {"transfer": "change", "release": "change"}

    def create_object(self, data: dict[str, Any]) -> Custody:
        person = data["person"]
        self.require_write(person.organization_id)
        return services.custody_book_in(
            person=person, facility=data["facility"], on=data["booked_in_on"], by=self.request.user,
            notes=data.get("notes", ""),
        )  # fmt: skip

    def update_object(self, custody: Custody, data: dict[str, Any]) -> Custody:
        version = versioned(data, custody)
        return services.custody_update(
            custody=custody, version=version, by=self.request.user, notes=data.get("notes", custody.notes)
        )

    def _open_stay(self) -> Custody:
        custody = self.get_object()
        if not custody.is_open:
            raise exceptions.ValidationError({"non_field_errors": [_("This stay has already ended.")]})
        return custody

    @extend_schema(request=s.TransferSerializer, responses={201: s.CustodySerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None, format=None):
        """Close this stay as transferred and open the next one at `to_facility`."""
        custody = self._open_stay()
        body = s.TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stay = services.custody_transfer(person=custody.person, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.reread(stay)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReleaseSerializer, responses={200: s.CustodySerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None, format=None):
        """End this stay: bond, parole, recognizance, removal or other."""
        custody = self._open_stay()
        body = s.ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stay = services.custody_release(person=custody.person, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.reread(stay)).data)


# --- Incidents -----------------------------------------------------------------------


class IncidentFilter(df.FilterSet):
    person = IdFilter(field_name="person_id")
    custody = IdFilter(field_name="custody_id")
    occurred_after = df.DateFilter(field_name="occurred_on", lookup_expr="gte")

    class Meta:
        model = Incident
        fields = ["person", "custody", "kind", "severity"]


@extend_schema(tags=["incidents"])
class IncidentViewSet(ScopedViewSet):
    """Condition reports from detention."""

    scope = staticmethod(incidents_visible_to)
    owner = ("person__organization",)
    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilter
    search_fields = ["description"]
    ordering_fields = ["occurred_on", "severity", "id"]
    ordering = ["-occurred_on", "-id"]

    def create_object(self, data: dict[str, Any]) -> Incident:
        person = data.pop("person")
        self.require_write(person.organization_id)
        return services.incident_record(person=person, by=self.request.user, **data)

    def update_object(self, incident: Incident, data: dict[str, Any]) -> Incident:
        data.pop("person", None)
        return services.incident_update(incident=incident, by=self.request.user, **data)


# --- Flights and passengers ----------------------------------------------------------


class FlightFilter(df.FilterSet):
    flight_after = df.DateFilter(field_name="flight_date", lookup_expr="gte")
    flight_before = df.DateFilter(field_name="flight_date", lookup_expr="lte")
    destination_country = df.CharFilter(field_name="destination_country_id")

    class Meta:
        model = Flight
        fields = ["kind", "status", "confidence", "destination_country"]


@extend_schema(tags=["flights"])
class FlightViewSet(ScopedViewSet):
    """Removal and transfer flights with their legs (public knowledge; who is on them is not)."""

    scope = staticmethod(flights_visible_to)
    prefetch = ("legs__origin", "legs__destination")
    serializer_class = s.FlightSerializer
    filterset_class = FlightFilter
    search_fields = ["carrier", "flight_number", "source"]
    ordering_fields = ["flight_date", "id"]
    ordering = ["-flight_date", "-id"]
    action_perms = {"add_passenger": "detentions.add_passenger"}

    def create_object(self, data: dict[str, Any]) -> Flight:
        legs = [
            (leg["origin"], leg["destination"], leg.get("departs_at"), leg.get("arrives_at"))
            for leg in data.pop("legs", [])
        ]
        return services.flight_create(by=self.request.user, legs=legs, **data)

    def update_object(self, flight: Flight, data: dict[str, Any]) -> Flight:
        data.pop("legs", None)
        return services.flight_update(flight=flight, by=self.request.user, **data)

    @extend_schema(request=s.ManifestAddSerializer, responses={201: s.PassengerSerializer})
    @action(detail=True, methods=["post"], url_path="passengers")
    def add_passenger(self, request, pk=None, format=None):
        """Put a tracked person on this flight's manifest (alerts the case team)."""
        flight = self.get_object()
        body = s.ManifestAddSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        person = body.validated_data["person"]
        if not request.user.is_superuser:
            from casetracker.roles import can_write

            if not can_write(request.user, person.organization_id):
                raise exceptions.PermissionDenied(_("You may read but not change this organization's records."))
        passenger = services.passenger_add(flight=flight, by=request.user, **body.validated_data)
        body = s.PassengerSerializer(passengers_visible_to(request.user).get(pk=passenger.pk))
        return Response(body.data, status=status.HTTP_201_CREATED)


class PassengerFilter(df.FilterSet):
    flight = IdFilter(field_name="flight_id")
    person = IdFilter(field_name="person_id")

    class Meta:
        model = Passenger
        fields = ["flight", "person", "status", "arrival_outcome"]


@extend_schema(tags=["passengers"])
class PassengerViewSet(ScopedViewSet):
    """Manifest entries: who was (or is) on which flight, and what happened on arrival."""

    scope = staticmethod(passengers_visible_to)
    owner = ("person__organization",)
    serializer_class = s.PassengerSerializer
    filterset_class = PassengerFilter
    person_path = "person__"
    ordering_fields = ["added_at", "id"]
    ordering = ["-id"]  # newest first, from the primary key index

    def create_object(self, data: dict[str, Any]) -> Passenger:
        person = data["person"]
        self.require_write(person.organization_id)
        outcome = data.pop("arrival_outcome", "")
        passenger = services.passenger_add(by=self.request.user, **data)
        if outcome:
            services.passenger_update(passenger=passenger, by=self.request.user, arrival_outcome=outcome)
        return passenger

    def update_object(self, passenger: Passenger, data: dict[str, Any]) -> Passenger:
        data.pop("flight", None)
        data.pop("person", None)
        return services.passenger_update(passenger=passenger, by=self.request.user, **data)
