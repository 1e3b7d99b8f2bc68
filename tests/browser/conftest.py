"""A real browser: Debian's Chromium driven by Playwright (never `playwright install`).

Browser tests run against pytest-django's live_server. They skip when Chromium is
missing, and fail instead when CT_REQUIRE_SERVICES=1 (CI installs it).
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CT_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium tries the network at start-up; this machine has none.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("CT_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow ORM use beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="America/Chicago")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Log a user in through the real login form."""
    from tests.factories import PASSWORD

    def login_as(user, password: str = PASSWORD):
        page.goto("/login/")
        page.fill("input[type=email]", user.email)
        page.fill("input[type=password]", password)
        page.click("button[type=submit], input[type=submit]")
        page.wait_for_load_state()
        return page

    return login_as


# --- Screenshots (the UI tests write them; the CI log names the folder) ----------------


def screenshot_dir():
    from django.conf import settings

    return (settings.VAR_DIR / "screenshots").resolve()


@pytest.fixture
def screenshot(page):
    """screenshot("case-en") writes <var>/screenshots/case-en.png of the whole page."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> str:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return str(path)

    return take


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = screenshot_dir()
    shots = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if shots:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(shots)} screenshots in {folder}")
