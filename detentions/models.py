"""Where people are held, where they are moved, and the flights that take them away."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Country, Person


class Facility(models.Model):
    """A place ICE holds people, seeded from public ICE lists."""

    class Kind(models.TextChoices):
        PROCESSING_CENTER = "spc", "ICE processing center"
        STAGING = "staging", "Staging facility"
        IGSA = "igsa", "County jail (IGSA)"
        USMS_IGA = "usms", "US Marshals facility (IGA)"
        CONTRACT = "contract", "Private contract facility"
        FAMILY = "family", "Family residential center"
        CBP = "cbp", "CBP station"
        HOSPITAL = "hospital", "Hospital"
        BOP = "bop", "Federal prison (BOP)"
        JUVENILE = "juvenile", "Juvenile facility"
        HOLD = "hold", "Hold room"
        OTHER = "other", "Other / unknown"

    code = models.CharField(
        max_length=16, unique=True, null=True, blank=True, help_text="ICE detention location code (DETLOC)."
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    type_code = models.CharField(max_length=16, blank=True, help_text="ICE's own facility type code, e.g. IGSA.")
    operator = models.CharField(max_length=160, blank=True)
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True)
    county = models.CharField(max_length=80, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    aor = models.CharField("ICE field office", max_length=3, blank=True, help_text="Area of responsibility code.")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    phone = models.CharField(max_length=40, blank=True)
    visiting_rules = models.TextField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    first_used_on = models.DateField(null=True, blank=True)
    last_used_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=80, blank=True, help_text="Where this record came from.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "facilities"
        indexes = [models.Index(fields=["state"], name="facility_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.state})" if self.city else self.name


class Custody(models.Model):
    """One detention stay. A person's stays never overlap; a transfer closes one and opens the next."""

    class ReleaseReason(models.TextChoices):
        TRANSFERRED = "transferred", "Transferred"
        BOND = "bond", "Released on bond"
        PAROLE = "parole", "Paroled"
        RECOGNIZANCE = "recognizance", "Recognizance / ATD"
        REMOVED = "removed", "Removed"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="custody_stays")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stays")
    booked_in_on = models.DateField()
    released_on = models.DateField(null=True, blank=True)
    release_reason = models.CharField(max_length=16, choices=ReleaseReason.choices, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic-locking counter.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["person", "booked_in_on"]
        verbose_name_plural = "custody stays"
        indexes = [models.Index(fields=["facility"], condition=Q(released_on__isnull=True), name="custody_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(released_on__isnull=True) | Q(released_on__gte=F("booked_in_on")),
                name="custody_release_after_booking",
            ),
            models.CheckConstraint(
                condition=Q(released_on__isnull=True, release_reason="")
                | Q(released_on__isnull=False) & ~Q(release_reason=""),
                name="custody_release_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(released_on__isnull=True), name="custody_one_open_stay"
            ),
            # On PostgreSQL an exclusion constraint (migration 0002) also forbids any
            # two stays of one person from overlapping in time.
        ]

    def __str__(self) -> str:
        return f"{self.facility} from {self.booked_in_on}"

    @property
    def is_open(self) -> bool:
        return self.released_on is None

    def overlaps(self, other: "Custody") -> bool:
        """Half-open date ranges: a stay released on the day the next one starts does not overlap."""
        self_end = self.released_on or date.max
        other_end = other.released_on or date.max
        return self.booked_in_on < other_end and other.booked_in_on < self_end

    def clean(self) -> None:
        if self.released_on and self.released_on < self.booked_in_on:
            raise ValidationError({"released_on": "Release cannot be before booking-in."})
        if self.released_on and not self.release_reason:
            raise ValidationError({"release_reason": "Say why the stay ended."})
        if not self.released_on and self.release_reason:
            raise ValidationError({"released_on": "A stay with a release reason needs a release date."})
        if not self.person_id:
            return
        for other in Custody.objects.filter(person_id=self.person_id).exclude(pk=self.pk):
            if self.overlaps(other):
                raise ValidationError(
                    {
                        "booked_in_on": (
                            f"This stay overlaps the stay at {other.facility.name} from "
                            f"{other.booked_in_on:%Y-%m-%d}: a person is held in one place at a time."
                        )
                    }
                )


class Incident(models.Model):
    """A condition report from detention."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", "Medical"
        HUNGER_STRIKE = "hunger_strike", "Hunger strike"
        WEIGHT_LOSS = "weight_loss", "Weight loss"
        USE_OF_FORCE = "use_of_force", "Use of force"
        SOLITARY = "solitary", "Solitary confinement"
        NO_COUNSEL = "no_counsel", "No access to counsel or interpreter"
        RELIGIOUS_DIETARY = "religious_dietary", "Religious / dietary"
        OTHER = "other", "Other"

    class Severity(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        HIGH = 3, "High"
        CRITICAL = 4, "Critical"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="incidents")
    custody = models.ForeignKey(Custody, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField()
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"

    def clean(self) -> None:
        if self.custody_id and self.person_id and self.custody.person_id != self.person_id:
            raise ValidationError({"custody": "This stay is another person's."})


class Airport(models.Model):
    """An airport, from airportsdata (IATA code, IANA time zone)."""

    iata = models.CharField(max_length=3, unique=True)
    icao = models.CharField(max_length=4, blank=True, db_index=True)
    name = models.CharField(max_length=160)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2.")
    time_zone = models.CharField(max_length=64)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["iata"]

    def __str__(self) -> str:
        return f"{self.iata} {self.name}"


class Flight(models.Model):
    """A removal or transfer flight, known or rumored."""

    class Kind(models.TextChoices):
        REMOVAL = "removal", "Removal"
        TRANSFER = "transfer", "Transfer"

    class Status(models.TextChoices):
        RUMORED = "rumored", "Rumored"
        SCHEDULED = "scheduled", "Scheduled"
        DEPARTED = "departed", "Departed"
        ARRIVED = "arrived", "Arrived"
        CANCELLED = "cancelled", "Cancelled"

    class Confidence(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High (confirmed)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REMOVAL)
    carrier = models.CharField(max_length=80, blank=True, help_text="Airline or charter operator.")
    flight_number = models.CharField(max_length=16, blank=True)
    flight_date = models.DateField(help_text="Date of the first departure (local).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUMORED)
    destination_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reported_passenger_count = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Who reported it, or the data set.")
    source_key = models.CharField(max_length=80, blank=True, help_text="Natural key within the source, for re-imports.")
    confidence = models.CharField(max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-flight_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"], condition=~Q(source_key=""), name="flight_source_key_unique"
            ),
        ]

    def __str__(self) -> str:
        label = " ".join(part for part in (self.carrier, self.flight_number) if part) or self.get_kind_display()
        return f"{label} {self.flight_date:%Y-%m-%d}"


class FlightLeg(models.Model):
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField(default=1)
    origin = models.ForeignKey(Airport, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(Airport, on_delete=models.PROTECT, related_name="+")
    departs_at = models.DateTimeField(null=True, blank=True)
    arrives_at = models.DateTimeField(null=True, blank=True)
    passenger_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["flight", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["flight", "sequence"], name="flight_leg_sequence_unique"),
            models.CheckConstraint(condition=~Q(origin=F("destination")), name="flight_leg_moves"),
            models.CheckConstraint(
                condition=Q(departs_at__isnull=True) | Q(arrives_at__isnull=True) | Q(arrives_at__gt=F("departs_at")),
                name="flight_leg_arrives_after_departure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin.iata} → {self.destination.iata}"


class Passenger(models.Model):
    """A person on a flight manifest."""

    class Status(models.TextChoices):
        ON_MANIFEST = "on_manifest", "On manifest"
        REMOVED = "removed", "Removed"
        REFUSED_BOARDING = "refused", "Refused boarding"
        STAY_GRANTED = "stay_granted", "Taken off — stay granted"
        MEDICAL = "medical", "Taken off — medical"
        UNKNOWN = "unknown", "Unknown"

    class ArrivalOutcome(models.TextChoices):
        RELEASED = "released", "Released after questioning"
        DETAINED = "detained", "Detained on arrival"
        CONSCRIPTED = "conscripted", "Conscripted"
        UNKNOWN = "unknown", "Whereabouts unknown"

    flight = models.ForeignKey(Flight, on_delete=models.PROTECT, related_name="passengers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flights")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ON_MANIFEST)
    arrival_outcome = models.CharField(max_length=16, choices=ArrivalOutcome.choices, blank=True)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["flight", "person"]
        constraints = [models.UniqueConstraint(fields=["flight", "person"], name="passenger_once_per_flight")]

    def __str__(self) -> str:
        return f"{self.person} on {self.flight}"
