"""The searchable pickers in a real browser: an officer invites two namesakes to a meeting by
typing part of a name and telling them apart by their organisations; the same without
JavaScript in the plain select; and axe finds nothing serious on the page with the picker."""

import pytest
from playwright.sync_api import expect

from meetings.models import Invitation, Meeting
from meetings.services import scheduling
from tests.browser import PHONE, SCREENSHOTS, sign_in
from tests.e2e.a11y import violations
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CCIM = "Chambre de Commerce et d’Industrie du Mali"
CNPM = "Conseil National du Patronat du Mali"
WIDE = {"width": 1366, "height": 900}


def shoot_both(page, name):
    """What `shoot` does, for a page of a context of our own (no JavaScript)."""
    folder = SCREENSHOTS / "g-pickers"
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", WIDE), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(WIDE)


@pytest.fixture
def world():
    officer = OfficerFactory(email="agent@douane.gouv.ml")
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Concertation sur le dédouanement",
        start=in_days(10),
        end=in_days(10, 12),
        venue="Salle de conférence de la DGD",
        visibility=Meeting.Visibility.PARTNERS,
    )
    first = representative_of(
        OrganizationFactory(name=CCIM), full_name="Adama Touré", email="adama.toure@ccim.ml"
    )
    second = representative_of(
        OrganizationFactory(name=CNPM), full_name="Adama Touré", email="a.toure@cnpm.ml"
    )
    for n in range(30):
        representative_of(OrganizationFactory(), full_name=f"Awa Keïta {n}")
    return meeting, first, second


def invited(meeting):
    return set(Invitation.objects.filter(meeting=meeting).values_list("user__email", flat=True))


def test_an_officer_types_part_of_a_name_and_invites_two_namesakes(page, shoot, world):
    meeting, first, second = world
    sign_in(page, "agent@douane.gouv.ml")
    page.goto(f"/meetings/{meeting.pk}/invitations/")
    search = page.locator("#id_users-ts-control")
    expect(search).to_be_visible()
    expect(page.locator("#id_users-picker-hint")).to_be_hidden()

    search.press_sequentially("adama tou")
    options = page.locator("#id_users-ts-dropdown .option")
    expect(options).to_have_count(2)
    shoot("g-pickers", "01-namesakes-told-apart")
    options.filter(has_text=CCIM).click()
    search.press_sequentially("toure")
    expect(page.locator("#id_users-ts-dropdown .option")).to_have_count(1)
    page.locator("#id_users-ts-dropdown .option", has_text=CNPM).click()
    items = page.locator("#id_users-ts-control").locator("xpath=..").locator(".item")
    expect(items).to_have_count(2)
    shoot("g-pickers", "02-two-picked")

    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.locator(".alert-success").first).to_contain_text("2 invitations")

    assert invited(meeting) == {"adama.toure@ccim.ml", "a.toure@cnpm.ml"}
    shoot("g-pickers", "03-invited")


def test_without_javascript_the_plain_select_invites_the_same(browser, live_server, world):
    meeting, first, second = world
    context = browser.new_context(
        viewport=WIDE, locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "agent@douane.gouv.ml")
        page.goto(f"/meetings/{meeting.pk}/invitations/")
        users = page.locator("select#id_users")
        expect(users).to_be_visible()
        assert users.get_attribute("size") == "8"
        expect(page.locator("#id_users-picker-hint")).to_be_visible()

        users.select_option(
            label=[
                f"Adama Touré — {CCIM} — adama.toure@ccim.ml",
                f"Adama Touré — {CNPM} — a.toure@cnpm.ml",
            ]
        )
        shoot_both(page, "04-without-javascript")
        page.get_by_role("button", name="Inviter", exact=True).click()
        expect(page.locator(".alert-success").first).to_contain_text("2 invitations")
    finally:
        context.close()

    assert invited(meeting) == {"adama.toure@ccim.ml", "a.toure@cnpm.ml"}


def test_the_invitation_page_with_its_pickers_passes_axe(a11y_page, world):
    meeting, _first, _second = world
    sign_in(a11y_page, "agent@douane.gouv.ml")
    a11y_page.goto(f"/meetings/{meeting.pk}/invitations/")
    search = a11y_page.locator("#id_users-ts-control")
    expect(search).to_be_visible()
    found = violations(a11y_page)
    assert found == [], found

    search.fill("adama")
    a11y_page.locator("#id_users-ts-dropdown .option").first.click()
    search.fill("keïta")
    expect(a11y_page.locator("#id_users-ts-dropdown .option").first).to_be_visible()
    assert violations(a11y_page) == []


def test_a_visitor_finds_an_accented_organisation_by_typing_it_without_accents(page, shoot):
    for name in ("Zénith Logistique", "Union Économique des Transporteurs", "Transports Diarra"):
        OrganizationFactory(name=name)
    union = OrganizationFactory._meta.model.objects.get(name__startswith="Union")

    page.goto("/accounts/signup/")
    search = page.locator("#id_organization-ts-control")
    search.press_sequentially("econom")
    options = page.locator("#id_organization-ts-dropdown .option")
    expect(options).to_have_count(1)
    shoot("g-pickers", "05-sign-up-organisation")
    options.first.click()

    assert page.locator("select#id_organization").input_value() == str(union.pk)
    expect(page.locator("#div_id_organization .ts-control .item")).to_have_text(
        "Union Économique des Transporteurs"
    )
    page.locator("#div_id_organization .clear-button").click()
    assert page.locator("select#id_organization").input_value() == ""


def test_the_sign_up_page_with_its_picker_passes_axe(a11y_page):
    OrganizationFactory(name="Union Économique des Transporteurs")
    a11y_page.goto("/accounts/signup/")
    expect(a11y_page.locator("#id_organization-ts-control")).to_be_visible()

    found = violations(a11y_page)
    assert found == [], found
