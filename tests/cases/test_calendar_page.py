"""The calendar page (/calendar/) and its events endpoint (/calendar/events.json)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import calendar, services
from cases.models import CaseAssignment

from ..factories import CaseFactory, CourtFactory, FacilityFactory, HearingFactory, LanguageFactory, PersonFactory

pytestmark = pytest.mark.django_db
EVENTS = "/calendar/events.json"


def at(days: int, hour: int = 9, zone: str = "America/Denver") -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour), tzinfo=ZoneInfo(zone))


def window(days: int = 40) -> dict[str, str]:
    today = timezone.localdate()
    return {"start": today.isoformat(), "end": (today + timedelta(days=days)).isoformat()}


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [event["id"] for event in response.json()["events"]]


@pytest.fixture
def el_paso():
    return CourtFactory(code="ELP", name="El Paso Immigration Court", time_zone="America/Denver")


@pytest.fixture
def oakdale():
    return CourtFactory(code="OAK", name="Oakdale Immigration Court", time_zone="America/Chicago")


def test_anonymous_users_are_sent_to_login(client):
    for url in ("/calendar/", EVENTS):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_loads_fullcalendar_from_static_and_no_cdn(client, lawyer, case):
    client.force_login(lawyer)

    body = client.get("/calendar/").content.decode()

    assert '/static/vendor/fullcalendar/index.global.min.js' in body
    assert '/static/calendar/calendar.js' in body
    assert 'data-events-url="/calendar/events.json"' in body
    assert "cdn" not in body.lower() and "unpkg" not in body.lower()


def test_the_agenda_without_javascript_shows_court_time_and_the_viewers_time(client, lawyer, case, el_paso):
    lawyer.time_zone = "America/New_York"
    lawyer.save()
    HearingFactory(case=case, court=el_paso, starts_at=at(3), judge="Judge Example", mode="video",
                   interpreter_language=LanguageFactory())  # fmt: skip
    client.force_login(lawyer)

    body = client.get("/calendar/").content.decode()

    assert "HOME-2026-0001 · Master calendar" in body
    assert "09:00 MST" in body and "11:00 EST" in body
    assert "El Paso Immigration Court" in body and "Judge Example" in body and "Video" in body and "Russian" in body
    assert reverse("admin:cases_case_change", args=[case.pk]) in body


def test_same_zone_shows_one_time_only(client, lawyer, case, oakdale):
    lawyer.time_zone = "America/Chicago"
    lawyer.save()
    HearingFactory(case=case, court=oakdale, starts_at=at(3, zone="America/Chicago"))
    client.force_login(lawyer)

    body = client.get("/calendar/").content.decode()

    assert "09:00 CST" in body and "your time)" not in body


def test_events_carry_court_zone_details_and_link_to_the_case(client, lawyer, case, el_paso):
    hearing = HearingFactory(case=case, court=el_paso, starts_at=at(3), courtroom="2")
    client.force_login(lawyer)

    [event] = client.get(EVENTS, window()).json()["events"]

    assert event["id"] == f"hearing-{hearing.pk}"
    assert event["url"] == reverse("admin:cases_case_change", args=[case.pk])
    assert event["title"] == "HOME-2026-0001 · Master calendar"
    assert event["start"] == at(3).astimezone(ZoneInfo("UTC")).isoformat()
    assert event["extendedProps"]["timeZone"] == "America/Denver"
    assert event["extendedProps"]["courtTime"] == "09:00 MST"
    assert event["extendedProps"]["place"] == "El Paso Immigration Court, courtroom 2"


def test_a_lawyer_sees_only_cases_they_are_on(client, lawyer, case, home):
    mine = HearingFactory(case=case, starts_at=at(2))
    HearingFactory(case=CaseFactory(person=PersonFactory(organization=home)), starts_at=at(2))
    client.force_login(lawyer)

    assert ids(client.get(EVENTS, window())) == [f"hearing-{mine.pk}"]


def test_an_outsider_never_sees_another_organizations_hearings(client, outsider, case, other_case, el_paso):
    HearingFactory(case=case, court=el_paso, starts_at=at(2))
    theirs = HearingFactory(case=other_case, court=el_paso, starts_at=at(2))
    client.force_login(outsider)

    assert ids(client.get(EVENTS, window())) == [f"hearing-{theirs.pk}"]
    assert ids(client.get(EVENTS, {**window(), "court": el_paso.pk})) == [f"hearing-{theirs.pk}"]
    assert "HOME-2026-0001" not in client.get("/calendar/").content.decode()


def test_filters_by_court_judge_kind_facility_and_organization(client, advocate, case, el_paso, oakdale, home):
    facility = FacilityFactory()
    a = HearingFactory(case=case, court=el_paso, starts_at=at(2), judge="Judge Alpha")
    b = HearingFactory(case=case, court=oakdale, starts_at=at(3), judge="Judge Beta", kind="bond")
    c = HearingFactory(case=case, court=None, facility=facility, starts_at=at(4))
    client.force_login(advocate)

    assert ids(client.get(EVENTS, {**window(), "court": el_paso.pk})) == [f"hearing-{a.pk}"]
    assert ids(client.get(EVENTS, {**window(), "judge": "beta"})) == [f"hearing-{b.pk}"]
    assert ids(client.get(EVENTS, {**window(), "kind": "bond"})) == [f"hearing-{b.pk}"]
    assert ids(client.get(EVENTS, {**window(), "facility": facility.pk})) == [f"hearing-{c.pk}"]
    assert len(ids(client.get(EVENTS, {**window(), "organization": home.pk}))) == 3


def test_filter_by_attorney(client, advocate, lawyer, case, home):
    theirs = HearingFactory(case=case, starts_at=at(2))
    other = CaseFactory(person=PersonFactory(organization=home), attorney=advocate)
    mine = HearingFactory(case=other, starts_at=at(3))
    client.force_login(advocate)

    assert ids(client.get(EVENTS, {**window(), "attorney": "me"})) == [f"hearing-{mine.pk}"]
    assert ids(client.get(EVENTS, {**window(), "attorney": lawyer.pk})) == [f"hearing-{theirs.pk}"]
    assert len(ids(client.get(EVENTS, window()))) == 2


def test_a_lawyer_starts_on_their_own_hearings(client, lawyer, case):
    client.force_login(lawyer)
    body = client.get("/calendar/").content.decode()
    assert '<option value="me" selected>' in body


def test_deadlines_show_only_when_asked_for(client, lawyer, case):
    hearing = HearingFactory(case=case, starts_at=at(2))
    deadline = services.deadline_add(case=case, by=lawyer, kind="Brief due", due_on=timezone.localdate() + timedelta(days=5))
    client.force_login(lawyer)

    assert ids(client.get(EVENTS, window())) == [f"hearing-{hearing.pk}"]
    events = client.get(EVENTS, {**window(), "deadlines": "on"}).json()["events"]
    assert [e["id"] for e in events] == [f"hearing-{hearing.pk}", f"deadline-{deadline.pk}"]
    assert events[1]["allDay"] is True and events[1]["start"] == deadline.due_on.isoformat()


def test_bad_input_is_a_400_with_a_message_per_field(client, lawyer):
    client.force_login(lawyer)

    missing = client.get(EVENTS)
    too_long = client.get(EVENTS, window(days=400))
    bad_court = client.get(EVENTS, {**window(), "court": "abc", "kind": "party"})

    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"start", "end"}
    assert too_long.status_code == 400 and "end" in too_long.json()["errors"]
    assert bad_court.status_code == 400 and set(bad_court.json()["errors"]) == {"court", "kind"}


def test_fullcalendar_style_ranges_with_offsets_are_accepted(client, lawyer, case):
    hearing = HearingFactory(case=case, starts_at=at(1))
    client.force_login(lawyer)
    start = (timezone.localdate() - timedelta(days=3)).isoformat() + "T00:00:00-06:00"
    end = (timezone.localdate() + timedelta(days=30)).isoformat() + "T00:00:00-06:00"

    assert ids(client.get(EVENTS, {"start": start, "end": end})) == [f"hearing-{hearing.pk}"]


def test_too_many_events_are_cut_and_flagged(client, lawyer, case, monkeypatch):
    monkeypatch.setattr(calendar, "MAX_EVENTS", 3)
    for day in range(5):
        HearingFactory(case=case, starts_at=at(day + 1))
    client.force_login(lawyer)

    payload = client.get(EVENTS, window()).json()

    assert len(payload["events"]) == 3 and payload["truncated"] is True


def test_events_query_count_does_not_grow_with_hearings(client, django_assert_max_num_queries, lawyer, case, el_paso, oakdale):
    client.force_login(lawyer)

    def add(n: int) -> None:
        for i in range(n):
            hearing = HearingFactory(case=case, court=el_paso if i % 2 else oakdale, starts_at=at(1 + i % 30),
                                     interpreter_language=LanguageFactory())  # fmt: skip
            if i % 5 == 0:
                services.hearing_reschedule(hearing=hearing, starts_at=at(2 + i % 30, hour=14), by=lawyer)
        services.deadline_add(case=case, by=lawyer, kind="Brief due", due_on=timezone.localdate() + timedelta(days=3))

    query = {**window(), "deadlines": "on"}
    add(5)
    client.get(EVENTS, query)  # session and user caches warm
    with django_assert_max_num_queries(10) as five:
        assert len(ids(client.get(EVENTS, query))) >= 5
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(ids(client.get(EVENTS, query))) >= 50


def test_the_page_is_in_russian_for_russian_users(client, lawyer, case):
    HearingFactory(case=case, starts_at=at(2))
    lawyer.language = "ru"  # the signed-in user's own choice wins over the browser's
    lawyer.save(update_fields=["language"])
    client.force_login(lawyer)

    body = client.get("/calendar/").content.decode()

    assert 'data-locale="ru"' in body
    assert "/static/vendor/fullcalendar/locales/ru.global.min.js" in body
    assert "Предварительное слушание" in body  # Master calendar


def test_hearing_assigned_via_case_team_counts_as_mine(client, viewer, case):
    CaseAssignment.objects.create(case=case, user=viewer, role=CaseAssignment.Role.OBSERVER)
    hearing = HearingFactory(case=case, starts_at=at(2))
    client.force_login(viewer)

    assert ids(client.get(EVENTS, {**window(), "attorney": "me"})) == [f"hearing-{hearing.pk}"]


def test_an_advocates_agenda_lists_every_hearing_of_the_organization(client, advocate, case, home):
    HearingFactory(case=case, starts_at=at(2))
    HearingFactory(case=CaseFactory(person=PersonFactory(organization=home), reference="HOME-2026-0777"), starts_at=at(3))
    client.force_login(advocate)

    body = client.get("/calendar/?date=" + timezone.localdate().isoformat()).content.decode()

    assert "HOME-2026-0001 · Master calendar" in body and "HOME-2026-0777 · Master calendar" in body
    assert '<option value="" selected>' in body  # attorney: everyone I can see
