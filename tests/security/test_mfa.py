"""Two-factor authentication: the TOTP step at /login/, recovery codes, production enforcement."""

import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from tests.factories import PASSWORD

AUTHENTICATE = "/accounts/2fa/authenticate/"
ACTIVATE = "/accounts/2fa/totp/activate/"


def totp_code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def password_step(client, user, password: str = PASSWORD):
    return client.post("/login/", {"username": user.email, "password": password}, REMOTE_ADDR="203.0.113.20")


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


@pytest.fixture(autouse=True)
def _still_clock():
    """Codes change every 30 seconds; the clock stands still so a test never straddles one."""
    with time_machine.travel(time.time(), tick=False):
        yield


@pytest.fixture
def secret(advocate) -> str:
    """The advocate has an authenticator app; the test knows its secret."""
    value = generate_totp_secret()
    TOTP.activate(advocate, value)
    return value


@pytest.fixture
def required(settings):
    settings.CT_MFA_REQUIRED = True
    return settings


def test_without_totp_the_password_is_enough_in_development(client, advocate):
    response = password_step(client, advocate)

    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in(client)


def test_a_user_with_totp_must_pass_the_second_step(client, advocate, secret):
    response = password_step(client, advocate)

    assert response.status_code == 302
    assert response.url == AUTHENTICATE
    assert not signed_in(client)  # the password alone does not open anything

    page = client.get(AUTHENTICATE)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in(client)


def test_a_wrong_code_keeps_the_user_out(client, advocate, secret):
    password_step(client, advocate)

    response = client.post(AUTHENTICATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not signed_in(client)


def test_a_code_works_only_once(advocate, secret):
    code = totp_code(secret)
    first, second = Client(), Client()
    password_step(first, advocate)
    assert first.post(AUTHENTICATE, {"code": code}).status_code == 302

    password_step(second, advocate)
    assert second.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert not signed_in(second)


def test_a_recovery_code_stands_in_for_the_app_once(advocate, secret):
    codes = RecoveryCodes.activate(advocate).get_unused_codes()
    first, second = Client(), Client()

    password_step(first, advocate)
    assert first.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    assert signed_in(first)

    password_step(second, advocate)
    assert second.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200
    assert not signed_in(second)


def test_the_wrong_password_never_reaches_the_second_step(client, advocate, secret):
    response = password_step(client, advocate, password="wrong-password-xyz")

    assert response.status_code == 200
    assert client.get(AUTHENTICATE).status_code == 302  # nothing pending


def test_totp_secrets_are_stored_encrypted(advocate, secret):
    stored = Authenticator.objects.get(user=advocate, type=Authenticator.Type.TOTP).data["secret"]

    assert stored.startswith("fernet:")
    assert secret not in stored


# --- CT_ENV=production: MFA required --------------------------------------------------


def test_in_production_a_user_with_totp_still_needs_the_code(client, advocate, secret, required):
    assert password_step(client, advocate).url == AUTHENTICATE
    assert not signed_in(client)

    client.post(AUTHENTICATE, {"code": totp_code(secret)})

    assert signed_in(client)


def test_in_production_a_user_without_totp_is_sent_to_set_it_up_first(client, advocate, required):
    password_step(client, advocate)

    for path in ("/", "/cases/case/", "/notifications/", "/accounts/sessions/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == ACTIVATE

    api = client.get("/api/v1/cases/")
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_setup_required"


def test_in_production_setting_up_totp_opens_the_app(client, advocate, required):
    password_step(client, advocate)

    # Changing MFA needs the password again (re-authentication).
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302

    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert "Casetracker" in page.content.decode() or page.context["totp_url"].find("Casetracker") > 0

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=advocate, type=Authenticator.Type.TOTP).exists()
    assert signed_in(client)


def test_in_production_totp_cannot_be_removed(client, advocate, secret, required):
    password_step(client, advocate)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    client.post("/accounts/2fa/totp/deactivate/", {})

    assert Authenticator.objects.filter(user=advocate, type=Authenticator.Type.TOTP).exists()


def test_in_development_totp_can_be_removed_after_reauthentication(client, advocate, secret):
    password_step(client, advocate)
    client.post(AUTHENTICATE, {"code": totp_code(secret)})

    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")  # not without the password
    assert Authenticator.objects.filter(user=advocate, type=Authenticator.Type.TOTP).exists()

    client.post(response.url, {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/", {})

    assert not Authenticator.objects.filter(user=advocate, type=Authenticator.Type.TOTP).exists()


def test_the_mfa_pages_are_inside_the_admin_layout(client, advocate, secret):
    password_step(client, advocate)
    page = client.get(AUTHENTICATE).content.decode()
    assert "security/allauth.css" in page
    assert "Casetracker" in page

    client.post(AUTHENTICATE, {"code": totp_code(secret)})
    index = client.get("/accounts/2fa/").content.decode()
    assert "Dashboard" in index or "Casetracker" in index
    assert re.search(r"Authenticator App", index)


def test_demo_accounts_log_in_with_their_password_alone(db, client, settings):
    from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

    user = UserFactory(email="advocate@demo.org")
    user.set_password(settings.CT_DEMO_PASSWORD)
    user.save()
    MembershipFactory(user=user, organization=OrganizationFactory(), role="advocate")

    response = password_step(client, user, password=settings.CT_DEMO_PASSWORD)

    assert response.status_code == 302 and response.url == "/"


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, advocate, secret):
    password_step(client, advocate)
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    for _ in range(4):
        assert client.post(AUTHENTICATE, {"code": wrong}).status_code == 200

    fifth = client.post(AUTHENTICATE, {"code": wrong})

    assert fifth.status_code == 429
    # the right code no longer helps, and neither does the password from elsewhere
    assert client.post(AUTHENTICATE, {"code": totp_code(secret)}).status_code == 429
    assert not signed_in(client)
    elsewhere = Client().post("/login/", {"username": advocate.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.9")
    assert elsewhere.status_code == 429


def test_setting_up_totp_is_audited(client, advocate, django_capture_on_commit_callbacks):
    from casetracker.models import AuditEntry

    password_step(client, advocate)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get(ACTIVATE).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        client.post(ACTIVATE, {"code": totp_code(secret)})

    changes = AuditEntry.objects.filter(action=AuditEntry.Action.SECURITY, details__change="mfa_added")
    assert sorted(c.details["authenticator"] for c in changes) == ["recovery_codes", "totp"]
    change = changes.get(details__authenticator="totp")
    assert change.actor == advocate
    assert secret not in str(change.details)
