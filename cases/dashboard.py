"""What the dashboard at "/" shows, read through the scoping selectors.

A fixed number of queries whatever the caseload: each panel is one bounded query.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from casetracker.models import User
from detentions.custody import continuous_custody
from detentions.models import Custody
from detentions.selectors import custody_visible_to

from .models import Case, Deadline, Delivery, Hearing
from .selectors import cases_visible_to, deadlines_visible_to, hearings_visible_to

HORIZON_DAYS = 14
LONG_DETENTION_DAYS = 180
PANEL_ROWS = 20


@dataclass
class LongDetention:
    stay: Custody
    days: int
    facilities: int
    states: int


def _my_cases(user: User):
    return Q(case__assignments__user=user) | Q(case__attorney=user)


def my_hearings(user: User) -> list[Hearing]:
    now = timezone.now()
    rows = (
        hearings_visible_to(user)
        .filter(_my_cases(user), status=Hearing.Status.SCHEDULED, starts_at__gte=now)
        .filter(starts_at__lt=now + timedelta(days=HORIZON_DAYS))
        .select_related("case__person", "court", "facility")
        .distinct()
        .order_by("starts_at")
    )
    return list(rows[:PANEL_ROWS])


def my_deadlines(user: User) -> list[Deadline]:
    today = timezone.localdate()
    mine = Q(responsible=user) | _my_cases(user)
    rows = (
        deadlines_visible_to(user)
        .filter(mine, status=Deadline.Status.OPEN, due_on__lt=today + timedelta(days=HORIZON_DAYS))
        .select_related("case__person")
        .distinct()
        .order_by("due_on")
    )
    return list(rows[:PANEL_ROWS])


def urgent_alerts(user: User) -> list[Delivery]:
    since = timezone.now() - timedelta(days=HORIZON_DAYS)
    rows = (
        Delivery.objects.filter(recipient=user, urgent=True, scheduled_for__gte=since)
        .exclude(status=Delivery.Status.SKIPPED)
        .select_related("case")
        .order_by("-scheduled_for")
    )
    return list(rows[:PANEL_ROWS])


def long_detentions(user: User) -> list[LongDetention]:
    """People held longer than 180 days in continuous custody (across transfers), longest first."""
    today = timezone.localdate()
    cutoff = today - timedelta(days=LONG_DETENTION_DAYS)
    # Candidates: open stays of people first booked in before the cutoff (a superset).
    candidates = (
        custody_visible_to(user)
        .filter(released_on__isnull=True, person__archived_at__isnull=True)
        .annotate(first_booked=Min("person__custody_stays__booked_in_on"))
        .filter(first_booked__lte=cutoff)
        .select_related("person", "facility")
        .order_by("first_booked")[:200]
    )
    candidates = list(candidates)
    history: dict[int, list[Custody]] = {}
    for stay in Custody.objects.filter(person_id__in=[c.person_id for c in candidates]).select_related("facility"):
        history.setdefault(stay.person_id, []).append(stay)
    rows = []
    for stay in candidates:
        run = continuous_custody(history.get(stay.person_id, [stay]), today)
        if run and run.days > LONG_DETENTION_DAYS:
            rows.append(LongDetention(stay, run.days, run.facilities, run.states))
    rows.sort(key=lambda row: -row.days)
    return rows[:PANEL_ROWS]


def unrepresented_with_hearing(user: User) -> list[Case]:
    now = timezone.now()
    soon = Q(
        hearings__status=Hearing.Status.SCHEDULED,
        hearings__starts_at__gte=now,
        hearings__starts_at__lt=now + timedelta(days=HORIZON_DAYS),
    )
    rows = (
        cases_visible_to(user)
        .filter(archived_at__isnull=True)
        .exclude(representation=Case.Representation.REPRESENTED)
        .annotate(next_hearing=Min("hearings__starts_at", filter=soon))
        .filter(next_hearing__isnull=False)
        .select_related("person")
        .order_by("next_hearing")
    )
    return list(rows[:PANEL_ROWS])


def stage_counts(user: User) -> list[tuple[str, str, int]]:
    """(stage, label, open cases) for every stage, in the stage order."""
    counts = dict(
        cases_visible_to(user)
        .filter(archived_at__isnull=True)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Case.Stage.choices]


def context(user: User) -> dict:
    return {
        "my_hearings": my_hearings(user),
        "my_deadlines": my_deadlines(user),
        "urgent_alerts": urgent_alerts(user),
        "long_detentions": long_detentions(user),
        "unrepresented": unrepresented_with_hearing(user),
        "stage_counts": stage_counts(user),
        "horizon_days": HORIZON_DAYS,
        "long_days": LONG_DETENTION_DAYS,
        "today": timezone.localdate(),
        # Reports, imports and the audit log are coordinators' pages.
        "coordinates": user.is_superuser or user.memberships.filter(role="coordinator").exists(),
    }
