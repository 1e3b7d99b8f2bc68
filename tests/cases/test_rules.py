"""Deadline rules, date by date."""

from datetime import date

import pytest

from cases.rules import RULES, Roll, add_years, due_date, is_business_day, roll


@pytest.mark.parametrize(
    ("rule", "event_on", "expected", "why"),
    [
        # I-589 one-year bar
        ("i589_one_year", date(2025, 3, 10), date(2026, 3, 10), "anniversary on a Tuesday"),
        ("i589_one_year", date(2025, 1, 1), date(2026, 1, 2), "anniversary is New Year's Day"),
        ("i589_one_year", date(2024, 2, 29), date(2025, 2, 28), "leap day: 28 Feb next year (Friday)"),
        ("i589_one_year", date(2023, 2, 28), date(2024, 2, 28), "not pushed to the leap day"),
        ("i589_one_year", date(2025, 11, 22), date(2026, 11, 23), "anniversary on a Sunday"),
        ("i589_one_year", date(2025, 6, 19), date(2026, 6, 22), "Juneteenth 2026 is a Friday"),
        # BIA appeal: 30 calendar days from the IJ decision
        ("bia_appeal", date(2025, 3, 3), date(2025, 4, 2), "plain 30 days"),
        ("bia_appeal", date(2025, 12, 2), date(2026, 1, 2), "day 30 is New Year's Day 2026"),
        ("bia_appeal", date(2025, 5, 20), date(2025, 6, 20), "day 30 is Juneteenth (Thursday)"),
        ("bia_appeal", date(2025, 10, 28), date(2025, 11, 28), "day 30 is Thanksgiving"),
        ("bia_appeal", date(2026, 10, 27), date(2026, 11, 27), "Thanksgiving 2026"),
        ("bia_appeal", date(2024, 1, 30), date(2024, 2, 29), "lands on the leap day itself"),
        ("bia_appeal", date(2026, 6, 3), date(2026, 7, 6), "July 3 observed, July 4 Saturday"),
        ("bia_appeal", date(2027, 12, 1), date(2028, 1, 3), "Dec 31 observed holiday, New Year weekend"),
        # A decision on the Friday before a Monday holiday: the clock starts anyway
        ("bia_appeal", date(2026, 1, 16), date(2026, 2, 17), "Fri before MLK day; day 30 is Presidents' Day"),
        ("petition_for_review", date(2026, 8, 7), date(2026, 9, 8), "day 30 is Sunday, then Labor Day"),
        ("motion_to_reopen", date(2025, 10, 1), date(2025, 12, 30), "90 days"),
        ("motion_to_reopen", date(2025, 9, 26), date(2025, 12, 26), "day 90 is Christmas"),
        ("motion_to_reconsider", date(2025, 10, 12), date(2025, 11, 12), "day 30 is Veterans Day"),
        # Counted back from a hearing, a holiday moves the deadline earlier
        ("prehearing_filings", date(2026, 7, 18), date(2026, 7, 2), "15 days before; July 3 observed"),
        ("prehearing_filings", date(2026, 1, 16), date(2025, 12, 31), "lands on New Year's Day"),
        ("prehearing_filings", date(2026, 3, 16), date(2026, 2, 27), "lands on Sunday 1 March"),
        # IJ review of negative credible fear: no roll at all
        ("cf_review", date(2025, 12, 18), date(2025, 12, 25), "even on Christmas"),
    ],
)
def test_due_date(rule, event_on, expected, why):
    assert due_date(RULES[rule], event_on) == expected, why


def test_organization_offset_overrides_the_default():
    assert due_date(RULES["bia_appeal"], date(2025, 3, 3), offset=20) == date(2025, 3, 24)


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (date(2026, 6, 19), False),  # Juneteenth
        (date(2026, 11, 26), False),  # Thanksgiving
        (date(2026, 11, 27), True),  # the Friday after is a working day for the courts
        (date(2026, 7, 3), False),  # Independence Day observed
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 23), True),
    ],
)
def test_business_days(day, business):
    assert is_business_day(day) is business


def test_roll_directions():
    saturday = date(2026, 11, 21)
    assert roll(saturday, Roll.FORWARD) == date(2026, 11, 23)
    assert roll(saturday, Roll.BACKWARD) == date(2026, 11, 20)
    assert roll(saturday, Roll.NONE) == saturday


def test_add_years_never_lands_after_the_anniversary():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_every_rule_cites_a_source_and_describes_itself():
    for rule in RULES.values():
        assert rule.source
        assert rule.describe()
    assert RULES["prehearing_filings"].describe() == "15 days before a hearing on the non-detained docket"
    assert RULES["i589_one_year"].describe() == "1 year after last arrival in the US"


def test_every_rule_description_fits_the_deadline_field():
    from cases.models import Deadline

    limit = Deadline._meta.get_field("source_event").max_length
    for rule in RULES.values():
        assert len(rule.describe()) <= limit, rule.code
        assert len(rule.title) <= Deadline._meta.get_field("kind").max_length
        assert len(rule.source) <= Deadline._meta.get_field("source").max_length
