"""The reminder scan: find what is due, write one delivery row per recipient, queue it.

Each pass looks only at what can have fallen due since the previous pass (the window
(since, now], `since` being the previous pass's time, kept in the Heartbeat table):
hearings whose reminder points fall in the window, deadlines due on the dates whose
08:00 reminder moment some user's zone crossed in the window, and anything recorded
or changed since. So a pass costs what became due in that minute, not the caseload.

One pass (`scan`) is what beat runs every minute and what `send_due_reminders` runs.
Exactly once comes from the database, not from the broker: every reminder is a
Delivery row unique on (recipient, object, kind, scheduled time), created with
ignore_conflicts, so repeated or concurrent passes find the row already there. After
an outage the pass sends the latest reminder that fell due for each hearing or
deadline (marked late), records the ones it supersedes as skipped, and records
reminders for hearings that have already happened as skipped.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from casetracker.models import Heartbeat, Membership, User

from .alerts import Recipients
from .models import Case, Deadline, Delivery, Hearing
from .rules import RULES

HEARING_REMINDER_DAYS = (7, 2, 1)
DEADLINE_REMINDER_DAYS = (30, 14, 7, 3, 1)
DEADLINE_REMINDER_AT = time(8, 0)  # recipient's local time
DIGEST_AT = time(7, 0)  # recipient's local time
# Past hearings whose unsent reminders are recorded as skipped.
SKIP_LOOKBACK = timedelta(days=2)
# How far back the very first pass looks, and the overlap kept between passes (rows
# the overlap finds again are dropped by the unique constraint).
FIRST_PASS_LOOKBACK = timedelta(days=max(max(r.reminder_days) for r in RULES.values()) + 1)
WINDOW_OVERLAP = timedelta(minutes=10)
SCAN_HEARTBEAT = "reminder-scan"
# A wall-clock offset ("7 days before, 09:00 court time") can differ from 7 x 24 h by
# a DST hour.
DST_SLACK = timedelta(hours=2)
UTC = dt_timezone.utc


@dataclass
class ScanResult:
    created: int = 0
    skipped: int = 0
    queued: int = 0
    rows: list[Delivery] = field(default_factory=list)


def _tz(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def _at_local(day, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def latest_due(points: Iterable[tuple[int, datetime]], now: datetime, created_at: datetime) -> tuple[list, list]:
    """Split reminder points (days, when) into the latest one due now and those it supersedes.

    Points that fell before the hearing or deadline was even recorded are dropped
    (nobody missed them), except the last point, so that something recorded at short
    notice is still announced once.
    """
    points = sorted(points, key=lambda p: p[1])
    kept = [p for p in points[:-1] if p[1] >= created_at] + points[-1:]
    due = [p for p in kept if p[1] <= now]
    return due[-1:], due[:-1]


def _delivery(user: User, kind: str, key: str, when: datetime, status: str = Delivery.Status.PENDING, **extra):
    return Delivery(recipient=user, kind=kind, object_key=key, scheduled_for=when, status=status, **extra)


def window_start(now: datetime) -> datetime:
    """Where this pass's window starts: the previous pass, less an overlap."""
    previous = Heartbeat.objects.filter(name=SCAN_HEARTBEAT).values_list("seen_at", flat=True).first()
    if previous is None:
        return now - FIRST_PASS_LOOKBACK
    return min(previous, now) - WINDOW_OVERLAP


def _hearing_candidates(now: datetime, since: datetime):
    """Hearings with a reminder point in (since, now], changed since, or just held."""
    in_window = Q(updated_at__gt=since) | Q(starts_at__gt=max(since, now - SKIP_LOOKBACK), starts_at__lte=now)
    for days in HEARING_REMINDER_DAYS:
        offset = timedelta(days=days)
        in_window |= Q(starts_at__gt=since + offset - DST_SLACK, starts_at__lte=now + offset + DST_SLACK)
    return Hearing.objects.filter(
        in_window,
        status=Hearing.Status.SCHEDULED,
        case__isnull=False,
        starts_at__gt=now - SKIP_LOOKBACK,
        starts_at__lte=now + timedelta(days=max(HEARING_REMINDER_DAYS)) + DST_SLACK,
    ).select_related("court", "facility", "case")


def hearing_rows(now: datetime, since: datetime | None = None) -> list[Delivery]:
    since = now - FIRST_PASS_LOOKBACK if since is None else since
    hearings = list(_hearing_candidates(now, since))
    recipients = Recipients(hearing.case for hearing in hearings)
    rows = []
    for hearing in hearings:
        zone = _tz(hearing.time_zone)
        local_start = hearing.starts_at.astimezone(zone)
        # "7 days before" on the court's wall clock, across DST changes.
        points = [
            (days, (local_start - timedelta(days=days)).astimezone(UTC)) for days in HEARING_REMINDER_DAYS
        ]
        send, superseded = latest_due(points, now, hearing.created_at)
        key = f"hearing:{hearing.pk}"
        past = hearing.starts_at <= now
        common = {"case": hearing.case, "hearing": hearing}
        for user in recipients.for_case(hearing.case_id, coordinators=False):
            for days, when in send:
                context = {"reference": hearing.case.reference, "days": days}
                if past:
                    rows.append(
                        _delivery(user, Delivery.Kind.HEARING_REMINDER, key, when, Delivery.Status.SKIPPED,
                                  status_reason="The hearing had already started.", context=context, **common)
                    )  # fmt: skip
                else:
                    rows.append(_delivery(user, Delivery.Kind.HEARING_REMINDER, key, when, context=context, **common))
            for days, when in superseded:
                rows.append(
                    _delivery(user, Delivery.Kind.HEARING_REMINDER, key, when, Delivery.Status.SKIPPED,
                              status_reason="Superseded by a later reminder.",
                              context={"reference": hearing.case.reference, "days": days}, **common)
                )  # fmt: skip
    return rows


def _deadline_recipients(deadline: Deadline, recipients: Recipients, overdue: bool) -> list[User]:
    users = {u.pk: u for u in recipients.for_case(deadline.case_id, coordinators=overdue)}
    responsible = deadline.responsible
    if responsible is not None and responsible.is_active:
        reach = recipients.orgs_of_case[deadline.case_id]
        if responsible.is_superuser or recipients.memberships_of(responsible.pk) & reach:
            users.setdefault(responsible.pk, responsible)
    return list(users.values())


def _reminder_moments(now: datetime, since: datetime, at: time) -> set:
    """Local dates whose `at` o'clock, in some member's time zone, falls in (since, now]."""
    zones = User.objects.filter(is_active=True, memberships__isnull=False).values_list("time_zone", flat=True)
    dates = set()
    for name in set(zones):
        zone = _tz(name)
        day = since.astimezone(zone).date()
        while day <= now.astimezone(zone).date():
            if since < _at_local(day, at, zone) <= now:
                dates.add(day)
            day += timedelta(days=1)
    return dates


def _deadline_candidates(now: datetime, since: datetime):
    """Open deadlines that can have a reminder due in (since, now], or changed since."""
    moments = _reminder_moments(now, since, DEADLINE_REMINDER_AT)
    offsets = {days for rule in RULES.values() for days in rule.reminder_days} | set(DEADLINE_REMINDER_DAYS)
    wanted = Q(created_at__gt=since) | Q(updated_at__gt=since)
    if moments:
        wanted |= Q(due_on__in={day + timedelta(days=d) for day in moments for d in offsets})
        wanted |= Q(due_on__lt=max(moments))  # overdue: one reminder a day
    return Deadline.objects.filter(wanted, status=Deadline.Status.OPEN, case__isnull=False).select_related(
        "case", "responsible"
    )


def deadline_rows(now: datetime, since: datetime | None = None) -> list[Delivery]:
    since = now - FIRST_PASS_LOOKBACK if since is None else since
    deadlines = list(_deadline_candidates(now, since))
    recipients = Recipients(
        (deadline.case for deadline in deadlines),
        also={deadline.responsible_id for deadline in deadlines if deadline.responsible_id},
    )
    rows = []
    for deadline in deadlines:
        offsets = RULES[deadline.rule].reminder_days if deadline.rule in RULES else DEADLINE_REMINDER_DAYS
        key = f"deadline:{deadline.pk}"
        common = {"case": deadline.case, "deadline": deadline}
        context = {"reference": deadline.case.reference, "kind": deadline.kind, "due_on": deadline.due_on.isoformat()}
        for user in _deadline_recipients(deadline, recipients, overdue=False):
            zone = _tz(user.time_zone)
            today = now.astimezone(zone).date()
            if deadline.due_on < today:
                continue  # overdue: handled below, daily
            points = [(d, _at_local(deadline.due_on - timedelta(days=d), DEADLINE_REMINDER_AT, zone)) for d in offsets]
            send, superseded = latest_due(points, now, deadline.created_at)
            for days, when in send:
                rows.append(_delivery(user, Delivery.Kind.DEADLINE_REMINDER, key, when,
                                      context={**context, "days": days}, **common))  # fmt: skip
            for days, when in superseded:
                rows.append(_delivery(user, Delivery.Kind.DEADLINE_REMINDER, key, when, Delivery.Status.SKIPPED,
                                      status_reason="Superseded by a later reminder.",
                                      context={**context, "days": days}, **common))  # fmt: skip
        for user in _deadline_recipients(deadline, recipients, overdue=True):
            zone = _tz(user.time_zone)
            today = now.astimezone(zone).date()
            when = _at_local(today, DEADLINE_REMINDER_AT, zone)
            if deadline.due_on < today and when <= now:
                rows.append(_delivery(user, Delivery.Kind.DEADLINE_OVERDUE, key, when, urgent=True,
                                      context={**context, "days_overdue": (today - deadline.due_on).days},
                                      **common))  # fmt: skip
    return rows


def digest_rows(now: datetime) -> list[Delivery]:
    users = User.objects.filter(is_active=True, email_digest=True).filter(
        Q(is_superuser=False) & Q(pk__in=Membership.objects.values("user_id"))
    )
    rows = []
    for user in users:
        zone = _tz(user.time_zone)
        when = _at_local(now.astimezone(zone).date(), DIGEST_AT, zone)
        if when <= now:
            rows.append(_delivery(user, Delivery.Kind.DIGEST, f"digest:{user.pk}", when,
                                  context={"date": when.date().isoformat()}))  # fmt: skip
    return rows


def _new_only(rows: list[Delivery]) -> list[Delivery]:
    """Drop rows that already exist, in one query per kind, before inserting the rest."""
    if not rows:
        return rows
    keys = {(r.recipient_id, r.object_key, r.kind, r.scheduled_for) for r in rows}
    existing = set(
        Delivery.objects.filter(
            kind__in={r.kind for r in rows},
            object_key__in={r.object_key for r in rows},
            scheduled_for__in={r.scheduled_for for r in rows},
        ).values_list("recipient_id", "object_key", "kind", "scheduled_for")
    )
    fresh = {}
    for row in rows:
        key = (row.recipient_id, row.object_key, row.kind, row.scheduled_for)
        if key in keys and key not in existing:
            fresh.setdefault(key, row)
    return list(fresh.values())


def queue_unsent(now: datetime, send: Callable[[int], None]) -> int:
    """Queue pending deliveries not queued in the last lease, and reclaim abandoned sends."""
    lease = timedelta(seconds=settings.CT_DELIVERY_LEASE_SECONDS)
    stale = now - lease
    unsent = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, queued_at__isnull=True)
        | Q(status=Delivery.Status.PENDING, queued_at__lt=stale)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=stale)
    ).order_by("scheduled_for")
    ids = list(unsent.values_list("pk", flat=True)[: settings.CT_SCAN_BATCH])
    if ids:
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    for delivery_id in ids:
        send(delivery_id)
    return len(ids)


def scan(now: datetime | None = None, send: Callable[[int], None] | None = None) -> ScanResult:
    """One pass: write the deliveries that fell due by `now` and queue every unsent one."""
    from .tasks import send_delivery

    now = now or timezone.now()
    send = send or send_delivery.delay
    since = window_start(now)
    rows = _new_only(hearing_rows(now, since) + deadline_rows(now, since) + digest_rows(now))
    late_after = timedelta(seconds=settings.CT_LATE_AFTER_SECONDS)
    for row in rows:
        row.late = now - row.scheduled_for > late_after
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    result = ScanResult(
        created=sum(1 for r in rows if r.status == Delivery.Status.PENDING),
        skipped=sum(1 for r in rows if r.status == Delivery.Status.SKIPPED),
        rows=rows,
    )
    result.queued = queue_unsent(now, send)
    _record_pass(now)
    return result


def _record_pass(now: datetime) -> None:
    # Never move the mark backwards: a late, slow pass must not reopen a window.
    updated = Heartbeat.objects.filter(name=SCAN_HEARTBEAT, seen_at__lt=now).update(seen_at=now)
    if not updated:
        Heartbeat.objects.get_or_create(name=SCAN_HEARTBEAT, defaults={"seen_at": now})
