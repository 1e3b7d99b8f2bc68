"""Production settings: `check --deploy` is clean, cookies and headers are hardened."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path) -> dict:
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    dropped = {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith(("CT_", "AXES_"))}
    env.update(
        CT_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="casetracker.example.org",
        CT_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="casetracker.settings",
    )
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_fail_without_the_production_switch(tmp_path):
    """The test above can fail: the same check without CT_ENV=production warns."""
    env = production_env(tmp_path)
    del env["CT_ENV"]

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


PRODUCTION_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH", "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_DOMAIN", "CSRF_COOKIE_PATH",
    "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "SECURE_CONTENT_TYPE_NOSNIFF", "CT_MFA_REQUIRED",
    "CT_REAUTH_ADMIN_CHANGES",
]
print(json.dumps({name: getattr(settings, name, None) for name in names}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    result = run(["-c", PRODUCTION_SETTINGS], production_env(tmp_path_factory.mktemp("prod")))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_https_and_hsts(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_cookies_are_host_prefixed_secure_httponly_samesite(production):
    for kind in ("SESSION", "CSRF"):
        assert production[f"{kind}_COOKIE_NAME"].startswith("__Host-")
        assert production[f"{kind}_COOKIE_SECURE"] is True
        assert production[f"{kind}_COOKIE_HTTPONLY"] is True
        assert production[f"{kind}_COOKIE_SAMESITE"] == "Lax"
        # __Host- cookies are refused by browsers unless Path=/ and there is no Domain
        assert production[f"{kind}_COOKIE_PATH"] == "/"
        assert production[f"{kind}_COOKIE_DOMAIN"] is None


def test_production_requires_mfa_and_passwords_before_role_changes(production):
    assert production["CT_MFA_REQUIRED"] is True
    assert production["CT_REAUTH_ADMIN_CHANGES"] is True


def test_production_frames_referrer_and_sniffing(production):
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] in {"same-origin", "no-referrer", "strict-origin"}
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True


@pytest.fixture
def as_production(settings, production):
    """This process's settings made to look like production's for one test."""
    for name, value in production.items():
        setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


def test_production_responses_carry_hsts_and_hardened_cookies(client, advocate, as_production):
    from tests.factories import PASSWORD

    assert client.get("/login/").status_code == 301  # plain http goes to https

    page = client.get("/login/", secure=True)
    response = client.post("/login/", {"username": advocate.email, "password": PASSWORD}, secure=True)

    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    session = response.cookies["__Host-sessionid"]
    csrf = page.cookies["__Host-csrftoken"]
    for cookie in (session, csrf):
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["path"] == "/" and not cookie["domain"]


def test_signed_in_pages_are_not_stored(client, advocate):
    """Admin views are never_cache already; pages outside the admin need the middleware."""
    client.force_login(advocate)

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
