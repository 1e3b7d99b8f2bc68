"""Scoped reads for detention data: a stay, incident or manifest entry is visible
exactly when its person is (see cases.selectors)."""

from django.db.models import QuerySet

from casetracker.models import User
from cases.selectors import person_scope

from .models import Custody, Flight, Incident, Passenger


def _by_person(model, user: User | None) -> QuerySet:
    # Joined to the person and tested row by row (cases.selectors.person_scope), not
    # `person_id IN (every visible person)`, which is too big to hash at scale.
    if user is None or not user.is_authenticated or not user.is_active:
        return model.objects.none()
    if user.is_superuser:
        return model.objects.all()
    return model.objects.filter(person_scope(user, "person__"))


def custody_visible_to(user: User | None) -> QuerySet[Custody]:
    return _by_person(Custody, user)


def incidents_visible_to(user: User | None) -> QuerySet[Incident]:
    return _by_person(Incident, user)


def passengers_visible_to(user: User | None) -> QuerySet[Passenger]:
    return _by_person(Passenger, user)


def flights_visible_to(user: User | None) -> QuerySet[Flight]:
    """Flights themselves are public knowledge (ICE Air data, reported charters);
    who is on them is not, and is scoped through passengers_visible_to."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Flight.objects.none()
    return Flight.objects.all()
