"""The Content-Security-Policy holds in a real browser: no violation, and the pages still work."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every violation the page reports, from before any of its own scripts run.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.csp_messages = messages
    return page


def violations(page) -> list[str]:
    page.wait_for_load_state("load")
    reported = page.evaluate("window.__csp || []")
    console = [m for m in page.csp_messages if "Content Security Policy" in m or m.startswith("pageerror")]
    return reported + console


def visit(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    assert "nonce-" in response.headers["content-security-policy"] or "script-src" in response.headers[
        "content-security-policy"
    ]
    return violations(page)


def test_the_policy_is_enforced_not_report_only(watched, live_server):
    response = watched.goto("/login/")

    policy = response.headers["content-security-policy"]
    assert "content-security-policy-report-only" not in response.headers
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_login_dashboard_and_case_pages_raise_no_violation(watched, login, advocate, case):
    assert visit(watched, "/login/") == []

    login(advocate)
    assert watched.url.endswith("/")
    assert violations(watched) == []
    assert watched.locator("text=Dashboard").first.is_visible()  # Alpine ran: <html x-cloak> is shown

    for path in ("/cases/case/", f"/cases/case/{case.pk}/change/", "/cases/person/add/", "/notifications/",
                 "/accounts/sessions/", "/accounts/2fa/", "/accounts/password/change/"):
        assert visit(watched, path) == [], path

    # The change page works: its form is there and saving it goes through.
    watched.goto(f"/cases/case/{case.pk}/change/")
    watched.screenshot(path="var/test/csp-change.png", full_page=True)
    assert watched.locator("#case_form").is_visible()
    watched.locator("[name=_save]").first.click()
    watched.wait_for_load_state()
    assert "/cases/case/" in watched.url and "/change/" not in watched.url  # saved, back on the list
    assert violations(watched) == []


def test_the_totp_step_raises_no_violation(watched, advocate):
    secret = generate_totp_secret()
    TOTP.activate(advocate, secret)
    from tests.factories import PASSWORD

    watched.goto("/login/")
    watched.fill("input[type=email]", advocate.email)
    watched.fill("input[type=password]", PASSWORD)
    watched.click("button[type=submit]")
    watched.wait_for_url("**/accounts/2fa/authenticate/")
    assert violations(watched) == []

    watched.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    watched.click("button[type=submit]")
    watched.wait_for_url(lambda url: url.endswith("/"))
    assert violations(watched) == []


def test_an_inline_script_is_blocked(watched, live_server, advocate, login):
    """The watch above does catch violations: an injected inline script is refused."""
    login(advocate)
    watched.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    watched.wait_for_timeout(200)

    assert watched.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(watched))
