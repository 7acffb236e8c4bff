"""In a real browser on a phone (390 × 844): a partner's representative contests a commitment
from the board, its responsible officer answers from the same board, and the partner (and
anyone) reads the answer there."""

import io

import pytest
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan, Contestation
from demo import accounts as accounts_demo
from demo import actionplans as actionplans_demo
from portal.accounts.models import User
from stakeholders.models import Organization
from tests.browser import PHONE, sign_in
from tests.factories import OrganizationFactory, member_of

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

REPRESENTATIVE = "representant@ccim.ml"
OFFICER = "agent@douane.gouv.ml"
STATEMENT = "Le bureau de Kati n’affiche toujours pas les délais moyens de dédouanement."
ANSWER = "Les délais de Kati seront affichés lundi ; l’avancement est ramené à 60 %."


def sign_in_as(page, email):
    page.context.clear_cookies()
    sign_in(
        page,
        email,
        password=accounts_demo.DEMO_PASSWORD,
        totp_secret=accounts_demo.DEMO_TOTP_SECRET,
    )


def test_a_partner_contests_on_a_phone_the_officer_answers_and_the_answer_is_public(
    page, shoot, tmp_path
):
    accounts_demo.seed(io.StringIO())
    actionplans_demo.seed(io.StringIO())
    representative = User.objects.get(email=REPRESENTATIVE)
    organization = Organization.objects.represented_by(representative).first()
    if organization is None:  # the accounts' demo alone makes no membership
        organization = OrganizationFactory(name="Chambre de commerce et d’industrie du Mali")
        member_of(organization, representative)
    action = (
        Action.objects.public()
        .filter(plan__status=ActionPlan.Status.ACTIVE)
        .order_by("plan__title", "due_date", "code")
        .first()
    )
    action.partners.add(organization)
    Action.objects.filter(pk=action.pk).update(responsible=User.objects.get(email=OFFICER))
    letter = tmp_path / "constat.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    page.set_viewport_size(PHONE)

    def snap(name):  # shoot() leaves the page at desktop width: back to the phone
        shoot("contestations", name)
        page.set_viewport_size(PHONE)

    # The partner finds the commitment on the board and contests its progress.
    sign_in_as(page, REPRESENTATIVE)
    page.goto(f"/commitments/{action.pk}/")
    contest = page.locator(f"a[href='/commitments/{action.pk}/contest/']")
    expect(contest).to_be_visible()
    contest.click()
    page.wait_for_url(f"**/commitments/{action.pk}/contest/")
    page.locator("input[name=subject][value=progress]").check()
    page.locator("#id_statement").fill(STATEMENT)
    page.locator("#id_attachment").set_input_files(str(letter))
    snap("01-partner-contests-on-a-phone")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(f"**/commitments/{action.pk}/#contestation-*")
    contestation = Contestation.objects.get()
    assert contestation.organization == organization and contestation.is_open
    expect(page.locator(f"#contestation-{contestation.pk}")).to_contain_text(STATEMENT)
    expect(page.locator(f"#contestation-{contestation.pk}")).to_contain_text(organization.name)
    expect(page.locator(".badge.text-bg-warning").first).to_be_visible()
    # Nothing of the page is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    snap("02-contestation-on-the-board")

    # The responsible officer answers from the board.
    sign_in_as(page, OFFICER)
    page.goto(f"/commitments/{action.pk}/")
    page.locator(f"a[href='/commitments/contestations/{contestation.pk}/answer/']").click()
    page.locator("#id_answer").fill(ANSWER)
    snap("03-officer-answers")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/commitments/{action.pk}/#contestation-*")
    contestation.refresh_from_db()
    assert contestation.status == Contestation.Status.ANSWERED

    # The partner, and any visitor, reads the answer on the board.
    sign_in_as(page, REPRESENTATIVE)
    page.goto(f"/commitments/{action.pk}/")
    expect(page.locator(f"#contestation-{contestation.pk}")).to_contain_text(ANSWER)
    snap("04-partner-reads-the-answer")
    page.context.clear_cookies()
    page.goto(f"/commitments/{action.pk}/")
    expect(page.locator(f"#contestation-{contestation.pk}")).to_contain_text(ANSWER)
    expect(page.locator(f"#contestation-{contestation.pk}")).to_contain_text(STATEMENT)
