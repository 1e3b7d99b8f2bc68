"""Scoped reads for detention data: a stay, incident or manifest entry is visible
exactly when its person is (see cases.selectors)."""

from django.db.models import QuerySet

from casetracker.models import User
from cases.selectors import people_visible_to

from .models import Custody, Flight, Incident, Passenger


def custody_visible_to(user: User | None) -> QuerySet[Custody]:
    return Custody.objects.filter(person_id__in=people_visible_to(user).values("pk"))


def incidents_visible_to(user: User | None) -> QuerySet[Incident]:
    return Incident.objects.filter(person_id__in=people_visible_to(user).values("pk"))


def passengers_visible_to(user: User | None) -> QuerySet[Passenger]:
    return Passenger.objects.filter(person_id__in=people_visible_to(user).values("pk"))


def flights_visible_to(user: User | None) -> QuerySet[Flight]:
    """Flights themselves are public knowledge (ICE Air data, reported charters);
    who is on them is not, and is scoped through passengers_visible_to."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Flight.objects.none()
    return Flight.objects.all()
