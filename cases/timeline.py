"""A case's timeline: every dated event about the case and its person, in order.

Built in Python from rows the case page has already loaded (no queries here), so the
page's query count does not grow with the number of events.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Case, Hearing, Note, Person

# Case date fields that are events, with their timeline label.
CASE_EVENTS = (
    ("opened_on", _("Case opened")),
    ("credible_fear_interview_on", _("Credible fear interview")),
    ("ij_review_requested_on", _("IJ review of negative credible fear requested")),
    ("nta_served_on", _("Notice to Appear served")),
    ("i589_filed_on", _("I-589 filed")),
    ("eoir28_filed_on", _("EOIR-28 / G-28 filed")),
    ("bond_requested_on", _("Bond requested")),
    ("bond_set_on", _("Bond set")),
    ("bond_posted_on", _("Bond posted")),
    ("parole_requested_on", _("Parole requested")),
    ("parole_granted_on", _("Parole granted")),
    ("ij_decision_on", _("IJ decision")),
    ("removal_ordered_on", _("Removal ordered")),
    ("final_order_on", _("Final order")),
    ("appeal_filed_on", _("BIA appeal filed")),
    ("bia_decision_on", _("BIA decision")),
    ("petition_for_review_filed_on", _("Petition for review filed")),
    ("stay_requested_on", _("Stay of removal requested")),
    ("stay_granted_on", _("Stay of removal granted")),
    ("closed_on", _("Case closed")),
)


@dataclass(frozen=True)
class Event:
    on: date
    kind: str  # css hook and test anchor: entry, case, hearing, custody, incident, flight, note
    title: str
    detail: str = ""
    at: datetime | None = None  # time of day when known (hearings, notes)
    urgent: bool = False

    @property
    def sort_key(self) -> tuple:
        return (self.on, self.at.timestamp() if self.at else 0.0)


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _hearing_event(hearing: Hearing) -> Event:
    local = _local(hearing.starts_at, hearing.time_zone)
    place = hearing.court or hearing.facility
    detail = " · ".join(
        str(part) for part in (hearing.get_status_display(), place, hearing.judge, hearing.result) if part
    )
    return Event(local.date(), "hearing", str(hearing.get_kind_display()), detail, at=local)


def _custody_events(stays) -> list[Event]:
    events = []
    previous = None
    for stay in sorted(stays, key=lambda s: (s.booked_in_on, s.released_on or date.max)):
        if previous is not None and previous.release_reason == "transferred":
            title = _("Transferred to %(facility)s") % {"facility": stay.facility.name}
            events.append(Event(stay.booked_in_on, "custody", title, str(stay.facility)))
        else:
            title = _("Booked in at %(facility)s") % {"facility": stay.facility.name}
            events.append(Event(stay.booked_in_on, "custody", title, str(stay.facility)))
        if stay.released_on and stay.release_reason != "transferred":
            title = _("Left custody: %(reason)s") % {"reason": stay.get_release_reason_display()}
            events.append(Event(stay.released_on, "custody", title, stay.facility.name))
        previous = stay
    return events


def build(
    *,
    case: Case,
    person: Person,
    hearings=(),
    stays=(),
    incidents=(),
    passengers=(),
    notes: "list[Note] | tuple" = (),
) -> list[Event]:
    """Every event, oldest first."""
    events: list[Event] = []
    if person.last_arrival_date:
        detail = " · ".join(str(p) for p in (person.get_arrival_manner_display(), person.arrival_place) if p)
        events.append(Event(person.last_arrival_date, "entry", str(_("Arrived in the US")), detail))
    for name, label in CASE_EVENTS:
        value = getattr(case, name)
        if value:
            detail = ""
            if name == "credible_fear_interview_on" and case.credible_fear_result:
                detail = str(case.get_credible_fear_result_display())
            if name == "bond_set_on" and case.bond_amount_usd is not None:
                detail = f"${case.bond_amount_usd:,.2f}"
            events.append(Event(value, "case", str(label), detail, urgent=name == "removal_ordered_on"))
    events.extend(_hearing_event(hearing) for hearing in hearings)
    events.extend(_custody_events(stays))
    for incident in incidents:
        title = _("Incident: %(kind)s") % {"kind": incident.get_kind_display()}
        events.append(Event(incident.occurred_on, "incident", title, str(incident.get_severity_display())))
    for passenger in passengers:
        flight = passenger.flight
        title = _("On the manifest of flight %(flight)s") % {"flight": flight}
        events.append(Event(flight.flight_date, "flight", title, str(passenger.get_status_display()), urgent=True))
    for note in notes:
        at = timezone.localtime(note.occurred_at)
        title = _("Note: %(kind)s") % {"kind": note.get_kind_display()}
        events.append(Event(at.date(), "note", title, note.body[:300], at=at))
    return sorted(events, key=lambda event: event.sort_key)
