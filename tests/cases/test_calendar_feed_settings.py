"""The feed settings page: create, rotate and revoke; the URL is shown once."""

import re

import pytest
from django.urls import reverse

from casetracker.models import AuditEntry
from cases.calendar import feed_create
from cases.models import CalendarFeed

pytestmark = pytest.mark.django_db
URL_RE = re.compile(r'value="(http://127\.0\.0\.1:8000/calendar/feeds/([A-Za-z0-9_-]+)\.ics)"')


def shown_url(response) -> tuple[str, str] | None:
    match = URL_RE.search(response.content.decode())
    return (match.group(1), match.group(2)) if match else None


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("calendar-feeds"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_lawyer_creates_a_feed_and_sees_its_url_once(client, lawyer, case):
    client.force_login(lawyer)

    created = client.post(reverse("calendar-feeds"), {"action": "create_user"})

    assert created.status_code == 200
    url, token = shown_url(created)
    assert "no-store" in created["Cache-Control"]
    assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    again = client.get(reverse("calendar-feeds"))
    assert shown_url(again) is None
    assert "My hearings and deadlines" in again.content.decode()
    assert AuditEntry.objects.filter(action="feed", details__event="created", actor=lawyer).count() == 1


def test_a_case_feed_needs_a_case_the_user_can_see(client, lawyer, case, other_case):
    client.force_login(lawyer)

    refused = client.post(reverse("calendar-feeds"), {"action": "create_case", "reference": other_case.reference})
    made = client.post(reverse("calendar-feeds"), {"action": "create_case", "reference": "home-2026-0001"})

    assert "No case with this reference that you can see." in refused.content.decode()
    assert shown_url(refused) is None
    assert shown_url(made) is not None
    assert list(CalendarFeed.objects.values_list("kind", "case__reference")) == [("case", "HOME-2026-0001")]


def test_rotate_shows_a_new_url_and_the_old_one_stops(client, lawyer, case):
    feed, old_token = feed_create(owner=lawyer, by=lawyer)
    client.force_login(lawyer)

    rotated = client.post(reverse("calendar-feeds"), {"action": "rotate", "feed": feed.pk})

    url, token = shown_url(rotated)
    assert token != old_token
    assert client.get(reverse("calendar-feed", args=[old_token])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 200


def test_revoke_ends_the_feed(client, lawyer, case):
    feed, token = feed_create(owner=lawyer, by=lawyer)
    client.force_login(lawyer)

    page = client.post(reverse("calendar-feeds"), {"action": "revoke", "feed": feed.pk})

    assert page.status_code == 200 and "Revoked feeds" in page.content.decode()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_nobody_can_revoke_someone_elses_feed(client, lawyer, advocate, outsider, case):
    feed, token = feed_create(owner=lawyer, by=lawyer)
    for intruder in (advocate, outsider):
        client.force_login(intruder)
        assert client.post(reverse("calendar-feeds"), {"action": "revoke", "feed": feed.pk}).status_code == 404
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 200
