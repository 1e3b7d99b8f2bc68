"""API shapes of facilities, custody stays, incidents, airports, flights and passengers."""

from typing import Any

from rest_framework import serializers

from cases.api.serializers import CountryField, ScopedPK, VersionMixin
from cases.selectors import people_visible_to
from detentions.models import Airport, Custody, Facility, Flight, FlightLeg, Incident, Passenger
from detentions.selectors import custody_visible_to, flights_visible_to


class FacilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = [
            "id", "code", "name", "kind", "type_code", "operator", "address", "city", "county", "state",
            "zip_code", "aor", "time_zone", "phone", "visiting_rules", "capacity", "first_used_on",
            "last_used_on", "source",
        ]  # fmt: skip
        read_only_fields = fields


class AirportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Airport
        fields = ["id", "iata", "icao", "name", "city", "country", "time_zone", "latitude", "longitude"]
        read_only_fields = fields


class CustodySerializer(VersionMixin, serializers.ModelSerializer):
    person = ScopedPK(people_visible_to)
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    release_reason = serializers.ChoiceField(
        choices=Custody.ReleaseReason.choices, allow_blank=True, read_only=True, help_text="Blank while held."
    )

    class Meta:
        model = Custody
        fields = [
            "id", "person", "facility", "booked_in_on", "released_on", "release_reason", "notes", "version",
            "created_at",
        ]  # fmt: skip
        read_only_fields = ["released_on", "release_reason", "created_at"]
        validators: list = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list) and hasattr(self.instance, "pk"):
            # Where and since when change through transfer and release; only notes change here.
            for name in ("person", "facility", "booked_in_on"):
                self.fields[name].read_only = True


class TransferSerializer(serializers.Serializer):
    to_facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    on = serializers.DateField()


class ReleaseSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.ChoiceField(
        choices=[c for c in Custody.ReleaseReason.choices if c[0] != Custody.ReleaseReason.TRANSFERRED]
    )


class IncidentSerializer(serializers.ModelSerializer):
    person = ScopedPK(people_visible_to)
    custody = ScopedPK(custody_visible_to, required=False, allow_null=True)

    class Meta:
        model = Incident
        fields = ["id", "person", "custody", "kind", "occurred_on", "severity", "description", "reported_by", "created_at"]
        read_only_fields = ["reported_by", "created_at"]
        validators: list = []

    def validate_person(self, person):
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError("An incident stays with its person.")
        return person


class AirportCode(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="iata", queryset=Airport.objects.all(), **kwargs)


class LegSerializer(serializers.ModelSerializer):
    origin = AirportCode(help_text="IATA code.")
    destination = AirportCode(help_text="IATA code.")

    class Meta:
        model = FlightLeg
        fields = ["sequence", "origin", "destination", "departs_at", "arrives_at", "passenger_count"]
        read_only_fields = ["sequence", "passenger_count"]
        validators: list = []


class FlightSerializer(serializers.ModelSerializer):
    legs = LegSerializer(many=True, required=False, help_text="In order; set when the flight is recorded.")
    destination_country = CountryField(required=False, allow_null=True)
    reported_passenger_count = serializers.IntegerField(min_value=0, max_value=10_000, required=False, allow_null=True)

    class Meta:
        model = Flight
        fields = [
            "id", "kind", "carrier", "flight_number", "flight_date", "status", "destination_country",
            "reported_passenger_count", "source", "source_key", "confidence", "notes", "legs", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        validators: list = []

    def validate_legs(self, legs: list) -> list:
        if self.instance is not None:
            raise serializers.ValidationError("Legs are recorded with the flight and cannot be changed here.")
        if len(legs) > 20:
            raise serializers.ValidationError("A flight has at most 20 legs.")
        return legs


class PassengerSerializer(serializers.ModelSerializer):
    flight = ScopedPK(flights_visible_to)
    person = ScopedPK(people_visible_to)

    class Meta:
        model = Passenger
        fields = ["id", "flight", "person", "status", "arrival_outcome", "notes", "added_by", "added_at"]
        read_only_fields = ["added_by", "added_at"]
        validators: list = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            for name in ("flight", "person"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: ["This cannot be changed; add a new manifest entry."]})
        return attrs


class ManifestAddSerializer(serializers.Serializer):
    person = ScopedPK(people_visible_to)
    status = serializers.ChoiceField(choices=Passenger.Status.choices, default=Passenger.Status.ON_MANIFEST)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")
