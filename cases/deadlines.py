"""The rule engine's write side: keep a case's computed deadlines in step with its events.

Rules themselves (offsets, rolls, sources) are in cases.rules. Here recorded events are
read from the case, its person and its hearings, and the computed deadlines are
created, moved, closed as done or waived. Manual deadlines (rule == "") are never
touched.
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.models import Organization, User

from .models import Case, CaseAssignment, Deadline, Hearing
from .rules import RULES, Rule, due_date

# Cases in which the person applies (or will apply) for asylum on an I-589.
ASYLUM_KINDS = {Case.Kind.AFFIRMATIVE, Case.Kind.DEFENSIVE, Case.Kind.CREDIBLE_FEAR}
# Hearings before which the Practice Manual's 15-day filing deadline applies.
FILING_HEARING_KINDS = {Hearing.Kind.MASTER, Hearing.Kind.INDIVIDUAL}


@dataclass(frozen=True)
class Wanted:
    rule: Rule
    hearing: Hearing | None
    event_on: date
    due_on: date
    done_on: date | None


def _case_events(case: Case) -> dict[str, date | None]:
    negative_review = case.credible_fear_result == Case.CredibleFearResult.NEGATIVE
    return {
        "last_arrival": case.person.last_arrival_date if case.kind in ASYLUM_KINDS else None,
        "ij_decision": case.ij_decision_on,
        "bia_decision": case.bia_decision_on,
        "final_order": case.final_order_on,
        "cf_review_requested": case.ij_review_requested_on if negative_review else None,
        # events that fulfil a deadline
        "i589_filed": case.i589_filed_on,
        "appeal_filed": case.appeal_filed_on,
        "petition_for_review_filed": case.petition_for_review_filed_on,
    }


def _hearing_local_date(hearing: Hearing) -> date:
    return hearing.starts_at.astimezone(ZoneInfo(hearing.time_zone)).date()


def wanted_deadlines(case: Case, offsets: dict[str, int]) -> dict[tuple[str, int | None], Wanted]:
    """Every computed deadline the case's events call for, keyed by (rule, hearing id)."""
    events = _case_events(case)
    wanted: dict[tuple[str, int | None], Wanted] = {}
    for rule in RULES.values():
        if rule.event == "hearing_non_detained":
            continue
        event_on = events.get(rule.event)
        if event_on:
            due = due_date(rule, event_on, offsets.get(rule.code))
            done_on = events.get(rule.closed_by) if rule.closed_by else None
            wanted[(rule.code, None)] = Wanted(rule, None, event_on, due, done_on)
    if case.docket == Case.Docket.NON_DETAINED:
        rule = RULES["prehearing_filings"]
        hearings = case.hearings.filter(status=Hearing.Status.SCHEDULED, kind__in=FILING_HEARING_KINDS)
        for hearing in hearings.select_related("court", "facility"):
            event_on = _hearing_local_date(hearing)
            due = due_date(rule, event_on, offsets.get(rule.code))
            wanted[(rule.code, hearing.pk)] = Wanted(rule, hearing, event_on, due, None)
    return wanted


def _responsible(case: Case) -> User | None:
    if case.attorney_id:
        return case.attorney
    assignment = (
        case.assignments.filter(role=CaseAssignment.Role.ATTORNEY).select_related("user").order_by("pk").first()
    )
    return assignment.user if assignment else None


def _apply(deadline: Deadline, want: Wanted) -> list[str]:
    changed = []
    for field, value in (
        ("due_on", want.due_on),
        ("source_date", want.event_on),
        ("kind", want.rule.title),
        ("source", want.rule.source),
        ("source_event", want.rule.describe()),
    ):
        if getattr(deadline, field) != value:
            setattr(deadline, field, value)
            changed.append(field)
    if want.done_on and deadline.status == Deadline.Status.OPEN:
        deadline.status = Deadline.Status.DONE
        deadline.completed_at = timezone.now()
        changed += ["status", "completed_at"]
    elif deadline.status == Deadline.Status.WAIVED and "rule engine" in deadline.notes and not want.done_on:
        # The event came back (e.g. a cancelled hearing was restored): open it again.
        deadline.status = Deadline.Status.OPEN
        deadline.notes = ""
        changed += ["status", "notes"]
    return changed


@transaction.atomic
def deadlines_recompute(*, case: Case) -> list[Deadline]:
    """Bring the case's computed deadlines in line with its recorded events."""
    case = Case.objects.select_related("person", "organization", "attorney").get(pk=case.pk)
    # A closed case calls for no more filings: its open computed deadlines are waived.
    closed = case.stage == Case.Stage.CLOSED
    wanted = {} if closed else wanted_deadlines(case, case.organization.rule_offsets or {})
    existing = {
        (deadline.rule, deadline.hearing_id): deadline
        for deadline in case.deadlines.select_for_update().exclude(rule="")
    }
    responsible = _responsible(case)
    touched = []
    for key, want in wanted.items():
        deadline = existing.pop(key, None)
        if deadline is None:
            deadline = Deadline(case=case, rule=want.rule.code, hearing=want.hearing, responsible=responsible)
            _apply(deadline, want)
            deadline.save()
            touched.append(deadline)
        elif changed := _apply(deadline, want):
            # updated_at tells the reminder scan to look at the deadline again.
            deadline.save(update_fields=[*changed, "updated_at"])
            touched.append(deadline)
    for deadline in existing.values():
        # Its event was removed or its hearing no longer stands.
        if deadline.status == Deadline.Status.OPEN:
            deadline.status = Deadline.Status.WAIVED
            deadline.notes = (
                "Waived by the rule engine: the case is closed."
                if closed
                else "Waived by the rule engine: the event it was computed from no longer stands."
            )
            deadline.save(update_fields=["status", "notes", "updated_at"])
            touched.append(deadline)
    return touched


@transaction.atomic
def rule_offsets_update(*, organization: Organization, offsets: dict[str, int], by: User | None) -> Organization:
    """Change an organization's rule offsets and recompute its open cases' deadlines."""
    errors = {}
    for code, value in offsets.items():
        if code not in RULES:
            errors[code] = f"Unknown rule {code!r}; known rules: {', '.join(sorted(RULES))}."
        elif not isinstance(value, int) or isinstance(value, bool):
            errors[code] = "The offset must be a whole number of days (or years for the one-year bar)."
        elif (value < 0) != (RULES[code].offset < 0) or value == 0 or abs(value) > 3660:
            direction = "before" if RULES[code].offset < 0 else "after"
            errors[code] = f"The offset must keep the deadline {direction} its event (default {RULES[code].offset})."
    if errors:
        raise ValidationError({"rule_offsets": [f"{code}: {message}" for code, message in errors.items()]})
    organization.rule_offsets = {code: value for code, value in offsets.items() if value != RULES[code].offset}
    organization.save(update_fields=["rule_offsets"])
    for case in organization.cases.exclude(stage=Case.Stage.CLOSED).only("pk"):
        deadlines_recompute(case=case)
    return organization
