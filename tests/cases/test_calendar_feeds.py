"""Private iCal feeds: tokens, RFC 5545 content, visibility re-checked at read time."""

import hashlib
import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from casetracker.models import AuditEntry, Membership
from cases import services
from cases.calendar import feed_create, feed_revoke, feed_rotate, feed_url
from cases.models import CalendarFeed, CaseAssignment, Hearing

from ..factories import CaseFactory, CourtFactory, HearingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def days_ahead(days: int, hour: int = 9, zone: str = "America/Chicago") -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def fetch(client, token: str, **headers):
    return client.get(reverse("calendar-feed", args=[token]), headers=headers)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def el_paso():
    return CourtFactory(code="ELP", name="El Paso Immigration Court", city="El Paso", state="TX",
                        time_zone="America/Denver")  # fmt: skip


def test_lawyer_feed_lists_their_hearing_with_a_stable_uid_and_no_personal_data(client, lawyer, case):
    hearing = HearingFactory(case=case, starts_at=days_ahead(5))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    first, second = fetch(client, token), fetch(client, token)

    uid = f"hearing-{hearing.pk}@127.0.0.1"
    assert list(events(parse(first))) == [uid]
    assert list(events(parse(second))) == [uid]
    event = events(parse(first))[uid]
    assert str(event["SUMMARY"]) == "HOME-2026-0001 · Master calendar"
    assert event["STATUS"] == "CONFIRMED"
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event
    body = first.content.decode()
    person = case.person
    assert person.family_name not in body and person.given_names not in body and "Тестов" not in body
    assert str(parse(first)["X-WR-CALNAME"]) == "Casetracker: my hearings and deadlines"


def test_a_hearing_at_nine_in_el_paso_is_nine_america_denver(client, lawyer, case, el_paso):
    starts = days_ahead(12, hour=9, zone="America/Denver")
    hearing = HearingFactory(case=case, court=el_paso, starts_at=starts)
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    response = fetch(client, token)

    calendar = parse(response)
    event = events(calendar)[f"hearing-{hearing.pk}@127.0.0.1"]
    assert event["DTSTART"].params["TZID"] == "America/Denver"
    assert event.decoded("DTSTART").replace(tzinfo=None) == starts.replace(tzinfo=None)
    assert f"DTSTART;TZID=America/Denver:{starts:%Y%m%d}T090000" in response.content.decode()
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Denver"]
    assert calendar.get_missing_tzids() == set()
    assert "El Paso Immigration Court" in str(event["LOCATION"])


def test_each_zone_used_gets_one_vtimezone(client, lawyer, case, el_paso):
    HearingFactory(case=case, court=el_paso, starts_at=days_ahead(3))
    HearingFactory(case=case, court=el_paso, starts_at=days_ahead(4))
    HearingFactory(case=case, court=CourtFactory(time_zone="America/New_York"), starts_at=days_ahead(5))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    zones = sorted(str(tz["TZID"]) for tz in parse(fetch(client, token)).walk("VTIMEZONE"))

    assert zones == ["America/Denver", "America/New_York"]


def test_a_rescheduled_hearing_bumps_sequence_and_the_old_slot_is_cancelled(client, lawyer, case, el_paso):
    hearing = HearingFactory(case=case, court=el_paso, starts_at=days_ahead(10, zone="America/Denver"))
    _feed, token = feed_create(owner=lawyer, by=lawyer)
    before = events(parse(fetch(client, token)))[f"hearing-{hearing.pk}@127.0.0.1"]
    assert before["SEQUENCE"] == 0

    later = days_ahead(20, hour=13, zone="America/Denver")
    moved = services.hearing_reschedule(hearing=hearing, starts_at=later, by=lawyer)

    after = events(parse(fetch(client, token)))
    old, new = after[f"hearing-{hearing.pk}@127.0.0.1"], after[f"hearing-{moved.pk}@127.0.0.1"]
    assert old["SEQUENCE"] == 1
    assert old["STATUS"] == "CANCELLED"
    assert "Moved to" in str(old["DESCRIPTION"])
    assert new["STATUS"] == "CONFIRMED"
    assert new.decoded("DTSTART").hour == 13 and new["DTSTART"].params["TZID"] == "America/Denver"


def test_a_cancelled_hearing_is_marked_cancelled_with_a_higher_sequence(client, lawyer, case):
    hearing = HearingFactory(case=case, starts_at=days_ahead(8))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    services.hearing_record_result(hearing=hearing, status=Hearing.Status.CANCELLED, by=lawyer)

    event = events(parse(fetch(client, token)))[f"hearing-{hearing.pk}@127.0.0.1"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_deadlines_are_all_day_events(client, lawyer, case):
    deadline = services.deadline_add(case=case, by=lawyer, kind="Brief due", due_on=timezone.localdate() + timedelta(days=9))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    response = fetch(client, token)

    event = events(parse(response))[f"deadline-{deadline.pk}@127.0.0.1"]
    assert event.decoded("DTSTART") == deadline.due_on
    assert f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}" in response.content.decode()
    assert str(event["SUMMARY"]) == "Due: HOME-2026-0001 · Brief due"


def test_feed_shows_only_the_window_60_days_back_to_18_months_ahead(client, lawyer, case):
    HearingFactory(case=case, starts_at=timezone.now() - timedelta(days=90))
    HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=600))
    inside = HearingFactory(case=case, starts_at=timezone.now() + timedelta(days=300))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    assert list(events(parse(fetch(client, token)))) == [f"hearing-{inside.pk}@127.0.0.1"]


def test_a_revoked_token_gets_404(client, lawyer, case):
    HearingFactory(case=case)
    feed, token = feed_create(owner=lawyer, by=lawyer)
    assert fetch(client, token).status_code == 200

    feed_revoke(feed=feed, by=lawyer)

    assert fetch(client, token).status_code == 404


def test_unknown_and_malformed_tokens_get_404(client, db):
    assert fetch(client, "x" * 43).status_code == 404
    assert client.get("/calendar/feeds/short.ics").status_code == 404
    assert client.get("/calendar/feeds/" + "a" * 300 + ".ics").status_code == 404


def test_rotating_a_feed_kills_the_old_url_and_gives_a_new_one(client, lawyer, case):
    hearing = HearingFactory(case=case)
    feed, old_token = feed_create(owner=lawyer, by=lawyer)

    new_feed, new_token = feed_rotate(feed=feed, by=lawyer)

    assert fetch(client, old_token).status_code == 404
    assert f"hearing-{hearing.pk}@127.0.0.1" in events(parse(fetch(client, new_token)))
    assert new_feed.kind == CalendarFeed.Kind.USER and new_feed.pk != feed.pk


def test_only_the_sha256_of_the_token_is_stored(lawyer):
    feed, token = feed_create(owner=lawyer, by=lawyer)

    feed.refresh_from_db()
    assert len(token) >= 40
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(CalendarFeed.objects.values()), default=str)


def test_an_outsiders_feed_never_contains_another_organizations_hearing(client, outsider, case, other_case):
    home_hearing = HearingFactory(case=case)
    own_hearing = HearingFactory(case=other_case)
    CaseAssignment.objects.create(case=other_case, user=outsider, role=CaseAssignment.Role.ATTORNEY)
    # Even a stray assignment to the other organization's case does not put it in reach.
    CaseAssignment.objects.create(case=case, user=outsider, role=CaseAssignment.Role.ATTORNEY)
    _feed, token = feed_create(owner=outsider, by=outsider)

    response = fetch(client, token)

    assert list(events(parse(response))) == [f"hearing-{own_hearing.pk}@127.0.0.1"]
    assert f"hearing-{home_hearing.pk}@" not in response.content.decode()
    assert "HOME-2026-0001" not in response.content.decode()


def test_an_outsider_cannot_make_a_feed_of_another_organizations_case(client, outsider, case):
    HearingFactory(case=case)
    with pytest.raises(ValidationError):
        feed_create(owner=outsider, case=case, by=outsider)
    # A feed row that somehow points there still shows nothing.
    token = "forged-token-0123456789"
    CalendarFeed.objects.create(kind="case", owner=outsider, case=case, token_hash=hashlib.sha256(token.encode()).hexdigest())

    assert fetch(client, token).status_code == 404


def test_a_lawyer_taken_off_the_case_stops_seeing_it_on_the_next_refresh(client, lawyer, case):
    hearing = HearingFactory(case=case)
    _user_feed, user_token = feed_create(owner=lawyer, by=lawyer)
    _case_feed, case_token = feed_create(owner=lawyer, case=case, by=lawyer)
    assert f"hearing-{hearing.pk}@127.0.0.1" in events(parse(fetch(client, case_token)))

    CaseAssignment.objects.filter(case=case, user=lawyer).delete()

    assert events(parse(fetch(client, user_token))) == {}
    assert fetch(client, case_token).status_code == 404


def test_a_user_who_leaves_the_organization_stops_seeing_its_hearings(client, lawyer, case):
    HearingFactory(case=case)
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    Membership.objects.filter(user=lawyer).delete()

    assert events(parse(fetch(client, token))) == {}


def test_a_deactivated_users_feed_is_gone(client, lawyer, case):
    HearingFactory(case=case)
    _feed, token = feed_create(owner=lawyer, by=lawyer)
    lawyer.is_active = False
    lawyer.save()

    assert fetch(client, token).status_code == 404


def test_case_feed_carries_only_that_case(client, advocate, case, home):
    hearing = HearingFactory(case=case)
    HearingFactory(case=CaseFactory(person=PersonFactory(organization=home)))
    _feed, token = feed_create(owner=advocate, case=case, by=advocate)

    calendar = parse(fetch(client, token))

    assert list(events(calendar)) == [f"hearing-{hearing.pk}@127.0.0.1"]
    assert str(calendar["X-WR-CALNAME"]) == "Casetracker: HOME-2026-0001"


def test_feed_response_headers_suit_calendar_clients(client, lawyer, case):
    HearingFactory(case=case)
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    response = fetch(client, token)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    again = fetch(client, token, if_none_match=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_each_fetch_is_audited_without_the_token(client, lawyer, case):
    HearingFactory(case=case)
    feed, token = feed_create(owner=lawyer, by=lawyer)

    fetch(client, token)
    fetch(client, token)

    fetches = AuditEntry.objects.filter(action="feed", details__event="fetched")
    assert fetches.count() == 2
    entry = fetches.first()
    assert entry.actor == lawyer and entry.object_id == str(feed.pk) and entry.details["hearings"] == 1
    every_row = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert token not in every_row and feed.token_hash not in every_row
    feed.refresh_from_db()
    assert feed.last_used_at is not None


def test_feed_query_count_does_not_grow_with_hearings(client, django_assert_max_num_queries, lawyer, case, el_paso):
    other_court = CourtFactory(time_zone="America/New_York")
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    def add(n: int) -> None:
        for i in range(n):
            hearing = HearingFactory(case=case, court=el_paso if i % 2 else other_court, starts_at=days_ahead(1 + i % 200))
            if i % 5 == 0:
                services.hearing_reschedule(hearing=hearing, starts_at=days_ahead(2 + i % 200), by=lawyer)

    add(5)
    with django_assert_max_num_queries(9) as five:
        assert fetch(client, token).status_code == 200
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = fetch(client, token)
    assert len(events(parse(response))) >= 50


def test_command_prints_a_working_feed_url(client, lawyer, case, settings):
    hearing = HearingFactory(case=case)
    settings.CT_BASE_URL = "https://ct.example.org"

    out = call_command_output("calendar_feed_url", lawyer.email.upper())

    assert out.startswith("https://ct.example.org/calendar/feeds/") and out.endswith(".ics")
    response = client.get(out.removeprefix("https://ct.example.org"))
    assert f"hearing-{hearing.pk}@ct.example.org" in events(parse(response))


def test_command_makes_a_case_feed(client, lawyer, case):
    out = call_command_output("calendar_feed_url", lawyer.email, "--case", "home-2026-0001")

    feed = CalendarFeed.objects.get()
    assert feed.kind == "case" and feed.case == case
    assert client.get(out.removeprefix(feed_url("x").split("/calendar/")[0])).status_code == 200


def test_command_refuses_unknown_users_and_cases_they_cannot_see(lawyer, other_case):
    with pytest.raises(CommandError):
        call_command("calendar_feed_url", "nobody@nowhere.test")
    with pytest.raises(CommandError):
        call_command("calendar_feed_url", lawyer.email, "--case", other_case.reference)
    assert not CalendarFeed.objects.exists()


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_a_russian_speaking_lawyer_gets_the_feed_in_russian(client, lawyer, case):
    lawyer.language = "ru"
    lawyer.save()
    hearing = HearingFactory(case=case, starts_at=days_ahead(4))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    calendar = parse(fetch(client, token))

    with translation.override("ru"):
        kind_in_russian = str(Hearing.Kind(hearing.kind).label)
    assert "слушание" in kind_in_russian  # the catalog really is Russian
    assert str(events(calendar)[f"hearing-{hearing.pk}@127.0.0.1"]["SUMMARY"]) == f"HOME-2026-0001 · {kind_in_russian}"
    assert str(calendar["X-WR-CALNAME"]) == "Casetracker: мои слушания и сроки"


def test_a_court_without_a_valid_zone_falls_back_to_utc(client, lawyer, case):
    hearing = HearingFactory(case=case, court=CourtFactory(time_zone="Not/AZone"), starts_at=days_ahead(4))
    _feed, token = feed_create(owner=lawyer, by=lawyer)

    event = events(parse(fetch(client, token)))[f"hearing-{hearing.pk}@127.0.0.1"]

    assert event.decoded("DTSTART") == hearing.starts_at
    assert "TZID" not in event["DTSTART"].params
