"""The hearing calendar in a real browser: views, court-zone times, a filter, a click-through."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.models import CaseAssignment
from tests.factories import CaseFactory, CourtFactory, HearingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_wednesday():
    today = timezone.localdate()
    return today + timedelta(days=(2 - today.weekday()) % 7 or 7)


def test_a_lawyer_browses_the_calendar_filters_by_court_and_opens_a_case(page, login, lawyer, case, home):
    day = next_wednesday()
    el_paso = CourtFactory(code="ELP", name="El Paso Immigration Court", time_zone="America/Denver")
    oakdale = CourtFactory(code="OAK", name="Oakdale Immigration Court", time_zone="America/Chicago")
    second = CaseFactory(person__organization=home, reference="HOME-2026-0002")
    CaseAssignment.objects.create(case=second, user=lawyer, role=CaseAssignment.Role.ATTORNEY)
    HearingFactory(case=case, court=el_paso, starts_at=datetime.combine(day, time(9), tzinfo=ZoneInfo("America/Denver")))
    HearingFactory(case=second, court=oakdale, kind="bond",
                   starts_at=datetime.combine(day, time(13), tzinfo=ZoneInfo("America/Chicago")))  # fmt: skip
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    login(lawyer)
    page.goto(f"/calendar/?date={day.isoformat()}")

    # Month view (the default): both hearings, El Paso's at 09:00 court time and 10:00 in the
    # browser's zone (America/Chicago).
    month_events = page.locator(".fc-dayGridMonth-view .fc-event")
    month_events.first.wait_for()
    assert month_events.count() == 2
    el_paso_event = page.locator(".fc-event", has_text="HOME-2026-0001")
    assert "09:00 MST" in el_paso_event.inner_text() and "10:00 CST" in el_paso_event.inner_text()
    oakdale_text = page.locator(".fc-event", has_text="HOME-2026-0002").inner_text()
    assert "13:00 CST" in oakdale_text and "your time" not in oakdale_text
    assert page.locator("#ct-agenda").is_hidden()  # the no-JavaScript agenda gives way

    page.click(".fc-timeGridWeek-button")
    page.locator(".fc-timeGridWeek-view .fc-event").first.wait_for()
    assert page.locator(".fc-timeGridWeek-view .fc-event").count() == 2

    page.click(".fc-listMonth-button")
    rows = page.locator(".fc-listMonth-view .fc-list-event")
    rows.first.wait_for()
    assert rows.count() == 2

    page.select_option("select[name=court]", str(el_paso.pk))
    page.wait_for_function("document.querySelectorAll('.fc-list-event').length === 1")
    assert "HOME-2026-0001" in rows.first.inner_text()
    assert f"court={el_paso.pk}" in page.url  # the filter is kept in the address

    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/cases/case/{case.pk}/change/"))
    assert "HOME-2026-0001" in page.content()
    assert errors == []
