"""Re-authentication before sensitive actions: the decorator and the helper others use."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.urls("tests.security.reauth_urls")
REAUTH = "/accounts/reauthenticate/"


def sign_in(client, user):
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302


def test_a_sensitive_action_asks_for_the_password_again(client, advocate):
    sign_in(client, advocate)

    response = client.post("/sensitive/export/")

    assert response.status_code == 302
    assert response.url.startswith(REAUTH)
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'name="password"' in page.content.decode()


def test_after_the_password_the_action_goes_through_and_a_post_is_replayed(client, advocate):
    sign_in(client, advocate)
    response = client.post("/sensitive/export/")

    replayed = client.post(response.url, {"password": PASSWORD})

    assert replayed.content == b"exported by POST"  # the suspended POST, run once the password is given
    assert client.post("/sensitive/export/").status_code == 200  # no prompt within 5 minutes


def test_the_prompt_returns_after_five_minutes(client, advocate):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, advocate)
        client.post(REAUTH, {"password": PASSWORD})
        assert client.post("/sensitive/export/").status_code == 200

        clock.shift(timedelta(minutes=6))

        assert client.post("/sensitive/export/").status_code == 302


def test_the_helper_inside_a_view(client, advocate):
    sign_in(client, advocate)

    response = client.post("/sensitive/token/")
    assert response.url.startswith(REAUTH)
    client.post(response.url, {"password": PASSWORD})

    assert client.post("/sensitive/token/").content == b"token created"


def test_a_wrong_password_at_the_prompt_is_refused(client, advocate):
    sign_in(client, advocate)

    response = client.post(REAUTH, {"password": "wrong-password-xyz"})

    assert response.status_code == 200
    assert client.post("/sensitive/export/").status_code == 302


def test_wrong_passwords_at_the_prompt_count_toward_the_lockout(client, advocate):
    sign_in(client, advocate)
    for _ in range(4):
        assert client.post(REAUTH, {"password": "wrong-password-xyz"}).status_code == 200
    fifth = client.post(REAUTH, {"password": "wrong-password-xyz"})

    assert fifth.status_code == 429
    assert "Too many failed sign-in attempts" in fifth.content.decode()
    assert "Too many" in client.post(REAUTH, {"password": PASSWORD}).content.decode()
    assert client.post("/sensitive/export/").status_code == 302
    # the account is locked everywhere, not only at the prompt
    elsewhere = client.post("/login/", {"username": advocate.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    assert elsewhere.status_code == 429


@pytest.fixture
def guarded(settings):
    settings.CT_REAUTH_ADMIN_CHANGES = True  # as in production


def test_changing_a_role_asks_for_the_password_first(client, coordinator, advocate, home, guarded):
    from django.urls import reverse

    membership = advocate.memberships.get(organization=home)
    url = reverse("admin:casetracker_membership_change", args=[membership.pk])
    sign_in(client, coordinator)
    data = {"user": advocate.pk, "organization": home.pk, "role": "viewer"}

    response = client.post(url, data)

    assert response.status_code == 302 and response.url.startswith(REAUTH)
    membership.refresh_from_db()
    assert membership.role == "advocate"  # nothing changed yet

    client.post(response.url, {"password": PASSWORD})  # the suspended POST runs now

    membership.refresh_from_db()
    assert membership.role == "viewer"


def test_reading_the_role_list_needs_no_password(client, coordinator, guarded):
    from django.urls import reverse

    sign_in(client, coordinator)

    assert client.get(reverse("admin:casetracker_membership_changelist")).status_code == 200
