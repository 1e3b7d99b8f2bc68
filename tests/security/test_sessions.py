"""Sessions: 30 minutes idle and 12 hours in all, ended on the server; my sessions page."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD

SESSIONS = "/accounts/sessions/"


def sign_in(client, user, ip: str = "203.0.113.10", agent: str = "Firefox/128") -> None:
    response = client.post(
        "/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent
    )
    assert response.status_code == 302


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_login_gives_a_new_session_id(client, advocate):
    client.get("/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-id"

    sign_in(client, advocate)

    assert client.cookies["sessionid"].value != "attacker-chosen-session-id"


def test_thirty_minutes_without_activity_end_the_session(client, advocate, clock):
    sign_in(client, advocate)
    key = client.session.session_key
    clock.shift(timedelta(minutes=29))
    assert signed_in(client)

    clock.shift(timedelta(minutes=31))
    response = client.get("/cases/case/")

    assert response.status_code == 302
    assert response.url.startswith("/login/?next=")
    assert not Session.objects.filter(session_key=key).exists()  # gone on the server too
    assert "without activity" in client.get(response.url).content.decode()


def test_activity_keeps_the_session_alive(client, advocate, clock):
    sign_in(client, advocate)
    for _ in range(9):  # three hours, a request every twenty minutes
        clock.shift(timedelta(minutes=20))
        assert signed_in(client)


def test_twelve_hours_end_the_session_even_when_active(client, advocate, clock):
    sign_in(client, advocate)
    for _ in range(35):  # 11 h 40 min
        clock.shift(timedelta(minutes=20))
        assert signed_in(client)

    clock.shift(timedelta(minutes=21))

    response = client.get("/")
    assert response.status_code == 302
    assert "12-hour limit" in client.get(response.url).content.decode()


def test_an_expired_api_session_gets_a_json_401(client, advocate, clock):
    sign_in(client, advocate)
    clock.shift(timedelta(minutes=31))

    response = client.get("/api/v1/cases/")

    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_logout_ends_the_session_on_the_server(client, advocate):
    sign_in(client, advocate)
    key = client.session.session_key

    client.post("/logout/")

    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_a_user_ends_their_sessions(advocate):
    laptop, phone = Client(), Client()
    sign_in(laptop, advocate)
    sign_in(phone, advocate, ip="198.51.100.3")

    advocate.is_active = False
    advocate.save()

    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not Session.objects.exists()


def test_my_sessions_page_lists_each_signed_in_browser(advocate, colleague):
    laptop, phone, other = Client(), Client(), Client()
    sign_in(laptop, advocate, agent="Firefox/128")
    sign_in(phone, advocate, ip="198.51.100.3", agent="Mobile Safari/17")
    sign_in(other, colleague, ip="192.0.2.77", agent="Edge/120")

    body = laptop.get(SESSIONS).content.decode()

    assert body.count('class="session-row"') == 2
    assert "Firefox/128" in body and "Mobile Safari/17" in body and "198.51.100.3" in body
    assert "Edge/120" not in body and "192.0.2.77" not in body  # not a colleague's
    assert "This session" in body


def test_ending_another_session_signs_that_browser_out(advocate):
    laptop, phone = Client(), Client()
    sign_in(laptop, advocate)
    sign_in(phone, advocate, ip="198.51.100.3", agent="Mobile Safari/17")
    sessions = laptop.get(SESSIONS).context["sessions"]
    phone_row = next(s for s in sessions if not s["current"])

    response = laptop.post(SESSIONS, {"end": phone_row["id"]})

    assert response.status_code == 302
    assert not signed_in(phone)
    assert signed_in(laptop)


def test_end_all_other_sessions(advocate):
    laptop, phone, tablet = Client(), Client(), Client()
    for browser in (laptop, phone, tablet):
        sign_in(browser, advocate)

    laptop.post(SESSIONS, {"end": "others"})

    assert signed_in(laptop)
    assert not signed_in(phone) and not signed_in(tablet)


def test_nobody_can_end_a_session_of_someone_else(advocate, colleague):
    mine, theirs = Client(), Client()
    sign_in(mine, advocate)
    sign_in(theirs, colleague)
    from allauth.usersessions.models import UserSession

    their_row = UserSession.objects.get(user=colleague)

    mine.post(SESSIONS, {"end": their_row.pk})

    assert signed_in(theirs)


def test_the_sessions_page_needs_a_login(client):
    response = client.get(SESSIONS)

    assert response.status_code == 302
    assert "/login/" in response.url
