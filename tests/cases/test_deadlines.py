"""Computed deadlines follow the case's recorded events."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cases.deadlines import rule_offsets_update
from cases.models import Case, Deadline, Hearing
from cases.services import (
    case_update,
    deadline_add,
    hearing_record_result,
    hearing_schedule,
    person_update,
)
from tests.factories import CourtFactory

pytestmark = pytest.mark.django_db


def _computed(case, rule):
    return Deadline.objects.get(case=case, rule=rule)


def _update(case, **changes):
    case.refresh_from_db()
    return case_update(case=case, version=case.version, by=None, **changes)


def test_ij_decision_creates_the_bia_appeal_deadline_with_rule_and_source(case):
    _update(case, ij_decision_on=date(2025, 3, 3))

    deadline = _computed(case, "bia_appeal")
    assert deadline.due_on == date(2025, 4, 2)
    assert deadline.kind == "BIA appeal (EOIR-26) received"
    assert deadline.source == "8 CFR 1003.38(b)"
    assert deadline.source_event == "30 days after the IJ decision"
    assert deadline.source_date == date(2025, 3, 3)
    assert deadline.status == Deadline.Status.OPEN


def test_correcting_the_ij_decision_date_moves_the_deadline(case):
    _update(case, ij_decision_on=date(2025, 3, 3))
    _update(case, ij_decision_on=date(2025, 5, 20))

    assert Deadline.objects.filter(case=case, rule="bia_appeal").count() == 1
    assert _computed(case, "bia_appeal").due_on == date(2025, 6, 20)  # day 30 is Juneteenth


def test_filing_the_appeal_closes_the_deadline_as_done(case):
    _update(case, ij_decision_on=date(2025, 3, 3))
    _update(case, appeal_filed_on=date(2025, 3, 20))

    deadline = _computed(case, "bia_appeal")
    assert deadline.status == Deadline.Status.DONE
    assert deadline.completed_at is not None


def test_removing_the_event_waives_its_open_deadline(case):
    _update(case, bia_decision_on=date(2025, 3, 3))
    _update(case, bia_decision_on=None)

    deadline = _computed(case, "petition_for_review")
    assert deadline.status == Deadline.Status.WAIVED
    assert "no longer stands" in deadline.notes


def test_final_order_gives_reopen_and_reconsider_deadlines(case):
    _update(case, final_order_on=date(2025, 9, 26))

    assert _computed(case, "motion_to_reopen").due_on == date(2025, 12, 26)
    assert _computed(case, "motion_to_reconsider").due_on == date(2025, 10, 27)  # Oct 26 is a Sunday


def test_one_year_bar_from_last_arrival_and_closed_by_the_i589(case):
    person = case.person
    person_update(person=person, version=person.version, by=None, last_arrival_date=date(2025, 11, 22))

    assert _computed(case, "i589_one_year").due_on == date(2026, 11, 23)

    _update(case, i589_filed_on=date(2026, 5, 1))
    assert _computed(case, "i589_one_year").status == Deadline.Status.DONE


def test_no_one_year_bar_for_a_bond_case(case):
    _update(case, kind=Case.Kind.BOND_PAROLE)
    person = case.person
    person_update(person=person, version=person.version, by=None, last_arrival_date=date(2025, 11, 22))

    assert not Deadline.objects.filter(case=case, rule="i589_one_year").exists()


def test_negative_credible_fear_review_must_be_held_within_7_days(case):
    _update(
        case,
        credible_fear_result=Case.CredibleFearResult.NEGATIVE,
        ij_review_requested_on=date(2025, 12, 18),
    )

    assert _computed(case, "cf_review").due_on == date(2025, 12, 25)


def test_non_detained_hearing_gets_a_filing_deadline_and_losing_it_waives_it(case):
    _update(case, docket=Case.Docket.NON_DETAINED)
    court = CourtFactory(code="EPD", name="El Paso", time_zone="America/Denver")
    starts = datetime(2026, 7, 18, 9, 0, tzinfo=ZoneInfo("America/Denver"))
    hearing = hearing_schedule(case=case, by=None, kind=Hearing.Kind.INDIVIDUAL, starts_at=starts, court=court)

    deadline = Deadline.objects.get(case=case, rule="prehearing_filings", hearing=hearing)
    assert deadline.due_on == date(2026, 7, 2)  # 15 days back is July 3, observed Independence Day

    hearing_record_result(hearing=hearing, status=Hearing.Status.CANCELLED, by=None)
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.WAIVED


def test_detained_docket_hearings_get_no_filing_deadline(case):
    starts = datetime(2026, 7, 18, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
    hearing_schedule(case=case, by=None, kind=Hearing.Kind.MASTER, starts_at=starts, court=CourtFactory())

    assert not Deadline.objects.filter(case=case, rule="prehearing_filings").exists()


def test_manual_deadlines_are_never_touched(case):
    manual = deadline_add(case=case, by=None, kind="Collect support letters", due_on=date(2025, 4, 1))
    _update(case, ij_decision_on=date(2025, 3, 3))
    _update(case, ij_decision_on=None)

    manual.refresh_from_db()
    assert (manual.status, manual.due_on, manual.rule) == (Deadline.Status.OPEN, date(2025, 4, 1), "")


def test_attorney_of_record_is_responsible_for_computed_deadlines(case, lawyer):
    _update(case, attorney=lawyer, representation=Case.Representation.REPRESENTED)
    _update(case, ij_decision_on=date(2025, 3, 3))

    assert _computed(case, "bia_appeal").responsible == lawyer


def test_organization_offsets_change_deadlines(case, home):
    _update(case, ij_decision_on=date(2025, 3, 3))

    rule_offsets_update(organization=home, offsets={"bia_appeal": 20}, by=None)

    assert _computed(case, "bia_appeal").due_on == date(2025, 3, 24)
    home.refresh_from_db()
    assert home.rule_offsets == {"bia_appeal": 20}


@pytest.mark.parametrize(
    ("offsets", "message"),
    [
        ({"no_such_rule": 3}, "Unknown rule"),
        ({"bia_appeal": -5}, "after its event"),
        ({"prehearing_filings": 15}, "before its event"),
        ({"bia_appeal": "thirty"}, "whole number"),
    ],
)
def test_bad_offsets_are_refused_with_a_reason(home, offsets, message):
    with pytest.raises(ValidationError) as excinfo:
        rule_offsets_update(organization=home, offsets=offsets, by=None)

    assert message in str(excinfo.value.message_dict["rule_offsets"])
    home.refresh_from_db()
    assert home.rule_offsets == {}


def test_rescheduling_moves_the_filing_deadline_to_the_new_hearing(case):
    from cases.services import hearing_reschedule

    _update(case, docket=Case.Docket.NON_DETAINED)
    court = CourtFactory(time_zone="America/Chicago")
    first = hearing_schedule(
        case=case, by=None, kind=Hearing.Kind.MASTER, court=court,
        starts_at=datetime(2026, 3, 16, 9, 0, tzinfo=ZoneInfo("America/Chicago")),
    )  # fmt: skip
    second = hearing_reschedule(hearing=first, by=None, starts_at=first.starts_at + timedelta(days=28))

    old = Deadline.objects.get(case=case, hearing=first)
    new = Deadline.objects.get(case=case, hearing=second)
    assert old.status == Deadline.Status.WAIVED
    assert new.status == Deadline.Status.OPEN
    assert new.due_on == date(2026, 3, 27)


def test_closing_the_case_waives_its_open_computed_deadlines(case):
    _update(case, ij_decision_on=date(2025, 3, 3))
    _update(case, stage=Case.Stage.CLOSED, outcome=Case.Outcome.REMOVED)

    deadline = _computed(case, "bia_appeal")
    assert deadline.status == Deadline.Status.WAIVED
    assert "case is closed" in deadline.notes


def test_filing_the_petition_for_review_closes_its_deadline(case):
    _update(case, bia_decision_on=date(2025, 3, 3))
    _update(case, petition_for_review_filed_on=date(2025, 3, 25))

    assert _computed(case, "petition_for_review").status == Deadline.Status.DONE
