"""Lockout: repeated failures block an account and an address, then the block lifts."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.test import RequestFactory, override_settings
from django.utils import timezone

from casetracker import settings as project_settings
from tests.factories import PASSWORD

LOGIN = "/login/"
LOCKED = "Too many failed sign-in attempts"


def attempt(client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail(client, email: str, times: int, ip: str = "203.0.113.7") -> None:
    for n in range(times):
        response = attempt(client, email, "wrong-password-xyz", ip)
        # the form again with its error; the fifth failure already answers "blocked"
        assert response.status_code == (200 if n < 4 else 429)


def is_logged_in(client) -> bool:
    return client.get("/").status_code == 200


def test_passwords_are_hashed_with_argon2_first():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("a long enough passphrase").startswith("argon2$argon2id$")


def test_common_and_short_passwords_are_rejected(advocate):
    from django.core.exceptions import ValidationError
    from django.contrib.auth.password_validation import validate_password

    for weak in ("password1234", "short", "123456789012"):
        with pytest.raises(ValidationError):
            validate_password(weak, advocate)


def test_the_right_password_logs_in(client, advocate):
    response = attempt(client, advocate.email, PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, advocate):
    fail(client, advocate.email, 5)

    response = attempt(client, advocate.email, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "30 minutes" in response.content.decode()
    assert not is_logged_in(client)


def test_four_wrong_passwords_do_not_lock(client, advocate):
    fail(client, advocate.email, 4)

    assert attempt(client, advocate.email, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, advocate):
    fail(client, advocate.email, 4)
    assert attempt(client, advocate.email, PASSWORD).status_code == 302
    client.logout()

    fail(client, advocate.email, 4)
    assert attempt(client, advocate.email, PASSWORD).status_code == 302


def test_the_account_lock_holds_from_another_address(client, advocate):
    for n in range(5):
        attempt(client, advocate.email, "wrong-password-xyz", ip=f"198.51.100.{n + 1}")

    response = attempt(client, advocate.email, PASSWORD, ip="192.0.2.99")

    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_email_is_counted_whatever_its_case(client, advocate):
    for n, spelling in enumerate(["ADVOCATE@home.test", " advocate@HOME.test", "Advocate@Home.Test"] * 2):
        attempt(client, spelling, "wrong-password-xyz", ip=f"198.51.100.{n + 1}")

    assert attempt(client, advocate.email, PASSWORD, ip="192.0.2.99").status_code == 429


def test_an_address_that_tried_many_accounts_is_locked_for_everyone(client, advocate, colleague):
    for n in range(5):
        attempt(client, f"nobody{n}@home.test", "wrong-password-xyz", ip="203.0.113.50")

    response = attempt(client, colleague.email, PASSWORD, ip="203.0.113.50")

    assert response.status_code == 429
    # the same person from elsewhere is not blocked
    assert attempt(client, colleague.email, PASSWORD, ip="203.0.113.51").status_code == 302


def test_the_lock_lifts_after_thirty_minutes(client, advocate):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail(client, advocate.email, 5)
        traveller.shift(timedelta(minutes=29))
        assert attempt(client, advocate.email, PASSWORD).status_code == 429

        traveller.shift(timedelta(minutes=31))
        response = attempt(client, advocate.email, PASSWORD)

    assert response.status_code == 302


def test_unknown_account_and_wrong_password_get_the_same_answer(client, advocate):
    unknown = attempt(client, "nobody@home.test", "wrong-password-xyz", ip="192.0.2.1")
    wrong = attempt(client, advocate.email, "wrong-password-xyz", ip="192.0.2.2")

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_the_lockout_page_is_translated(client, advocate):
    fail(client, advocate.email, 5)

    response = client.post(
        LOGIN, {"username": advocate.email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 429
    assert "Слишком много" in response.content.decode()


def test_code_that_authenticates_with_the_request_is_refused_while_locked(client, advocate):
    """What the API token endpoint relies on: authenticate(request=...) honours the lock."""
    fail(client, advocate.email, 5)
    request = RequestFactory().post("/api/v1/auth/token/", REMOTE_ADDR="192.0.2.200")

    assert authenticate(request=request, email=advocate.email, password=PASSWORD) is None
    assert request.axes_locked_out

    from casetracker.security.lockout import lockout_response

    response = lockout_response(request)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert LOCKED in json.loads(response.content)["detail"]


def test_authenticate_without_a_request_still_works(advocate):
    """Management commands and the test client's login() have no request to count."""
    assert authenticate(email=advocate.email, password=PASSWORD) == advocate


def test_proxy_aware_client_address(settings):
    from casetracker.security.ip import client_ip

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_ip(request) == "10.0.0.2"
    settings.CT_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the spoofed left-most entry is ignored
