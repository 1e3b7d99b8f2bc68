"""The eight reports of DESIGN.md "Reports and exports"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from detentions.custody import continuous_custody
from detentions.models import Custody, Passenger
from detentions.selectors import custody_visible_to, passengers_visible_to

from ..anumber import format_anumber
from ..models import Case, Deadline, Hearing, PersonRelationship
from ..selectors import cases_visible_to, deadlines_visible_to, hearings_visible_to, people_visible_to
from .base import Column, Report, local_datetime
from .registry import register

GRANTED = (Case.Outcome.ASYLUM_GRANTED, Case.Outcome.WITHHOLDING_GRANTED, Case.Outcome.CAT_PROTECTION)
# Orders to leave count as denials, as TRAC counts them.
DENIED = (Case.Outcome.DENIED, Case.Outcome.REMOVED, Case.Outcome.VOLUNTARY_DEPARTURE)
FLAG_DAYS = (365, 180)


def custody_flag(days: int) -> str:
    for limit in FLAG_DAYS:
        if days > limit:
            return gettext("over %(days)s days") % {"days": limit}
    return ""


def _open_stay(field: str, person_ref: str = "person_id") -> Subquery:
    stays = Custody.objects.filter(person_id=OuterRef(person_ref), released_on__isnull=True).order_by()
    return Subquery(stays.values(field)[:1])


def _counts(queryset: QuerySet, field: str, label=None, empty: str = "—") -> list[tuple[str, int]]:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [((label(row[field]) if label else row[field]) or empty, row["n"]) for row in rows]


def _stays_prefetch(path: str) -> Prefetch:
    return Prefetch(path, queryset=Custody.objects.select_related("facility").order_by("booked_in_on"))


@register
class CaseloadReport(Report):
    slug = "caseload"
    title = _("Caseload")
    description = _("Every open and closed case by stage, outcome, facility, state and nationality.")
    filters = ("start", "end", "facility", "state", "court")

    def columns(self) -> list[Column]:
        return [
            Column("reference", _("Case"), width=16),
            Column("family_name", _("Family name")),
            Column("given_names", _("Given names")),
            Column("native_name", _("Native name"), width=24),
            Column("a_number", _("A-number"), width=14),
            Column("nationality", _("Nationality")),
            Column("stage", _("Stage")),
            Column("outcome", _("Outcome")),
            Column("court", _("Court"), width=28),
            Column("judge", _("Judge")),
            Column("facility", _("Facility"), width=32),
            Column("state", _("State"), width=6),
            Column("representation", _("Representation")),
            Column("opened_on", _("Opened"), "date", 12),
            Column("closed_on", _("Closed"), "date", 12),
        ]

    def cases(self) -> QuerySet[Case]:
        """The visible cases that pass the filters, with where each person is held now."""
        f = self.filters
        # One LEFT JOIN to the open stay (at most one per person), not a subquery per row.
        held = FilteredRelation("person__custody_stays", condition=Q(person__custody_stays__released_on__isnull=True))
        qs = (
            cases_visible_to(self.user)
            .filter(archived_at__isnull=True)
            .annotate(open_stay=held)
            .annotate(facility_name=F("open_stay__facility__name"), facility_state=F("open_stay__facility__state"))
        )
        if f.start:
            qs = qs.filter(opened_on__gte=f.start)
        if f.end:
            qs = qs.filter(opened_on__lte=f.end)
        if f.court:
            qs = qs.filter(court=f.court)
        if f.facility:
            qs = qs.filter(open_stay__facility=f.facility)
        if f.state:
            qs = qs.filter(facility_state=f.state)
        return qs

    def queryset(self) -> QuerySet:
        # Plain tuples, not model instances: a wide Case + Person per row costs more than the rest of the export.
        return self.cases().order_by("reference").values_list(*self.FIELDS)

    FIELDS = (
        "reference", "person__family_name", "person__given_names", "person__native_name", "person__a_number",
        "person__citizenship__name", "stage", "outcome", "court__name", "judge", "facility_name", "facility_state",
        "representation", "opened_on", "closed_on",
    )  # fmt: skip
    LABELS = {6: dict(Case.Stage.choices), 7: dict(Case.Outcome.choices), 12: dict(Case.Representation.choices)}

    def row(self, values: tuple) -> list[Any]:
        row = ["" if value is None else value for value in values]
        for index, labels in self.LABELS.items():
            row[index] = labels.get(row[index], row[index])
        row[4] = format_anumber(row[4]) if row[4] else ""
        row[13], row[14] = values[13], values[14]  # dates stay dates (None when empty)
        return row

    def summaries(self) -> list[dict[str, Any]]:
        qs = self.cases().order_by()
        stages, outcomes = dict(Case.Stage.choices), dict(Case.Outcome.choices)
        return [
            {"title": _("By stage"), "rows": _counts(qs, "stage", stages.get)},
            {"title": _("By outcome"), "rows": _counts(qs, "outcome", outcomes.get, empty=gettext("No outcome yet"))},
            {"title": _("By facility"), "rows": _counts(qs, "facility_name", empty=gettext("Not detained"))},
            {"title": _("By state"), "rows": _counts(qs, "facility_state", empty=gettext("Not detained"))},
            {"title": _("By nationality"), "rows": _counts(qs, "person__citizenship__name")},
        ]


@register
class DetainedReport(Report):
    slug = "detained"
    title = _("Currently detained")
    description = _(
        "People held now, with days in continuous custody across transfers; flagged over 180 and over 365 days."
    )
    filters = ("facility", "state")

    def columns(self) -> list[Column]:
        return [
            Column("family_name", _("Family name")),
            Column("given_names", _("Given names")),
            Column("native_name", _("Native name"), width=24),
            Column("a_number", _("A-number"), width=14),
            Column("nationality", _("Nationality")),
            Column("facility", _("Facility"), width=32),
            Column("state", _("State"), width=6),
            Column("booked_in_on", _("Booked in here"), "date", 12),
            Column("since", _("Detained since"), "date", 12),
            Column("days", _("Days in custody"), "int", 10),
            Column("facilities", _("Facilities"), "int", 10),
            Column("states", _("States"), "int", 8),
            Column("flag", _("Flag"), width=16),
        ]

    def queryset(self) -> QuerySet[Custody]:
        qs = custody_visible_to(self.user).filter(released_on__isnull=True)
        if self.filters.facility:
            qs = qs.filter(facility=self.filters.facility)
        if self.filters.state:
            qs = qs.filter(facility__state=self.filters.state)
        return (
            qs.select_related("person__citizenship", "facility")
            .prefetch_related(_stays_prefetch("person__custody_stays"))
            .order_by("booked_in_on", "person__family_name", "pk")
        )

    def row(self, stay: Custody) -> list[Any]:
        person = stay.person
        run = continuous_custody(list(person.custody_stays.all()), self.filters.today)
        return [
            person.family_name, person.given_names, person.native_name, person.a_number_display,
            person.citizenship.name if person.citizenship else "", stay.facility.name, stay.facility.state,
            stay.booked_in_on, run.since, run.days, run.facilities, run.states, custody_flag(run.days),
        ]  # fmt: skip

    def summaries(self) -> list[dict[str, Any]]:
        days = [row[9] for row in self.rows()]
        return [
            {
                "title": _("Continuous custody"),
                "rows": [
                    (gettext("Detained now"), len(days)),
                    (gettext("Over 180 days"), sum(1 for d in days if d > 180)),
                    (gettext("Over 365 days"), sum(1 for d in days if d > 365)),
                ],
            },
            {"title": _("By state"), "rows": _counts(self.queryset().order_by(), "facility__state")},
        ]


@register
class UnrepresentedReport(Report):
    slug = "unrepresented"
    title = _("Unrepresented with a hearing soon")
    description = _("People without an attorney of record who have a hearing in the next 14 days: the urgent list.")
    filters = ("days", "court", "facility", "state")
    default_days = 14

    def columns(self) -> list[Column]:
        return [
            Column("starts_at", _("Hearing (court time)"), "datetime", 18),
            Column("time_zone", _("Time zone"), width=18),
            Column("days_left", _("Days left"), "int", 9),
            Column("kind", _("Hearing")),
            Column("court", _("Court"), width=28),
            Column("judge", _("Judge")),
            Column("reference", _("Case"), width=16),
            Column("family_name", _("Family name")),
            Column("given_names", _("Given names")),
            Column("native_name", _("Native name"), width=24),
            Column("a_number", _("A-number"), width=14),
            Column("facility", _("Held at"), width=32),
            Column("interpreter", _("Interpreter")),
            Column("representation", _("Representation")),
        ]

    def queryset(self) -> QuerySet[Hearing]:
        now = timezone.now()
        qs = (
            hearings_visible_to(self.user)
            .filter(case__isnull=False, status=Hearing.Status.SCHEDULED)
            .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=self.days))
            .exclude(case__representation=Case.Representation.REPRESENTED)
            .exclude(case__stage=Case.Stage.CLOSED)
        )
        if self.filters.court:
            qs = qs.filter(court=self.filters.court)
        if self.filters.facility:
            qs = qs.filter(case__person__custody_stays__released_on__isnull=True,
                           case__person__custody_stays__facility=self.filters.facility)  # fmt: skip
        if self.filters.state:
            qs = qs.filter(case__person__custody_stays__released_on__isnull=True,
                           case__person__custody_stays__facility__state=self.filters.state)  # fmt: skip
        return (
            qs.annotate(held_at=_open_stay("facility__name", "case__person_id"))
            .select_related("case__person", "court", "facility", "interpreter_language")
            .order_by("starts_at", "pk")
        )

    def row(self, hearing: Hearing) -> list[Any]:
        case, person = hearing.case, hearing.case.person
        zone = hearing.time_zone
        local = local_datetime(hearing.starts_at, zone)
        return [
            local, zone, (local.date() - self.filters.today).days,
            hearing.get_kind_display(), str(hearing.court or hearing.facility or ""), hearing.judge or case.judge,
            case.reference, person.family_name, person.given_names, person.native_name, person.a_number_display,
            hearing.held_at or "", hearing.interpreter_language.name if hearing.interpreter_language else "",
            case.get_representation_display(),
        ]  # fmt: skip


@register
class DeadlinesReport(Report):
    slug = "deadlines"
    title = _("Deadlines due and overdue")
    description = _("Open deadlines due in the next N days (30 by default) and every overdue one.")
    filters = ("days", "court")
    default_days = 30

    def columns(self) -> list[Column]:
        return [
            Column("due_on", _("Due"), "date", 12),
            Column("days_left", _("Days left"), "int", 9),
            Column("status", _("Status"), width=10),
            Column("kind", _("Deadline"), width=36),
            Column("reference", _("Case or matter"), width=20),
            Column("person", _("Person"), width=28),
            Column("responsible", _("Responsible"), width=24),
            Column("rule", _("Rule")),
            Column("source", _("Source"), width=30),
        ]

    def queryset(self) -> QuerySet[Deadline]:
        qs = deadlines_visible_to(self.user).filter(
            status=Deadline.Status.OPEN, due_on__lte=self.filters.today + timedelta(days=self.days)
        )
        if self.filters.court:
            qs = qs.filter(case__court=self.filters.court)
        return qs.select_related("case__person", "litigation", "responsible").order_by("due_on", "pk")

    def row(self, deadline: Deadline) -> list[Any]:
        days_left = (deadline.due_on - self.filters.today).days
        matter = deadline.case.reference if deadline.case else deadline.litigation.title
        person = deadline.case.person.display_name if deadline.case else ""
        return [
            deadline.due_on, days_left, gettext("overdue") if days_left < 0 else gettext("due"), deadline.kind, matter,
            person, str(deadline.responsible or ""), deadline.rule, deadline.source,
        ]  # fmt: skip

    def summaries(self) -> list[dict[str, Any]]:
        qs = self.queryset().order_by()
        overdue = qs.filter(due_on__lt=self.filters.today).count()
        return [{"title": _("Deadlines"), "rows": [(gettext("Overdue"), overdue), (gettext("Due"), qs.count() - overdue)]}]


@register
class FlightsReport(Report):
    slug = "flights"
    title = _("Flights and passengers")
    description = _("Each flight with a tracked person on it: legs, passengers, status and outcome on arrival.")
    filters = ("start", "end")

    def columns(self) -> list[Column]:
        return [
            Column("flight_date", _("Date"), "date", 12),
            Column("flight", _("Flight"), width=16),
            Column("route", _("Route"), width=20),
            Column("destination", _("Destination")),
            Column("flight_status", _("Flight status")),
            Column("family_name", _("Family name")),
            Column("given_names", _("Given names")),
            Column("native_name", _("Native name"), width=24),
            Column("a_number", _("A-number"), width=14),
            Column("passenger_status", _("Passenger status"), width=24),
            Column("arrival_outcome", _("Outcome on arrival"), width=24),
        ]

    def queryset(self) -> QuerySet[Passenger]:
        qs = passengers_visible_to(self.user)
        if self.filters.start:
            qs = qs.filter(flight__flight_date__gte=self.filters.start)
        if self.filters.end:
            qs = qs.filter(flight__flight_date__lte=self.filters.end)
        return (
            qs.select_related("flight__destination_country", "person")
            .prefetch_related("flight__legs__origin", "flight__legs__destination")
            .order_by("-flight__flight_date", "flight_id", "person__family_name", "pk")
        )

    def row(self, passenger: Passenger) -> list[Any]:
        flight, person = passenger.flight, passenger.person
        legs = list(flight.legs.all())
        route = " → ".join([legs[0].origin.iata] + [leg.destination.iata for leg in legs]) if legs else ""
        label = " ".join(part for part in (flight.carrier, flight.flight_number) if part)
        return [
            flight.flight_date, label, route, flight.destination_country.name if flight.destination_country else "",
            flight.get_status_display(), person.family_name, person.given_names, person.native_name,
            person.a_number_display, passenger.get_status_display(), passenger.get_arrival_outcome_display(),
        ]  # fmt: skip

    def summaries(self) -> list[dict[str, Any]]:
        qs = self.queryset().order_by()
        months = (
            qs.annotate(month=TruncMonth("flight__flight_date"))
            .values("month", "flight__destination_country__name")
            .annotate(n=Count("flight", distinct=True))
            .order_by("month", "flight__destination_country__name")
        )
        per_month = [
            (f"{row['month']:%Y-%m} · {row['flight__destination_country__name'] or '—'}", row["n"]) for row in months
        ]
        statuses, outcomes = dict(Passenger.Status.choices), dict(Passenger.ArrivalOutcome.choices)
        return [
            {"title": _("Flights per month by destination"), "rows": per_month},
            {"title": _("Passengers by status"), "rows": _counts(qs, "status", statuses.get)},
            {"title": _("Outcome on arrival"), "rows": _counts(qs, "arrival_outcome", outcomes.get, gettext("Not known"))},
        ]


@register
class TransfersReport(Report):
    slug = "transfers"
    title = _("Transfers per person")
    description = _("Everyone moved between facilities, with the path they were moved along.")
    filters = ("facility", "state")

    def columns(self) -> list[Column]:
        return [
            Column("family_name", _("Family name")),
            Column("given_names", _("Given names")),
            Column("native_name", _("Native name"), width=24),
            Column("a_number", _("A-number"), width=14),
            Column("transfers", _("Transfers"), "int", 10),
            Column("facilities", _("Facilities"), "int", 10),
            Column("states", _("States"), "int", 8),
            Column("first_booked", _("First booked in"), "date", 12),
            Column("current", _("Held now at"), width=32),
            Column("path", _("Path"), width=60),
        ]

    def queryset(self) -> QuerySet:
        qs = people_visible_to(self.user)
        if self.filters.facility:
            qs = qs.filter(pk__in=Custody.objects.filter(facility=self.filters.facility).values("person_id"))
        if self.filters.state:
            qs = qs.filter(pk__in=Custody.objects.filter(facility__state=self.filters.state).values("person_id"))
        transferred = Q(custody_stays__release_reason=Custody.ReleaseReason.TRANSFERRED)
        return (
            qs.annotate(transfers=Count("custody_stays", filter=transferred))
            .filter(transfers__gte=1)
            .prefetch_related(_stays_prefetch("custody_stays"))
            .order_by("-transfers", "family_name", "pk")
        )

    def row(self, person) -> list[Any]:
        stays = list(person.custody_stays.all())
        current = next((stay.facility.name for stay in stays if stay.released_on is None), "")
        return [
            person.family_name, person.given_names, person.native_name, person.a_number_display, person.transfers,
            len({stay.facility_id for stay in stays}), len({stay.facility.state for stay in stays if stay.facility.state}),
            stays[0].booked_in_on if stays else None, current,
            " → ".join(f"{stay.facility.name} ({stay.facility.state})" if stay.facility.state else stay.facility.name
                       for stay in stays),
        ]  # fmt: skip


def whereabouts(person) -> tuple[str, Any]:
    """("held", facility) | ("removed", None) | ("free", None), from prefetched stays and flights."""
    stays = list(person.custody_stays.all())
    for stay in stays:
        if stay.released_on is None:
            return "held", stay.facility
    removed_by_flight = any(p.status == Passenger.Status.REMOVED for p in person.flights.all())
    if removed_by_flight or (stays and stays[-1].release_reason == Custody.ReleaseReason.REMOVED):
        return "removed", None
    return "free", None


@register
class SeparatedFamiliesReport(Report):
    slug = "separated-families"
    title = _("Separated families")
    description = _("Relatives held in different facilities or states, or one of them removed.")
    filters = ()

    def columns(self) -> list[Column]:
        return [
            Column("person", _("Person"), width=28),
            Column("person_native", _("Native name"), width=24),
            Column("relationship", _("Relationship"), width=12),
            Column("relative", _("Relative"), width=28),
            Column("relative_native", _("Native name"), width=24),
            Column("person_where", _("Person is"), width=36),
            Column("relative_where", _("Relative is"), width=36),
            Column("reason", _("Separated by"), width=30),
        ]

    def queryset(self) -> QuerySet[PersonRelationship]:
        visible = people_visible_to(self.user).values("pk")
        prefetch = []
        for side in ("person", "relative"):
            prefetch += [_stays_prefetch(f"{side}__custody_stays"), f"{side}__flights"]
        # Each tie is stored both ways; one row per pair.
        return (
            PersonRelationship.objects.filter(person__in=visible, relative__in=visible, person_id__lt=F("relative_id"))
            .select_related("person", "relative")
            .prefetch_related(*prefetch)
            .order_by("person__family_name", "pk")
        )

    def rows(self, limit: int | None = None) -> Iterator[list[Any]]:
        produced = 0
        for tie in self.queryset().iterator(chunk_size=1000):
            row = self.row(tie)
            if row is None:
                continue
            yield row
            produced += 1
            if limit is not None and produced >= limit:
                return

    def count(self) -> int:
        return sum(1 for _row in self.rows())

    @staticmethod
    def _describe(where: tuple[str, Any]) -> str:
        state, facility = where
        if state == "held":
            return f"{gettext('held at')} {facility.name} ({facility.state})" if facility.state else facility.name
        return gettext("removed") if state == "removed" else gettext("not detained")

    def row(self, tie: PersonRelationship) -> list[Any] | None:
        a, b = whereabouts(tie.person), whereabouts(tie.relative)
        reasons = []
        if a[0] == b[0] == "held":
            if a[1].pk != b[1].pk:
                reasons.append(gettext("different facilities"))
            if a[1].state and b[1].state and a[1].state != b[1].state:
                reasons.append(gettext("different states"))
        elif (a[0] == "removed") != (b[0] == "removed"):
            reasons.append(gettext("one removed"))
        if not reasons:
            return None
        return [
            tie.person.display_name, tie.person.native_name, tie.get_kind_display(), tie.relative.display_name,
            tie.relative.native_name, self._describe(a), self._describe(b), ", ".join(reasons),
        ]  # fmt: skip


@register
class OutcomesReport(Report):
    slug = "outcomes"
    title = _("Outcomes and grant rates")
    description = _(
        "Decided cases by court, judge or nationality with the counts behind each rate. Grant rate = "
        "asylum, withholding or CAT granted ÷ all decided; denials include removal and voluntary departure orders."
    )
    filters = ("by", "start", "end", "court")
    GROUPS = {"court": "court__name", "judge": "judge", "nationality": "person__citizenship__name"}

    def columns(self) -> list[Column]:
        labels = {"court": _("Court"), "judge": _("Judge"), "nationality": _("Nationality")}
        return [
            Column("group", labels[self.by], width=32),
            Column("decided", _("Decided"), "int", 9),
            Column("granted", _("Granted"), "int", 9),
            Column("asylum", _("Asylum"), "int", 8),
            Column("withholding", _("Withholding"), "int", 11),
            Column("cat", _("CAT"), "int", 6),
            Column("denied", _("Denied or removed"), "int", 10),
            Column("other", _("Other"), "int", 8),
            Column("grant_rate", _("Grant rate"), "percent", 10),
        ]

    @property
    def by(self) -> str:
        return self.filters.by or "court"

    def _decided(self) -> QuerySet[Case]:
        qs = cases_visible_to(self.user).filter(archived_at__isnull=True).exclude(outcome="")
        qs = qs.annotate(decided_on=Coalesce("ij_decision_on", "closed_on"))
        if self.filters.start:
            qs = qs.filter(decided_on__gte=self.filters.start)
        if self.filters.end:
            qs = qs.filter(decided_on__lte=self.filters.end)
        if self.filters.court:
            qs = qs.filter(court=self.filters.court)
        return qs

    @staticmethod
    def _tallies(qs: QuerySet) -> QuerySet:
        return qs.annotate(
            decided=Count("pk"),
            granted=Count("pk", filter=Q(outcome__in=GRANTED)),
            asylum=Count("pk", filter=Q(outcome=Case.Outcome.ASYLUM_GRANTED)),
            withholding=Count("pk", filter=Q(outcome=Case.Outcome.WITHHOLDING_GRANTED)),
            cat=Count("pk", filter=Q(outcome=Case.Outcome.CAT_PROTECTION)),
            denied=Count("pk", filter=Q(outcome__in=DENIED)),
        )

    def queryset(self) -> QuerySet:
        field = self.GROUPS[self.by]
        return self._tallies(self._decided().values(field)).order_by("-decided", field)

    def row(self, tally: dict[str, Any]) -> list[Any]:
        group = tally.get(self.GROUPS[self.by]) or "—"
        return self._numbers(group, tally)

    @staticmethod
    def _numbers(group: str, t: dict[str, Any]) -> list[Any]:
        other = t["decided"] - t["granted"] - t["denied"]
        rate = t["granted"] / t["decided"] if t["decided"] else None
        return [group, t["decided"], t["granted"], t["asylum"], t["withholding"], t["cat"], t["denied"], other, rate]

    def summaries(self) -> list[dict[str, Any]]:
        total = self._decided().aggregate(
            decided=Count("pk"),
            granted=Count("pk", filter=Q(outcome__in=GRANTED)),
            denied=Count("pk", filter=Q(outcome__in=DENIED)),
        )
        rate = f"{100 * total['granted'] / total['decided']:.1f} %" if total["decided"] else "—"
        return [
            {
                "title": _("All decided cases"),
                "rows": [(gettext("Decided"), total["decided"]), (gettext("Granted"), total["granted"]),
                         (gettext("Denied or removed"), total["denied"]), (gettext("Grant rate"), rate)],
            }
        ]  # fmt: skip
