"""The layout at a phone's 390 px and a laptop's 1366 px, for each role (issue 18).

On the demo data, each role's key pages are opened at both widths and saved under
test-artifacts/screenshots/layout/ for people to look at. On each page the test asserts what
the issue asks: at 1366 px the sections are on one line, and the account and language
switcher fit beside the brand; at 390 px the header is the brand and one "Menu" button, the
sections hidden behind it until it is opened, and the current section marked once it is.
One check runs with JavaScript off: the menus are disclosures (<details>), not scripts.
"""

import io

import pytest
from django.core.management import call_command

from demo import accounts as demo
from tests.browser import LAPTOP, PHONE, SCREENSHOTS, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ACCOUNTS = {
    "representative": "representant@ccim.ml",
    "officer": "agent@douane.gouv.ml",
    "checkin": "accueil@douane.gouv.ml",
    "editor": "editeur@douane.gouv.ml",
    "integrity": "integrite@douane.gouv.ml",
    "superuser": "admin@douane.gouv.ml",
}
FOLDER = SCREENSHOTS / "layout"


def demo_sign_in(page, role):
    sign_in(page, ACCOUNTS[role], password=demo.DEMO_PASSWORD, totp_secret=demo.DEMO_TOTP_SECRET)


def key_pages():
    """Each role's key pages on the demo data: (name, path)."""
    from forums.models import Forum

    call_command("seed_demo", stdout=io.StringIO())
    forum = Forum.objects.filter(status="published").order_by("slug").first()
    visitor = [
        ("home", "/"),
        ("forum", f"/forums/{forum.slug}/"),
        ("directory", "/stakeholders/directory/"),
        ("board", "/commitments/"),
    ]
    return {
        "visitor": visitor,
        "representative": [
            ("dashboard", "/dashboard/"),
            ("forum", f"/forums/{forum.slug}/"),
            ("registrations", "/forums/registrations/"),
            ("calendar", "/calendar/"),
        ],
        "officer": [
            ("dashboard", "/dashboard/"),
            ("registry", "/stakeholders/organisations/"),
            ("forum-manage", f"/forums/{forum.slug}/manage/"),
            ("board", "/commitments/"),
        ],
        "checkin": [
            ("dashboard", "/dashboard/"),
            ("checkin", f"/forums/{forum.slug}/checkin/"),
        ],
        "editor": [("dashboard", "/dashboard/")],
        "integrity": [("dashboard", "/dashboard/")],
        "superuser": [("dashboard", "/dashboard/")],
    }


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.getClientRects().length)"
        ".map(e => { const r = e.getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })",
    )


def desktop_problems(page):
    """What is wrong with the header at a laptop's width, as readable strings."""
    problems = []
    if page.locator(".site-menu-toggle").is_visible():
        problems.append("the Menu button shows on a desktop")
    sections = boxes(page, ".main-nav .nav-sections > li")
    if not sections:
        return problems + ["no section shows"]
    one_line = sections[0]["bottom"] - sections[0]["top"]
    nav = boxes(page, ".main-nav")[0]
    if (
        len({round(box["top"]) for box in sections}) != 1
        or nav["bottom"] - nav["top"] > 1.5 * one_line
    ):
        problems.append(
            f"the sections take more than one line ({nav['bottom'] - nav['top']:.0f} px)"
        )
    width = page.evaluate("document.documentElement.clientWidth")
    if max(box["right"] for box in sections) > width:
        problems.append("the sections run past the window")
    brand, account, language = (
        boxes(page, selector)[0] for selector in (".brand", ".user-menu", ".language-switcher")
    )
    # Account and language switcher beside the brand, above the sections.
    for name, box in (("account", account), ("language switcher", language)):
        if box["top"] >= brand["bottom"] or box["bottom"] > nav["top"] + 1:
            problems.append(f"the {name} is not on the brand's line")
    return problems


def phone_problems(page):
    problems = []
    toggle = page.locator(".site-menu-toggle")
    if not toggle.is_visible():
        return ["no Menu button on a phone"]
    if page.locator(".main-nav").is_visible() or page.locator(".language-switcher").is_visible():
        problems.append("the sections show before the menu is opened")
    header = boxes(page, ".site-header")[0]
    if header["bottom"] - header["top"] > 90:
        problems.append(f"the header is {header['bottom'] - header['top']:.0f} px high")
    return problems


def open_menu_and_find_current(page):
    """Open the Menu; return what marks the current section, or a problem."""
    page.locator(".site-menu-toggle").click()
    if not page.locator(".main-nav").is_visible():
        return "the menu does not open"
    current = page.locator(".main-nav [aria-current]").first
    if page.locator(".main-nav [aria-current]").count() and not current.is_visible():
        return "the current section is hidden in the open menu"
    return ""


def check_pages(page, role, pages):
    problems = {}
    for name, path in pages:
        for label, size in (("desktop", LAPTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            response = page.goto(path)
            where = f"{role} {name} [{label}]"
            if response.status != 200:
                problems[where] = [f"status {response.status}"]
                continue
            page.screenshot(path=str(FOLDER / f"{role}-{name}-{label}.png"), full_page=True)
            found = desktop_problems(page) if label == "desktop" else phone_problems(page)
            if label == "phone" and not found:
                found = [problem for problem in [open_menu_and_find_current(page)] if problem]
                page.screenshot(path=str(FOLDER / f"{role}-{name}-phone-menu.png"))
            if found:
                problems[where] = found
    return "\n".join(f"{where}: {found}" for where, found in problems.items())


@pytest.fixture
def pages():
    FOLDER.mkdir(parents=True, exist_ok=True)
    return key_pages()


def test_a_visitors_pages_fit_a_phone_and_a_laptop(page, pages):
    assert check_pages(page, "visitor", pages["visitor"]) == ""


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_a_roles_pages_fit_a_phone_and_a_laptop(page, pages, role):
    demo_sign_in(page, role)

    assert check_pages(page, role, pages[role]) == ""


def test_the_officers_current_section_shows_in_its_group_on_a_laptop(page, pages):
    demo_sign_in(page, "officer")
    page.set_viewport_size(LAPTOP)
    page.goto("/stakeholders/map/")
    group = page.locator(".main-nav details:has(a[aria-current='page'])")
    summary = group.locator("summary")

    assert summary.get_attribute("aria-current") == "true"
    assert summary.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    assert not group.locator("a[aria-current='page']").is_visible()

    # The keyboard opens the group and goes down into it.
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"
    # The drop-down is drawn over the page, not clipped by the sections' row.
    current = group.locator("a[aria-current='page']")
    assert current.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === e; }"
    )
    page.screenshot(path=str(FOLDER / "officer-map-group-open-desktop.png"))
    # Opening another group closes the first: one drop-down at a time.
    page.locator(".main-nav details").last.locator("summary").click()
    assert not group.locator("a[aria-current='page']").is_visible()


def test_the_menu_works_without_javascript(browser, live_server, pages):
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/stakeholders/directory/")

        assert phone_problems(page) == []
        assert open_menu_and_find_current(page) == ""
        assert page.locator(".main-nav a[aria-current='page']").inner_text().strip() == "Annuaire"
        page.screenshot(path=str(FOLDER / "visitor-directory-phone-menu-nojs.png"))

        page.set_viewport_size(LAPTOP)
        page.goto("/forums/")
        assert desktop_problems(page) == []
        assert page.locator(".main-nav a[aria-current='page']").inner_text().strip() == "Forums"
    finally:
        context.close()
