"""Headline numbers and chart data for the reports dashboard.

`dashboard_context(user)` returns what templates/reports/dashboard_charts.html needs;
the main dashboard can include that partial with the same context function.
Every number starts from the selectors.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from detentions.selectors import custody_visible_to, passengers_visible_to

from ..models import Case, Deadline, Hearing
from ..selectors import cases_visible_to, deadlines_visible_to, hearings_visible_to
from .base import Filters
from .definitions import DetainedReport, UnrepresentedReport

MONTHS = 12
WEEKS = 8


def _month_starts(today: date, months: int) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for _i in range(months):
        starts.insert(0, first)
        first = (first - timedelta(days=1)).replace(day=1)
    return starts


def _detained_over_time(user, today: date) -> dict[str, Any]:
    """People held on the last day of each of the past months (today for this month)."""
    ends = [min(today, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1))
            for start in _month_starts(today, MONTHS)]  # fmt: skip
    held_on = {
        f"d{i}": Count("pk", filter=Q(booked_in_on__lte=end) & (Q(released_on__isnull=True) | Q(released_on__gt=end)))
        for i, end in enumerate(ends)
    }
    counts = custody_visible_to(user).aggregate(**held_on)
    return {"labels": [f"{end:%Y-%m}" for end in ends], "values": [counts[f"d{i}"] for i in range(len(ends))]}


def _hearings_ahead(user, now) -> dict[str, Any]:
    starts = [now + timedelta(weeks=i) for i in range(WEEKS)]
    per_week = {
        f"w{i}": Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=start + timedelta(weeks=1)))
        for i, start in enumerate(starts)
    }
    counts = hearings_visible_to(user).filter(status=Hearing.Status.SCHEDULED).aggregate(**per_week)
    return {"labels": [f"{start:%m-%d}" for start in starts], "values": [counts[f"w{i}"] for i in range(WEEKS)]}


def _flights_per_month(user, today: date) -> dict[str, Any]:
    starts = _month_starts(today, MONTHS)
    per_month = {
        f"m{i}": Count("flight", distinct=True, filter=Q(flight__flight_date__gte=start,
                                                         flight__flight_date__lt=(start + timedelta(days=32)).replace(day=1)))
        for i, start in enumerate(starts)
    }  # fmt: skip
    counts = passengers_visible_to(user).aggregate(**per_month)
    return {"labels": [f"{start:%Y-%m}" for start in starts], "values": [counts[f"m{i}"] for i in range(MONTHS)]}


def _by_choice(queryset, field: str, choices) -> dict[str, Any]:
    labels = dict(choices)
    rows = queryset.values(field).annotate(n=Count("pk")).order_by(field)
    present = {row[field]: row["n"] for row in rows if row[field]}
    ordered = [value for value, _label in choices if value in present]
    return {"labels": [str(labels[value]) for value in ordered], "values": [present[value] for value in ordered]}


def dashboard_context(user) -> dict[str, Any]:
    today, now = timezone.localdate(), timezone.now()
    cases = cases_visible_to(user).filter(archived_at__isnull=True)
    detained_days = [row[9] for row in DetainedReport(user, Filters(today=today)).rows()]
    headline = [
        (_("Open cases"), cases.exclude(stage=Case.Stage.CLOSED).count()),
        (_("Detained now"), len(detained_days)),
        (_("Detained over 180 days"), sum(1 for days in detained_days if days > 180)),
        (_("Detained over 365 days"), sum(1 for days in detained_days if days > 365)),
        (_("Unrepresented, hearing within 14 days"), UnrepresentedReport(user, Filters(today=today)).count()),
        (_("Overdue deadlines"), deadlines_visible_to(user).filter(status=Deadline.Status.OPEN, due_on__lt=today).count()),
    ]
    charts = {
        "stage": {"title": _("Caseload by stage"), "kind": "bar", **_by_choice(cases, "stage", Case.Stage.choices)},
        "detained": {"title": _("Detained population"), "kind": "line", **_detained_over_time(user, today)},
        "hearings": {"title": _("Hearings per week ahead"), "kind": "bar", **_hearings_ahead(user, now)},
        "flights": {"title": _("Flights per month"), "kind": "bar", **_flights_per_month(user, today)},
        "outcomes": {"title": _("Outcomes"), "kind": "doughnut", **_by_choice(cases, "outcome", Case.Outcome.choices)},
    }
    return {"headline": headline, "charts": charts}
