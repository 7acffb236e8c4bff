"""In a real browser at 390 × 844: what a person came for is on the first screen of a phone.

A forum's Register button before its long programme; a list before its filters (closed
behind "Filter", the active ones as chips); the status and progress columns of wide tables
as cards within the screen's width. Screenshots at phone and desktop widths (and 1366 px)
are saved under test-artifacts/screenshots/phone-layout/."""

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from demo import accounts as accounts_demo
from demo import actionplans as actionplans_demo
from tests.browser import PHONE, SCREENSHOTS, sign_in
from tests.factories import ContactFactory, OfficerFactory, OrganizationFactory
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

WIDE = {"width": 1366, "height": 900}


def shoot_wide(page, name):
    folder = SCREENSHOTS / "phone-layout"
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(folder / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size(size)


def screenshots(page, shoot, name, wide=False):
    """Save the page (phone and desktop; 1366 px too if `wide`), then go back to the phone."""
    shoot("phone-layout", name)
    if wide:
        shoot_wide(page, name)
    page.set_viewport_size(PHONE)


def box(page, selector):
    locator = page.locator(selector).first
    expect(locator).to_be_visible()
    return locator.bounding_box()


def long_forum():
    forum = ForumFactory(
        title="Forum national Douane–Secteur privé sur la facilitation des échanges",
        description="Deux jours d’échanges entre la Douane et ses partenaires du secteur privé.",
        online_url="https://visio.example.ml/forum",
    )
    for n in range(14):
        SessionFactory(
            forum=forum,
            title=f"Atelier {n + 1} : dédouanement, transit et guichet unique",
            description="Présentation, questions de la salle et propositions. " * 4,
            start=forum.start + timedelta(minutes=30 * n),
            end=forum.start + timedelta(minutes=30 * n + 25),
        )
    return forum


def test_a_forum_shows_its_facts_and_register_button_on_a_phones_first_screen(page, shoot):
    forum = long_forum()

    page.set_viewport_size(PHONE)
    page.goto(forum.get_absolute_url())
    screenshots(page, shoot, "01-forum-visitor", wide=True)

    action = box(page, ".forum-key-facts .btn-primary")
    assert action["y"] + action["height"] < PHONE["height"]
    expect(page.locator(".forum-key-facts")).to_contain_text("CICB")
    expect(page.locator(".forum-key-facts")).to_contain_text("Format")
    # The programme comes after the facts and the action.
    assert box(page, "#programme-title")["y"] > action["y"]

    # On a desktop the facts are a side column beside the programme, at the top.
    page.set_viewport_size(WIDE)
    facts, programme = box(page, ".forum-key-facts"), box(page, "#programme-title")
    assert facts["x"] > programme["x"] + programme["width"] - 1
    assert facts["y"] < 600


def test_a_registered_representative_sees_their_registration_first(page, shoot):
    from forums.services import seats
    from tests.factories import representative_of

    forum = long_forum()
    person = representative_of(OrganizationFactory(name="Chambre de Commerce du Mali"))
    seats.register(forum, user=person)

    sign_in(page, person.email)
    page.set_viewport_size(PHONE)
    page.goto(forum.get_absolute_url())
    screenshots(page, shoot, "02-forum-registered")

    action = box(page, ".forum-key-facts .forum-action .btn")
    assert action["y"] + action["height"] < PHONE["height"]


def test_a_list_comes_before_its_closed_filters_and_the_chips_remove_one_filter(page, shoot):
    for n in range(30):
        OrganizationFactory(name=f"Banque {n:02d}", category="bank", region="bamako")
    OrganizationFactory(name="Chambre de Kayes", category="chamber", region="kayes")
    officer = OfficerFactory()
    sign_in(page, officer.email)

    page.set_viewport_size(PHONE)
    page.goto("/stakeholders/organisations/?category=bank&region=bamako")
    screenshots(page, shoot, "03-registry-filters", wide=True)
    disclosure = page.locator("details.filter-disclosure")
    expect(disclosure).not_to_have_attribute("open", "")
    expect(page.locator("#id_category")).to_be_hidden()
    expect(page.locator(".filter-chip")).to_have_count(2)
    first_row = box(page, "table tbody tr")
    assert first_row["y"] < 1.5 * PHONE["height"]

    # The disclosure opens on a tap, without a script of its own; a chip removes its filter.
    page.locator(".filter-summary").click()
    expect(page.locator("#id_category")).to_be_visible()
    page.locator(".filter-chip", has_text="Région").click()
    expect(page.locator(".filter-chip")).to_have_count(1)
    assert "category=bank" in page.url and "region" not in page.url

    # The map too: the map before the filters.
    page.set_viewport_size(PHONE)
    page.goto("/stakeholders/map/?category=bank")
    assert box(page, "svg")["y"] < 1.5 * PHONE["height"]

    # On a desktop the form shows open.
    page.set_viewport_size(WIDE)
    expect(page.locator("#id_category")).to_be_visible()


def test_wide_tables_become_cards_with_status_and_progress_within_a_phones_width(page, shoot):
    accounts_demo.seed(io.StringIO())
    actionplans_demo.seed(io.StringIO())

    page.set_viewport_size(PHONE)
    page.goto("/commitments/")
    screenshots(page, shoot, "04-board-cards", wide=True)
    row = "table.table-cards tbody tr"
    for cell in (f"{row} td.tc-key:has(progress)", f"{row} td.tc-key:has(.health-badge)"):
        found = box(page, cell)
        assert found["x"] >= 0 and found["x"] + found["width"] <= PHONE["width"]

    organization = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali")
    ContactFactory(organization=organization, consent=True, email="a.traore@ccim.example.ml")
    page.context.clear_cookies()
    sign_in(
        page,
        "agent@douane.gouv.ml",
        password=accounts_demo.DEMO_PASSWORD,
        totp_secret=accounts_demo.DEMO_TOTP_SECRET,
    )
    page.set_viewport_size(PHONE)
    page.goto(f"/stakeholders/organisations/{organization.pk}/")
    screenshots(page, shoot, "05-contacts-cards")
    mailings = box(page, "table.table-cards tbody tr td.tc-key")
    assert mailings["x"] + mailings["width"] <= PHONE["width"]

    from actionplans.models import ActionPlan

    plan = ActionPlan.objects.get(status=ActionPlan.Status.ACTIVE)
    page.set_viewport_size(PHONE)
    page.goto(f"/action-plans/{plan.pk}/")
    screenshots(page, shoot, "06-plan-actions-cards")
    for cell in (f"{row} td.tc-key:has(progress)", f"{row} td.tc-key:has(.health-badge)"):
        found = box(page, cell)
        assert found["x"] + found["width"] <= PHONE["width"]
