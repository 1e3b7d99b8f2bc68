"""Where people are held, where they are moved, and the flights that take them away."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Country, Person


class Facility(models.Model):
    """A place ICE holds people, seeded from public ICE lists."""

    class Kind(models.TextChoices):
        PROCESSING_CENTER = "spc", _("ICE processing center")
        STAGING = "staging", _("Staging facility")
        IGSA = "igsa", _("County jail (IGSA)")
        USMS_IGA = "usms", _("US Marshals facility (IGA)")
        CONTRACT = "contract", _("Private contract facility")
        FAMILY = "family", _("Family residential center")
        CBP = "cbp", _("CBP station")
        HOSPITAL = "hospital", _("Hospital")
        BOP = "bop", _("Federal prison (BOP)")
        JUVENILE = "juvenile", _("Juvenile facility")
        HOLD = "hold", _("Hold room")
        OTHER = "other", _("Other / unknown")

    code = models.CharField(
        _("code"),
        max_length=16, unique=True, null=True, blank=True, help_text=_("ICE detention location code (DETLOC).")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    type_code = models.CharField(_("type code"), max_length=16, blank=True, help_text=_("ICE's own facility type code, e.g. IGSA."))
    operator = models.CharField(_("operator"), max_length=160, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    county = models.CharField(_("county"), max_length=80, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("zip code"), max_length=10, blank=True)
    aor = models.CharField(_("ICE field office"), max_length=3, blank=True, help_text=_("Area of responsibility code."))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    visiting_rules = models.TextField(_("visiting rules"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    first_used_on = models.DateField(_("first used on"), null=True, blank=True)
    last_used_on = models.DateField(_("last used on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=80, blank=True, help_text=_("Where this record came from."))

    class Meta:
        verbose_name = _("facility")
        ordering = ["name"]
        verbose_name_plural = _("facilities")
        indexes = [models.Index(fields=["state"], name="facility_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.state})" if self.city else self.name


class Custody(models.Model):
    """One detention stay. A person's stays never overlap; a transfer closes one and opens the next."""

    class ReleaseReason(models.TextChoices):
        TRANSFERRED = "transferred", _("Transferred")
        BOND = "bond", _("Released on bond")
        PAROLE = "parole", _("Paroled")
        RECOGNIZANCE = "recognizance", _("Recognizance / ATD")
        REMOVED = "removed", _("Removed")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="custody_stays", verbose_name=_("person"))
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stays", verbose_name=_("facility"))
    booked_in_on = models.DateField(_("booked in on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_reason = models.CharField(_("release reason"), max_length=16, choices=ReleaseReason.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Optimistic-locking counter."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("custody stay")
        ordering = ["person", "booked_in_on"]
        verbose_name_plural = _("custody stays")
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
            raise ValidationError({"released_on": _("Release cannot be before booking-in.")})
        if self.released_on and not self.release_reason:
            raise ValidationError({"release_reason": _("Say why the stay ended.")})
        if not self.released_on and self.release_reason:
            raise ValidationError({"released_on": _("A stay with a release reason needs a release date.")})
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
        MEDICAL = "medical", _("Medical")
        HUNGER_STRIKE = "hunger_strike", _("Hunger strike")
        WEIGHT_LOSS = "weight_loss", _("Weight loss")
        USE_OF_FORCE = "use_of_force", _("Use of force")
        SOLITARY = "solitary", _("Solitary confinement")
        NO_COUNSEL = "no_counsel", _("No access to counsel or interpreter")
        RELIGIOUS_DIETARY = "religious_dietary", _("Religious / dietary")
        OTHER = "other", _("Other")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("person"))
    custody = models.ForeignKey(Custody, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents", verbose_name=_("custody"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("occurred on"))
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("description"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reported by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"

    def clean(self) -> None:
        if self.custody_id and self.person_id and self.custody.person_id != self.person_id:
            raise ValidationError({"custody": _("This stay is another person's.")})


class Airport(models.Model):
    """An airport, from airportsdata (IATA code, IANA time zone)."""

    iata = models.CharField(_("IATA code"), max_length=3, unique=True)
    icao = models.CharField(_("ICAO code"), max_length=4, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=160)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2."))
    time_zone = models.CharField(_("time zone"), max_length=64)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("airport")
        verbose_name_plural = _("airports")
        ordering = ["iata"]

    def __str__(self) -> str:
        return f"{self.iata} {self.name}"


class Flight(models.Model):
    """A removal or transfer flight, known or rumored."""

    class Kind(models.TextChoices):
        REMOVAL = "removal", _("Removal")
        TRANSFER = "transfer", _("Transfer")

    class Status(models.TextChoices):
        RUMORED = "rumored", _("Rumored")
        SCHEDULED = "scheduled", _("Scheduled")
        DEPARTED = "departed", _("Departed")
        ARRIVED = "arrived", _("Arrived")
        CANCELLED = "cancelled", _("Cancelled")

    class Confidence(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High (confirmed)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REMOVAL)
    carrier = models.CharField(_("carrier"), max_length=80, blank=True, help_text=_("Airline or charter operator."))
    flight_number = models.CharField(_("flight number"), max_length=16, blank=True)
    flight_date = models.DateField(_("flight date"), help_text=_("Date of the first departure (local)."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUMORED)
    destination_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    , verbose_name=_("destination country"))
    reported_passenger_count = models.PositiveIntegerField(_("reported passenger count"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Who reported it, or the data set."))
    source_key = models.CharField(_("source key"), max_length=80, blank=True, help_text=_("Natural key within the source, for re-imports."))
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("flight")
        verbose_name_plural = _("flights")
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
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="legs", verbose_name=_("flight"))
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    origin = models.ForeignKey(Airport, on_delete=models.PROTECT, related_name="+", verbose_name=_("origin"))
    destination = models.ForeignKey(Airport, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination"))
    departs_at = models.DateTimeField(_("departs at"), null=True, blank=True)
    arrives_at = models.DateTimeField(_("arrives at"), null=True, blank=True)
    passenger_count = models.PositiveIntegerField(_("passenger count"), null=True, blank=True)

    class Meta:
        verbose_name = _("flight leg")
        verbose_name_plural = _("flight legs")
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
        ON_MANIFEST = "on_manifest", _("On manifest")
        REMOVED = "removed", _("Removed")
        REFUSED_BOARDING = "refused", _("Refused boarding")
        STAY_GRANTED = "stay_granted", _("Taken off — stay granted")
        MEDICAL = "medical", _("Taken off — medical")
        UNKNOWN = "unknown", _("Unknown")

    class ArrivalOutcome(models.TextChoices):
        RELEASED = "released", _("Released after questioning")
        DETAINED = "detained", _("Detained on arrival")
        CONSCRIPTED = "conscripted", _("Conscripted")
        UNKNOWN = "unknown", _("Whereabouts unknown")

    flight = models.ForeignKey(Flight, on_delete=models.PROTECT, related_name="passengers", verbose_name=_("flight"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="flights", verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ON_MANIFEST)
    arrival_outcome = models.CharField(_("arrival outcome"), max_length=16, choices=ArrivalOutcome.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")
        ordering = ["flight", "person"]
        constraints = [models.UniqueConstraint(fields=["flight", "person"], name="passenger_once_per_flight")]

    def __str__(self) -> str:
        return f"{self.person} on {self.flight}"
