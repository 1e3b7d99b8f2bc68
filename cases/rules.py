"""Deadline rules: a table of rules as data, and small pure functions over dates.

Each rule says which recorded event starts it, how far from the event the deadline
falls, whether a deadline landing on a weekend or US federal holiday moves (and which
way), and the legal source shown beside every computed deadline. Organizations may
override a rule's offset (Organization.rule_offsets); nothing else here reads the
database.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

import holidays


class Roll(str, Enum):
    NONE = "none"  # the date stands even on a weekend or holiday
    FORWARD = "forward"  # to the next business day
    BACKWARD = "backward"  # to the previous business day (deadlines counted back from a hearing)


class Unit(str, Enum):
    DAYS = "days"
    YEARS = "years"


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    event: str  # the event the deadline is computed from (see cases.deadlines.EVENTS)
    offset: int  # in `unit`; negative counts back from the event
    unit: Unit
    roll: Roll
    source: str
    closed_by: str = ""  # an event that fulfils the deadline (marks it done)
    reminder_days: tuple[int, ...] = (30, 14, 7, 3, 1)

    def describe(self, offset: int | None = None) -> str:
        offset = self.offset if offset is None else offset
        amount = abs(offset)
        unit = self.unit.value if amount != 1 else self.unit.value.rstrip("s")
        direction = "before" if offset < 0 else "after"
        return f"{amount} {unit} {direction} {EVENT_LABELS[self.event]}"


EVENT_LABELS = {
    "last_arrival": "last arrival in the US",
    "ij_decision": "the IJ decision",
    "bia_decision": "the BIA decision",
    "final_order": "the final order",
    "hearing_non_detained": "a hearing on the non-detained docket",
    "cf_review_requested": "the request for IJ review of a negative credible fear",
}

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            code="i589_one_year",
            title="I-589 one-year filing bar",
            event="last_arrival",
            offset=1,
            unit=Unit.YEARS,
            roll=Roll.FORWARD,
            source="INA 208(a)(2)(B); 8 CFR 208.4(a)(2)",
            closed_by="i589_filed",
            reminder_days=(90, 60, 30, 14, 7, 3, 1),
        ),
        Rule(
            code="bia_appeal",
            title="BIA appeal (EOIR-26) received",
            event="ij_decision",
            offset=30,
            unit=Unit.DAYS,
            roll=Roll.FORWARD,
            source="8 CFR 1003.38(b)",
            closed_by="appeal_filed",
        ),
        Rule(
            code="petition_for_review",
            title="Petition for review in the court of appeals",
            event="bia_decision",
            offset=30,
            unit=Unit.DAYS,
            roll=Roll.FORWARD,
            source="INA 242(b)(1)",
            closed_by="petition_for_review_filed",
        ),
        Rule(
            code="motion_to_reopen",
            title="Motion to reopen",
            event="final_order",
            offset=90,
            unit=Unit.DAYS,
            roll=Roll.FORWARD,
            source="8 CFR 1003.23(b)(1), 1003.2(c)(2)",
        ),
        Rule(
            code="motion_to_reconsider",
            title="Motion to reconsider",
            event="final_order",
            offset=30,
            unit=Unit.DAYS,
            roll=Roll.FORWARD,
            source="8 CFR 1003.23(b)(1), 1003.2(b)(2)",
        ),
        Rule(
            code="prehearing_filings",
            title="Filings due before the hearing",
            event="hearing_non_detained",
            offset=-15,
            unit=Unit.DAYS,
            # Counted back from a hearing, a weekend or holiday moves the deadline
            # earlier, never past the Practice Manual's count.
            roll=Roll.BACKWARD,
            source="EOIR Immigration Court Practice Manual, ch. 3.1(b)",
            reminder_days=(7, 3, 1),
        ),
        Rule(
            code="cf_review",
            title="IJ review of negative credible fear held",
            event="cf_review_requested",
            offset=7,
            unit=Unit.DAYS,
            # A limit on the court, not a filing: it does not move.
            roll=Roll.NONE,
            source="8 CFR 1003.42(e)",
            reminder_days=(3, 1),
        ),
    )
}


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    # Observed days included: when July 4 is a Saturday, Friday July 3 is closed.
    return frozenset(holidays.country_holidays("US", years=year))


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def roll(day: date, direction: Roll) -> date:
    """Move a date off weekends and US federal holidays in the given direction."""
    if direction is Roll.NONE:
        return day
    step = timedelta(days=1 if direction is Roll.FORWARD else -1)
    while not is_business_day(day):
        day += step
    return day


def add_years(day: date, years: int) -> date:
    """Same month and day, `years` later; 29 February becomes 28 February.

    The earlier of the two candidate dates, so a deadline is never shown later than
    the law allows.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_date(rule: Rule, event_on: date, offset: int | None = None) -> date:
    """The deadline for `rule` given the event date and an optional organization offset."""
    offset = rule.offset if offset is None else offset
    if rule.unit is Unit.YEARS:
        raw = add_years(event_on, offset)
    else:
        raw = event_on + timedelta(days=offset)
    return roll(raw, rule.roll)


def rules_for(event: str) -> list[Rule]:
    return [rule for rule in RULES.values() if rule.event == event]
