"""Continuous custody: how long someone has been held, across transfers."""

from dataclasses import dataclass
from datetime import date
from typing import Protocol, Sequence

# A gap of at most this many days between one stay's release and the next booking
# still counts as one continuous custody (transfers often book in the next day).
TRANSFER_GAP_DAYS = 1


class Stay(Protocol):
    booked_in_on: date
    released_on: date | None
    release_reason: str

    @property
    def facility(self): ...


@dataclass(frozen=True)
class ContinuousCustody:
    since: date
    until: date | None  # None while still detained
    days: int
    facilities: int
    states: int

    def __str__(self) -> str:
        days = f"{self.days} {'day' if self.days == 1 else 'days'}"
        facilities = f"{self.facilities} {'facility' if self.facilities == 1 else 'facilities'}"
        states = f"{self.states} {'state' if self.states == 1 else 'states'}"
        return f"detained {days}, {facilities}, {states}"


def _continues(earlier: Stay, later: Stay) -> bool:
    if earlier.released_on is None:
        return False
    if earlier.release_reason and earlier.release_reason != "transferred":
        return False
    return (later.booked_in_on - earlier.released_on).days <= TRANSFER_GAP_DAYS


def continuous_custody(stays: Sequence[Stay], today: date) -> ContinuousCustody | None:
    """The latest unbroken run of stays (joined by transfers), or None without stays.

    Days are counted from the first booking to the last release, or to today while
    the person is still held.
    """
    if not stays:
        return None
    # Stays booked on one day (a same-day transfer) are ordered by release, open last.
    ordered = sorted(stays, key=lambda stay: (stay.booked_in_on, stay.released_on or date.max))
    run = [ordered[-1]]
    for earlier in reversed(ordered[:-1]):
        if not _continues(earlier, run[0]):
            break
        run.insert(0, earlier)
    until = run[-1].released_on
    end = until or today
    facilities = {stay.facility.pk for stay in run}
    states = {stay.facility.state for stay in run if stay.facility.state}
    return ContinuousCustody(
        since=run[0].booked_in_on,
        until=until,
        days=(end - run[0].booked_in_on).days,
        facilities=len(facilities),
        states=len(states),
    )
