"""Hearing calendars: the events behind the calendar page and the private iCal feeds.

Every read starts from `hearings_visible_to` / `deadlines_visible_to`, so a feed
re-checks visibility each time a calendar client polls it: a user removed from a case
or an organization stops seeing its hearings on the next refresh. Feeds carry the case
reference and the hearing kind, never a person's name or A-number.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from casetracker import audit
from casetracker.models import User

from .models import CalendarFeed, Case, CaseAssignment, Deadline, Hearing, Litigation
from .selectors import cases_visible_to, deadlines_visible_to, hearings_visible_to

UTC = dt_timezone.utc
FEED_DAYS_BACK = 60  # a feed shows hearings from two months ago...
FEED_DAYS_AHEAD = 548  # ...to eighteen months ahead
FEED_REFRESH = timedelta(hours=1)  # what feeds ask calendar clients to poll at
MAX_EVENTS = 1000  # per calendar request; beyond that the page asks for narrower filters
MAX_RANGE_DAYS = 100
HEARING_RELATED = (
    "case", "litigation", "court", "facility", "interpreter_language",
    "replaced_by", "replaced_by__court", "replaced_by__facility",
)  # fmt: skip

# Hearing labels are plain strings in the models; the calendar translates them.
KIND_LABELS = {
    "cfi": _("Credible fear interview"),
    "cf_review": _("IJ review of credible fear"),
    "master": _("Master calendar"),
    "individual": _("Individual / merits"),
    "bond": _("Bond"),
    "bia": _("BIA"),
    "federal": _("Federal court"),
}
MODE_LABELS = {"in_person": _("In person"), "video": _("Video"), "telephone": _("Telephone")}
STATUS_LABELS = {
    "scheduled": _("Scheduled"),
    "held": _("Held"),
    "adjourned": _("Adjourned"),
    "cancelled": _("Cancelled"),
}


# --- What a calendar shows -------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The calendar page's filters. `attorney` is "" (everyone visible), "me" or a user id."""

    attorney: str = ""
    court: int | None = None
    judge: str = ""
    facility: int | None = None
    organization: int | None = None
    kind: str = ""

    @property
    def hearing_only(self) -> bool:
        """Filters that deadlines have nothing to match against."""
        return bool(self.facility or self.kind)


# A person's own cases are looked up first and passed as lists of ids (two queries,
# however many hearings): "case_id IN (list) OR litigation_id IN (list)" lets PostgreSQL
# combine two index scans, where the same OR over subqueries scans the whole table.


def _mine(user: User) -> Q:
    """The cases (and litigation matters) the user is on: assigned, attorney of record, team."""
    assigned = CaseAssignment.objects.filter(user_id=user.pk).order_by().values_list("case_id", flat=True)
    of_record = Case.objects.filter(attorney_id=user.pk).order_by().values_list("pk", flat=True)
    on_team = Litigation.team.through.objects.filter(user_id=user.pk).values_list("litigation_id", flat=True)
    return Q(case_id__in=list(assigned.union(of_record))) | Q(litigation_id__in=list(on_team))


def _attorney(user_id: int) -> Q:
    assigned = CaseAssignment.objects.filter(user_id=user_id, role=CaseAssignment.Role.ATTORNEY).order_by()
    of_record = Case.objects.filter(attorney_id=user_id).order_by().values_list("pk", flat=True)
    return Q(case_id__in=list(assigned.values_list("case_id", flat=True).union(of_record)))


def _common(queryset: QuerySet, user: User, filters: Filters) -> QuerySet:
    if filters.attorney == "me":
        queryset = queryset.filter(_mine(user))
    elif filters.attorney:
        queryset = queryset.filter(_attorney(int(filters.attorney)))
    if filters.organization:
        queryset = queryset.filter(
            Q(case__organization_id=filters.organization) | Q(litigation__organization_id=filters.organization)
        )
    return queryset


def calendar_hearings(*, user: User, start: datetime, end: datetime, filters: Filters = Filters()) -> QuerySet[Hearing]:
    """Hearings the user may see that start in [start, end), with what an event shows."""
    queryset = hearings_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    queryset = _common(queryset, user, filters)
    if filters.court:
        queryset = queryset.filter(court_id=filters.court)
    if filters.judge:
        queryset = queryset.filter(judge__icontains=filters.judge)
    if filters.facility:
        queryset = queryset.filter(facility_id=filters.facility)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset.select_related(*HEARING_RELATED).order_by("starts_at", "pk")


def calendar_deadlines(*, user: User, start: date, end: date, filters: Filters = Filters()) -> QuerySet[Deadline]:
    """Open deadlines the user may see due in [start, end); they follow attorney, court, judge,
    organization (done, missed and waived ones are off the calendar)."""
    if filters.hearing_only:
        return Deadline.objects.none()
    queryset = deadlines_visible_to(user).filter(due_on__gte=start, due_on__lt=end, status=Deadline.Status.OPEN)
    queryset = _common(queryset, user, filters)
    if filters.court:
        queryset = queryset.filter(case__court_id=filters.court)
    if filters.judge:
        queryset = queryset.filter(case__judge__icontains=filters.judge)
    return queryset.select_related("case", "litigation").order_by("due_on", "pk")


def matter_reference(item: Hearing | Deadline) -> str:
    """The case reference, or a neutral label for a litigation matter (captions carry names)."""
    if item.case_id:
        return item.case.reference
    docket = item.litigation.docket_number if item.litigation_id else ""
    return docket or gettext("Litigation %(id)s") % {"id": item.litigation_id}


_PK = 918273645  # stands for the primary key in a reversed URL


@lru_cache(maxsize=32)
def _change_url(name: str, urlconf: str | None, prefix: str) -> str:
    return reverse(name, args=[_PK])


def case_url(item: Hearing | Deadline) -> str:
    """The admin change page of the item's case (or litigation matter); reversed once, not per event."""
    if item.case_id:
        name, pk = "admin:cases_case_change", item.case_id
    else:
        name, pk = "admin:cases_litigation_change", item.litigation_id
    return _change_url(name, get_urlconf(), get_script_prefix()).replace(str(_PK), str(pk))


def hearing_title(hearing: Hearing) -> str:
    return f"{matter_reference(hearing)} · {KIND_LABELS.get(hearing.kind, hearing.kind)}"


def hearing_place(hearing: Hearing) -> str:
    place = hearing.court.name if hearing.court_id else (hearing.facility.name if hearing.facility_id else "")
    if hearing.courtroom:
        room = gettext("courtroom %(room)s") % {"room": hearing.courtroom}
        place = f"{place}, {room}" if place else room
    return place


def is_moved(hearing: Hearing) -> bool:
    try:
        return hearing.replaced_by is not None
    except Hearing.replaced_by.RelatedObjectDoesNotExist:
        return False


@lru_cache(maxsize=128)
def zone_of(name: str) -> ZoneInfo:
    """The named zone; UTC for a blank or unknown name rather than an error page."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def hearing_zone(hearing: Hearing) -> str:
    return zone_of(hearing.time_zone).key


def local_time(moment: datetime, zone: str) -> str:
    return moment.astimezone(zone_of(zone)).strftime("%H:%M %Z")


def hearing_event(hearing: Hearing) -> dict:
    """One hearing as a FullCalendar event (times in UTC; the page shows the court's zone)."""
    zone, moved, reference = hearing_zone(hearing), is_moved(hearing), matter_reference(hearing)
    kind = str(KIND_LABELS.get(hearing.kind, hearing.kind))
    status = gettext("Moved") if moved else str(STATUS_LABELS.get(hearing.status, hearing.status))
    return {
        "id": f"hearing-{hearing.pk}",
        "title": f"{reference} · {kind}",
        "start": hearing.starts_at.astimezone(UTC).isoformat(),
        "end": (hearing.starts_at + timedelta(minutes=hearing.duration_minutes)).astimezone(UTC).isoformat(),
        "url": case_url(hearing),
        "classNames": [f"ct-hearing-{hearing.status}", *(["ct-hearing-moved"] if moved else [])],
        "extendedProps": {
            "type": "hearing",
            "reference": reference,
            "kind": kind,
            "status": status,
            "scheduled": hearing.status == Hearing.Status.SCHEDULED and not moved,
            "place": hearing_place(hearing),
            "judge": hearing.judge,
            "mode": str(MODE_LABELS.get(hearing.mode, hearing.mode)),
            "interpreter": hearing.interpreter_language.name if hearing.interpreter_language_id else "",
            "timeZone": zone,
            "courtTime": local_time(hearing.starts_at, zone),
        },
    }


def deadline_event(deadline: Deadline) -> dict:
    return {
        "id": f"deadline-{deadline.pk}",
        "title": f"{matter_reference(deadline)} · {deadline.kind}",
        "start": deadline.due_on.isoformat(),
        "allDay": True,
        "url": case_url(deadline),
        "classNames": ["ct-deadline", f"ct-deadline-{deadline.status}"],
        "extendedProps": {"type": "deadline", "reference": matter_reference(deadline), "status": deadline.status},
    }


# --- Feed tokens -------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_url(token: str) -> str:
    """The full URL a calendar client subscribes to (base URL from CT_BASE_URL)."""
    return settings.CT_BASE_URL + reverse("calendar-feed", args=[token])


def feeds_of(user: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(owner_id=user.pk).select_related("case")


def _audit_feed(feed: CalendarFeed, event: str, *, by: User | None, request=None, **details) -> None:
    audit.record(
        "feed",
        actor=by,
        request=request,
        obj=feed,
        organization_id=feed.case.organization_id if feed.case_id else None,
        event=event,
        kind=feed.kind,
        **({"case": feed.case.reference} if feed.case_id else {}),
        **details,
    )


@transaction.atomic
def feed_create(
    *, owner: User, case: Case | None = None, by: User | None, request=None
) -> tuple[CalendarFeed, str]:
    """A new private feed for the owner (of one case when given); returns the feed and its token.

    The token is returned once and only its hash is kept.
    """
    if case is not None and not cases_visible_to(owner).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("No case with this reference that you can see.")})
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        kind=CalendarFeed.Kind.CASE if case else CalendarFeed.Kind.USER,
        owner=owner,
        case=case,
        token_hash=hash_token(token),
    )
    _audit_feed(feed, "created", by=by, request=request)
    return feed, token


@transaction.atomic
def feed_revoke(*, feed: CalendarFeed, by: User | None, request=None) -> CalendarFeed:
    """Stop a feed for good: its URL answers 404 from now on."""
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        _audit_feed(feed, "revoked", by=by, request=request)
    return feed


@transaction.atomic
def feed_rotate(*, feed: CalendarFeed, by: User | None, request=None) -> tuple[CalendarFeed, str]:
    """Replace a feed's URL: the old token is revoked, a new one for the same calendar is made."""
    feed_revoke(feed=feed, by=by, request=request)
    return feed_create(owner=feed.owner, case=feed.case, by=by, request=request)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed of a token whose owner is still active, or None (the view answers 404)."""
    if not token or len(token) > 128:
        return None
    return (
        CalendarFeed.objects.select_related("owner", "case")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )


# --- iCalendar ---------------------------------------------------------------------------


def uid_domain() -> str:
    return urlsplit(settings.CT_BASE_URL).hostname or "casetracker"


def feed_window(now: datetime) -> tuple[datetime, datetime]:
    return now - timedelta(days=FEED_DAYS_BACK), now + timedelta(days=FEED_DAYS_AHEAD)


def feed_items(feed: CalendarFeed, now: datetime) -> tuple[list[Hearing], list[Deadline]] | None:
    """What the feed shows now, re-checked against the owner's visibility; None when the
    feed's case is out of the owner's sight (the view answers 404)."""
    owner = feed.owner
    start, end = feed_window(now)
    hearings = hearings_visible_to(owner).filter(starts_at__gte=start, starts_at__lt=end)
    deadlines = deadlines_visible_to(owner).filter(
        due_on__gte=start.date(), due_on__lt=end.date(), status=Deadline.Status.OPEN
    )
    if feed.kind == CalendarFeed.Kind.CASE:
        if not cases_visible_to(owner).filter(pk=feed.case_id).exists():
            return None
        hearings, deadlines = hearings.filter(case_id=feed.case_id), deadlines.filter(case_id=feed.case_id)
    else:
        mine = _mine(owner)
        hearings = hearings.filter(mine)
        deadlines = deadlines.filter(mine | Q(responsible_id=owner.pk))
    return (
        list(hearings.select_related(*HEARING_RELATED).order_by("starts_at", "pk")),
        list(deadlines.select_related("case", "litigation").order_by("due_on", "pk")),
    )


def _description(hearing: Hearing, link: str) -> str:
    lines = [str(KIND_LABELS.get(hearing.kind, hearing.kind))]
    if is_moved(hearing):
        new = hearing.replaced_by
        when = new.starts_at.astimezone(zone_of(new.time_zone)).strftime("%Y-%m-%d %H:%M %Z")
        lines.append(gettext("Moved to %(when)s") % {"when": when})
    elif hearing.status != Hearing.Status.SCHEDULED:
        lines.append(str(STATUS_LABELS.get(hearing.status, hearing.status)))
    if hearing.judge:
        lines.append(gettext("Judge: %(name)s") % {"name": hearing.judge})
    lines.append(gettext("Mode: %(mode)s") % {"mode": MODE_LABELS.get(hearing.mode, hearing.mode)})
    if hearing.interpreter_language_id:
        lines.append(gettext("Interpreter: %(language)s") % {"language": hearing.interpreter_language.name})
    lines.append(link)
    return "\n".join(lines)


def hearing_vevent(hearing: Hearing, domain: str) -> icalendar.Event:
    zone = zone_of(hearing.time_zone)
    link = settings.CT_BASE_URL + case_url(hearing)
    cancelled = hearing.status == Hearing.Status.CANCELLED or is_moved(hearing)
    event = icalendar.Event()
    event.add("uid", f"hearing-{hearing.pk}@{domain}")
    # No METHOD: DTSTAMP is when the information last changed (RFC 5545 3.8.7.2).
    event.add("dtstamp", hearing.updated_at.astimezone(UTC))
    event.add("last-modified", hearing.updated_at.astimezone(UTC))
    event.add("sequence", hearing.sequence)
    event.add("dtstart", hearing.starts_at.astimezone(zone))
    event.add("dtend", (hearing.starts_at + timedelta(minutes=hearing.duration_minutes)).astimezone(zone))
    event.add("summary", hearing_title(hearing))
    place = hearing_place(hearing)
    if place:
        event.add("location", place)
    event.add("description", _description(hearing, link))
    event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if cancelled:
        event.add("transp", "TRANSPARENT")  # OPAQUE is the default
    return event


def deadline_vevent(deadline: Deadline, domain: str) -> icalendar.Event:
    link = settings.CT_BASE_URL + case_url(deadline)
    changed = (deadline.updated_at or deadline.created_at).astimezone(UTC)
    event = icalendar.Event()
    event.add("uid", f"deadline-{deadline.pk}@{domain}")
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", 0)
    event.add("dtstart", deadline.due_on)  # all-day: VALUE=DATE
    event.add("dtend", deadline.due_on + timedelta(days=1))
    summary = gettext("Due: %(reference)s · %(kind)s") % {"reference": matter_reference(deadline), "kind": deadline.kind}
    event.add("summary", summary)
    lines = [deadline.kind]
    if deadline.source:
        lines.append(gettext("Rule: %(source)s") % {"source": deadline.source})
    event.add("description", "\n".join([*lines, link]))
    event.add("url", link)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def feed_name(feed: CalendarFeed) -> str:
    if feed.kind == CalendarFeed.Kind.CASE:
        return gettext("Casetracker: %(reference)s") % {"reference": feed.case.reference}
    return gettext("Casetracker: my hearings and deadlines")


def feed_calendar(feed: CalendarFeed, hearings: list[Hearing], deadlines: list[Deadline], now: datetime) -> bytes:
    """The feed as RFC 5545 text, in the owner's language, with a VTIMEZONE per zone used."""
    domain = uid_domain()
    with translation.override(feed.owner.language or settings.LANGUAGE_CODE):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Casetracker//Hearing calendar//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", feed_name(feed))
        calendar.add("name", feed_name(feed))
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", FEED_REFRESH)
        for hearing in hearings:
            calendar.add_component(hearing_vevent(hearing, domain))
        for deadline in deadlines:
            calendar.add_component(deadline_vevent(deadline, domain))
    start, end = feed_window(now)
    zones = sorted({hearing_zone(hearing) for hearing in hearings} - {"UTC"})
    # VTIMEZONEs first (RFC 5545 wants them before the events that name them).
    calendar.subcomponents[:0] = [_vtimezone(zone, start.year, end.year) for zone in zones]
    return calendar.to_ical()


@lru_cache(maxsize=256)
def _vtimezone_ical(zone: str, first_year: int, last_year: int) -> bytes:
    # Whole years, so that the zone definitions (and the ETag) change once a year, not daily.
    return icalendar.Timezone.from_tzid(
        zone, first_date=date(first_year - 1, 1, 1), last_date=date(last_year + 2, 1, 1)
    ).to_ical()


def _vtimezone(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The zone's VTIMEZONE over the feed's years (built once per process, then copied)."""
    return icalendar.Timezone.from_ical(_vtimezone_ical(zone, first_year, last_year))
