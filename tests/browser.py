"""Browser tests: Playwright driving Debian's chromium against a live test server.

The fixtures (browser, page, a11y_page, shoot) are registered for every test by
tests/conftest.py; `sign_in` goes through the real sign-in form, second factor included.

Screenshots of each journey, at phone and desktop widths, are saved under
test-artifacts/screenshots/ for people to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests import services

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The common laptop screen the navigation must fit on one line (issue 18).
LAPTOP = {"width": 1366, "height": 768}

# Playwright's sync API runs an event loop in the test's thread; the live server and the
# database calls made by the tests themselves are ordinary synchronous Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        services._missing(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # From here on an event loop runs in this thread, and Django hands the thread other
        # connection objects (asgiref's thread-critical Local follows the context under a
        # running loop). They must carry the snapshot of the migrated database too, or every
        # later serialized rollback would silently load nothing and the flush after it would
        # bring back the post-migrate rows the next snapshot load collides with.
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    # A page that breaks the CSP or throws a script error fails its journey.
    assert problems == [], problems


@pytest.fixture
def shoot(page):
    """shoot(journey, name): save the page at desktop and phone widths."""

    def take(journey, name):
        folder = SCREENSHOTS / journey
        folder.mkdir(parents=True, exist_ok=True)
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(DESKTOP)

    return take


@pytest.fixture
def a11y_page(browser, live_server):
    """A page whose context lets the test inject axe-core despite the portal's CSP."""
    context = browser.new_context(
        viewport=DESKTOP, locale="fr-FR", base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, email, password=None, totp_secret=None):
    """Sign in through the form; answer the second-factor step when the portal asks for it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from tests.factories import PASSWORD, TOTP_SECRET, totp_code

    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password or PASSWORD)
    page.locator("form.auth-form button[type='submit']").click()
    page.wait_for_load_state()
    # A code typed as its 30 seconds run out is refused (a slow machine does that): try the
    # next one, as a person would.
    for _attempt in range(3):
        if "/2fa/authenticate/" not in page.url:
            break
        page.locator("#id_code").fill(totp_code(totp_secret or TOTP_SECRET))
        page.locator("form.auth-form button[type='submit']").first.click()
        try:
            page.wait_for_url("**/dashboard/")
        except PlaywrightTimeout:
            continue
    page.wait_for_url("**/dashboard/")
