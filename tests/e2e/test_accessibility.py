"""axe-core on the key pages, in French and English, at phone and desktop widths."""

import pytest

from portal.accounts import demo
from tests.browser import DESKTOP, PHONE
from tests.e2e.a11y import structure_problems, violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = ["/dashboard/", "/me/preferences/"]


def switch_language(page, language):
    page.goto("/")
    page.locator(f"button[name='language'][value='{language}']").click()
    page.wait_for_load_state()


def problems_on(page, paths):
    problems = {}
    for language in ("fr", "en"):
        switch_language(page, language)
        for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            for path in paths:
                page.goto(path)
                found = violations(page) + structure_problems(page)
                if page.locator("html").get_attribute("lang") != language:
                    found.append("page not in the chosen language")
                if found:
                    problems[f"{path} [{language}, {size_name}]"] = found
    return problems


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(demo.DEMO_PASSWORD)
    page.locator("form.auth-form button[type='submit']").click()
    page.wait_for_url("**/dashboard/")


def test_public_pages_have_no_serious_accessibility_problem(a11y_page):
    assert problems_on(a11y_page, PUBLIC_PAGES) == {}


def test_a_representatives_pages_have_no_serious_accessibility_problem(a11y_page):
    demo.seed(open("/dev/null", "w"))
    sign_in(a11y_page, "representant@ccim.ml")

    assert problems_on(a11y_page, SIGNED_IN_PAGES) == {}
