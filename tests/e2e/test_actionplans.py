"""In a real browser: an officer reports progress with evidence; a visitor follows the board."""

import io

import pytest

from actionplans import demo as actionplans_demo
from actionplans.models import Action, Evidence
from portal.accounts import demo as accounts_demo
from tests.actionplans.fixtures import migrated_data, restore_migrated_data  # noqa: F401
from tests.browser import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def test_an_officer_reports_progress_with_evidence_and_a_visitor_sees_it_on_the_board(
    page,
    shoot,
    tmp_path,
):
    accounts_demo.seed(io.StringIO())
    actionplans_demo.seed(io.StringIO())
    action = Action.objects.get(code="A1.2")
    evidence = tmp_path / "liste-de-presence.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

    sign_in(
        page,
        "editeur@douane.gouv.ml",
        password=accounts_demo.DEMO_PASSWORD,
        totp_secret=accounts_demo.DEMO_TOTP_SECRET,
    )
    assert "Mes actions" in page.content()
    shoot("actionplans", "01-dashboard")

    page.goto(f"/action-plans/actions/{action.pk}/progress/")
    page.get_by_label("Pourcentage de réalisation").fill("80")
    page.get_by_label("Ce qui a été fait").fill("Programme du forum arrêté avec la CCIM.")
    page.get_by_label("Pièces justificatives").set_input_files(str(evidence))
    shoot("actionplans", "02-report-progress")
    page.get_by_role("button", name="Enregistrer").click()

    page.wait_for_url(f"**/action-plans/actions/{action.pk}/")
    assert "Programme du forum arrêté avec la CCIM." in page.content()
    assert Evidence.objects.get().original_name == "liste-de-presence.pdf"
    shoot("actionplans", "03-action")

    page.goto(f"/action-plans/{action.plan.pk}/dashboard/")
    assert page.locator("svg.chart-timeline rect.gantt-bar").count() == 20
    shoot("actionplans", "04-plan-dashboard")

    page.context.clear_cookies()
    page.goto(f"/commitments/{action.pk}/")
    assert "80 %" in page.content()
    assert "Programme du forum" not in page.content()  # narratives stay internal
    shoot("actionplans", "05-board-action")
