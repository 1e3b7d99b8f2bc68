"""Every write to custody, incidents, flights and manifests."""

from datetime import date, datetime
from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casetracker.locking import save_versioned
from casetracker.models import User
from cases.alerts import alert_on_commit
from cases.models import Delivery, Person

from .models import Airport, Custody, Facility, Flight, FlightLeg, Incident, Passenger


def _check_no_overlap(stay: Custody) -> None:
    # Python check for every database; PostgreSQL also enforces it (custody_no_overlap).
    stay.full_clean(validate_constraints=False)


def _save_stay(stay: Custody) -> Custody:
    _check_no_overlap(stay)
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"booked_in_on": "This stay overlaps another stay of the same person."}, code="custody_overlap"
        ) from exc
    return stay


@transaction.atomic
def custody_book_in(*, person: Person, facility: Facility, on: date, by: User | None, notes: str = "") -> Custody:
    """Open a detention stay. Refused if the person is already held or it overlaps history."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    open_stay = Custody.objects.filter(person=person, released_on__isnull=True).select_related("facility").first()
    if open_stay:
        raise ValidationError(
            {
                "facility": (
                    f"Already held at {open_stay.facility.name} since {open_stay.booked_in_on:%Y-%m-%d}: "
                    "record a transfer instead."
                )
            },
            code="already_detained",
        )
    return _save_stay(Custody(person=person, facility=facility, booked_in_on=on, notes=notes))


@transaction.atomic
def custody_transfer(*, person: Person, to_facility: Facility, on: date, by: User | None) -> Custody:
    """Close the person's current stay as 'transferred' on `on` and open the next one."""
    current = Custody.objects.select_for_update().filter(person=person, released_on__isnull=True).first()
    if current is None:
        raise ValidationError({"person": "This person has no open detention stay to transfer from."})
    if on < current.booked_in_on:
        raise ValidationError(
            {"on": f"A transfer cannot be before the booking-in on {current.booked_in_on:%Y-%m-%d}."}
        )
    if current.facility_id == to_facility.pk:
        raise ValidationError({"to_facility": "The person is already held at this facility."})
    current.released_on = on
    current.release_reason = Custody.ReleaseReason.TRANSFERRED
    current.version += 1
    current.save(update_fields=["released_on", "release_reason", "version"])
    stay = _save_stay(Custody(person=person, facility=to_facility, booked_in_on=on))
    alert_on_commit(kind=Delivery.Kind.ALERT_TRANSFER, person=person, about=f"custody:{stay.pk}")
    return stay


@transaction.atomic
def custody_update(*, custody: Custody, version: int, by: User | None, **changes: Any) -> Custody:
    """Correct a stay (facility, dates, notes); a ConflictError if someone saved in between."""
    for name, value in changes.items():
        setattr(custody, name, value)
    _check_no_overlap(custody)
    try:
        with transaction.atomic():
            save_versioned(custody, version=version, fields=list(changes))
    except IntegrityError as exc:
        raise ValidationError(
            {"booked_in_on": "This stay overlaps another stay of the same person."}, code="custody_overlap"
        ) from exc
    return custody


@transaction.atomic
def custody_release(*, person: Person, on: date, reason: str, by: User | None) -> Custody:
    """End the person's current stay (bond, parole, recognizance, removal...)."""
    if reason not in Custody.ReleaseReason.values or reason == Custody.ReleaseReason.TRANSFERRED:
        raise ValidationError({"reason": "Choose why the person left custody (use a transfer to move them)."})
    current = Custody.objects.select_for_update().filter(person=person, released_on__isnull=True).first()
    if current is None:
        raise ValidationError({"person": "This person has no open detention stay."})
    current.released_on = on
    current.release_reason = reason
    current.full_clean(validate_constraints=False)
    current.version += 1
    current.save(update_fields=["released_on", "release_reason", "version"])
    alert_on_commit(kind=Delivery.Kind.ALERT_RELEASE, person=person, about=f"custody:{current.pk}")
    return current


@transaction.atomic
def incident_record(*, person: Person, by: User | None, **fields: Any) -> Incident:
    if "custody" not in fields:
        fields["custody"] = Custody.objects.filter(
            person=person, booked_in_on__lte=fields.get("occurred_on") or date.max
        ).order_by("-booked_in_on").first()
    incident = Incident(person=person, reported_by=by, **fields)
    incident.full_clean()
    incident.save()
    return incident


@transaction.atomic
def flight_create(
    *,
    by: User | None,
    legs: Iterable[tuple[Airport, Airport, datetime | None, datetime | None]] = (),
    **fields: Any,
) -> Flight:
    """Record a flight and its legs (origin, destination, departs, arrives) in order."""
    flight = Flight(**fields)
    flight.full_clean(validate_constraints=False)
    flight.save()
    for sequence, (origin, destination, departs_at, arrives_at) in enumerate(legs, start=1):
        leg = FlightLeg(
            flight=flight,
            sequence=sequence,
            origin=origin,
            destination=destination,
            departs_at=departs_at,
            arrives_at=arrives_at,
        )
        if origin.pk == destination.pk:
            raise ValidationError({"legs": f"Leg {sequence} starts and ends at {origin.iata}."})
        if departs_at and arrives_at and arrives_at <= departs_at:
            raise ValidationError({"legs": f"Leg {sequence} arrives before it departs."})
        leg.save()
    return flight


@transaction.atomic
def passenger_add(
    *, flight: Flight, person: Person, by: User | None, status: str = Passenger.Status.ON_MANIFEST, notes: str = ""
) -> Passenger:
    """Put a tracked person on a flight manifest (once per flight)."""
    passenger = Passenger(flight=flight, person=person, status=status, notes=notes, added_by=by)
    passenger.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            passenger.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"person": f"{person} is already on the manifest of this flight."}, code="already_on_manifest"
        ) from exc
    alert_on_commit(kind=Delivery.Kind.ALERT_MANIFEST, person=person, about=f"passenger:{passenger.pk}")
    return passenger


@transaction.atomic
def passenger_update(*, passenger: Passenger, by: User | None, **changes: Any) -> Passenger:
    for name, value in changes.items():
        setattr(passenger, name, value)
    passenger.full_clean(validate_unique=False, validate_constraints=False)
    passenger.save(update_fields=list(changes))
    return passenger


# --- Thin services the API needed (the admin had these writes inline) -------------------


@transaction.atomic
def incident_update(*, incident: Incident, by: User | None, **changes: Any) -> Incident:
    for name, value in changes.items():
        setattr(incident, name, value)
    incident.full_clean()
    if changes:
        incident.save(update_fields=list(changes))
    return incident


@transaction.atomic
def flight_update(*, flight: Flight, by: User | None, **changes: Any) -> Flight:
    """Change a flight's own fields (status, passenger count, ...); legs stay as recorded."""
    for name, value in changes.items():
        setattr(flight, name, value)
    flight.full_clean(validate_constraints=False)
    if changes:
        try:
            with transaction.atomic():
                flight.save(update_fields=list(changes))
        except IntegrityError as exc:
            raise ValidationError({"source_key": "Another flight from this source has this key."}) from exc
    return flight
