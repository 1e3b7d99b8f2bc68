"""Tokens: email + password in, a hashed, expiring, revocable token out; throttling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from ..factories import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def get_token(client: APIClient, email: str, password: str = PASSWORD):
    return client.post(TOKEN_URL, {"email": email, "password": password}, format="json")


def test_token_for_email_and_password_lists_hearings(advocate, home_records):
    client = APIClient()
    response = get_token(client, "ADVOCATE@home.test")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = client.get("/api/v1/hearings/?upcoming=true")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [home_records.hearing.pk]


def test_token_is_stored_hashed_and_expires_in_ten_hours(advocate):
    response = get_token(APIClient(), advocate.email)
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=advocate)
    assert token not in (stored.digest, stored.token_key)
    assert timedelta(hours=9, minutes=59) < stored.expiry - timezone.now() <= timedelta(hours=10)


def test_expired_token_is_refused(advocate):
    client = APIClient()
    token = get_token(client, advocate.email).json()["token"]
    AuthToken.objects.filter(user=advocate).update(expiry=timezone.now() - timedelta(seconds=1))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/cases/").status_code == 401


def test_logout_revokes_the_token(advocate):
    client = APIClient()
    token = get_token(client, advocate.email).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/cases/").status_code == 401
    assert not AuthToken.objects.filter(user=advocate).exists()


@pytest.mark.parametrize(
    "body", [{"email": "advocate@home.test", "password": "wrong-password"}, {"email": "nobody@x.test", "password": "x"}]
)
def test_wrong_credentials_get_401_and_no_token(advocate, body):
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 401
    assert "token" not in response.json()
    assert not AuthToken.objects.exists()


def test_missing_fields_are_named(db):
    response = APIClient().post(TOKEN_URL, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_session_login_works_too(client, advocate, home_records):
    client.force_login(advocate)
    assert client.get(f"/api/v1/cases/{home_records.case.pk}/").status_code == 200


def test_throttling_answers_429_past_the_configured_rate(settings, advocate):
    settings.CT_API_THROTTLE_RATES = {"anon": "3/min", "user": "5/min"}
    anonymous = APIClient()
    wrong = {"email": advocate.email, "password": "wrong-password"}
    statuses = [anonymous.post(TOKEN_URL, wrong, format="json").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    signed_in = APIClient()
    signed_in.force_authenticate(advocate)
    statuses = [signed_in.get("/api/v1/courts/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_messages_are_translated(advocate):
    body = {"email": advocate.email, "password": "wrong-password"}
    response = APIClient().post(TOKEN_URL, body, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"] == "Неверный адрес электронной почты или пароль."
