"""In a real browser: an editor adds an action, its responsible officer reports progress with
evidence, the plan's dashboard shows it and a visitor follows it on the commitments board."""

import io
import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan, Evidence
from demo import accounts as accounts_demo
from demo import actionplans as actionplans_demo
from tests.browser import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def sign_in_as(page, email):
    page.context.clear_cookies()
    sign_in(
        page,
        email,
        password=accounts_demo.DEMO_PASSWORD,
        totp_secret=accounts_demo.DEMO_TOTP_SECRET,
    )


def test_an_editor_adds_an_action_its_officer_reports_progress_and_the_dashboard_shows_it(
    page,
    shoot,
    tmp_path,
):
    accounts_demo.seed(io.StringIO())
    actionplans_demo.seed(io.StringIO())
    plan = ActionPlan.objects.get(status=ActionPlan.Status.ACTIVE)
    evidence = tmp_path / "liste-de-presence.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

    sign_in_as(page, "editeur@douane.gouv.ml")
    page.goto(f"/action-plans/{plan.pk}/actions/new/")
    page.get_by_label("Code").fill("A9.1")
    page.get_by_label("Titre").fill("Former les agents des bureaux frontières à l’accueil")
    objective = page.locator("#id_objective option").nth(1).get_attribute("value")
    page.locator("#id_objective").select_option(objective)
    page.locator("#id_responsible").select_option(label="Moussa Keïta")
    page.get_by_label("Unité responsable").fill("Direction de la formation")
    page.get_by_label("Date de début").fill("2027-01-04")
    page.get_by_label("Échéance").fill("2027-06-30")
    page.locator("#id_visibility").select_option("public")
    shoot("d-action-and-progress", "01-editor-adds-an-action")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(f"**/action-plans/{plan.pk}/")
    expect(page.locator(".alert-success")).to_contain_text("A9.1")

    action = Action.objects.get(plan=plan, code="A9.1")
    assert action.responsible.email == "agent@douane.gouv.ml"
    shoot("d-action-and-progress", "02-action-added")

    sign_in_as(page, "agent@douane.gouv.ml")
    page.goto("/action-plans/mine/")
    page.get_by_role("link", name=re.compile("Former les agents des bureaux")).first.click()
    page.wait_for_url(f"**/action-plans/actions/{action.pk}/")
    page.locator(f"a[href='/action-plans/actions/{action.pk}/progress/']").click()
    page.get_by_label("Pourcentage de réalisation").fill("40")
    page.get_by_label("Ce qui a été fait").fill("Deux sessions tenues à Kayes et à Sikasso.")
    page.get_by_label("Pièces justificatives").set_input_files(str(evidence))
    shoot("d-action-and-progress", "03-officer-reports-progress")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/action-plans/actions/{action.pk}/")
    expect(page.get_by_text("Deux sessions tenues à Kayes et à Sikasso.").first).to_be_visible()
    assert Evidence.objects.get().original_name == "liste-de-presence.pdf"
    assert action.updates.get().author.email == "agent@douane.gouv.ml"
    shoot("d-action-and-progress", "04-action-with-progress")

    page.goto(f"/action-plans/{plan.pk}/dashboard/?q=A9.1")
    expect(page.locator("svg.chart-timeline rect.gantt-bar").first).to_be_visible()
    expect(page.locator("table tr", has_text="A9.1").first).to_contain_text("40 %")
    shoot("d-action-and-progress", "05-plan-dashboard")

    page.context.clear_cookies()
    page.goto(f"/commitments/{action.pk}/")
    expect(page.get_by_text("40 %").first).to_be_visible()
    assert "Deux sessions tenues" not in page.content()  # narratives stay internal
    shoot("d-action-and-progress", "06-board-action")


def test_an_editor_revises_the_actions_in_place_on_a_phone_without_javascript(browser, live_server):
    from tests.browser import PHONE, SCREENSHOTS

    accounts_demo.seed(io.StringIO())
    actionplans_demo.seed(io.StringIO())
    plan = ActionPlan.objects.get(status=ActionPlan.Status.DRAFT)
    first = plan.actions.order_by("code").first()
    context = browser.new_context(
        viewport=PHONE, locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    folder = SCREENSHOTS / "d-plan-actions-in-place"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        sign_in_as(page, "editeur@douane.gouv.ml")
        page.goto(f"/action-plans/{plan.pk}/edit/")
        title, code = page.locator("#id_actions-0-title"), page.locator("#id_actions-0-code")
        # On a phone each row's fields are stacked, not squeezed side by side.
        assert title.bounding_box()["y"] > code.bounding_box()["y"]
        page.locator("#id_actions-0-due_date").fill("2028-11-30")
        row = page.locator("fieldset").filter(has=page.locator("#id_actions-2-code"))
        row.locator("#id_actions-2-code").fill("T3")
        row.locator("#id_actions-2-title").fill("Publier le calendrier des rencontres")
        row.locator("#id_actions-2-objective").select_option(index=1)
        row.locator("#id_actions-2-responsible").select_option(label="Moussa Keïta")
        row.locator("#id_actions-2-start_date").fill("2028-02-01")
        row.locator("#id_actions-2-due_date").fill("2028-01-15")  # before its start
        page.screenshot(path=str(folder / "01-rows-filled-phone.png"), full_page=True)
        page.get_by_role("button", name="Enregistrer", exact=True).click()

        # The bad row is marked, and what was typed is still there.
        expect(row.locator(".invalid-feedback")).to_contain_text("échéance")
        expect(row.locator("#id_actions-2-title")).to_have_value(
            "Publier le calendrier des rencontres"
        )
        expect(page.locator("#id_actions-0-due_date")).to_have_value("2028-11-30")
        page.screenshot(path=str(folder / "02-row-error-phone.png"), full_page=True)
        row.locator("#id_actions-2-due_date").fill("2028-06-30")
        page.get_by_role("button", name="Enregistrer", exact=True).click()
        page.wait_for_url(f"**/action-plans/{plan.pk}/")
        page.screenshot(path=str(folder / "03-plan-saved-phone.png"), full_page=True)
    finally:
        context.close()

    first.refresh_from_db()
    assert first.due_date.isoformat() == "2028-11-30"
    added = plan.actions.get(code="T3")
    assert added.responsible.email == "agent@douane.gouv.ml"
    assert added.history.get().history_user.email == "editeur@douane.gouv.ml"
