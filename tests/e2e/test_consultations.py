"""In a real browser, at a phone's width: a partner comments on a section, an officer answers.

Screenshots are saved under test-artifacts/screenshots/e-consultation-comment/.
"""

import pytest
from playwright.sync_api import expect

from consultations.models import Comment
from tests import browser as e2e
from tests.browser import sign_in
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_partner_comments_on_a_section_from_a_phone_and_an_officer_answers(page, shoot):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    representative_of(OrganizationFactory(name="Conseil malien des chargeurs"), email="awa@cmc.ml")

    page.set_viewport_size(e2e.PHONE)
    sign_in(page, "awa@cmc.ml")
    page.locator(".site-menu-toggle").click()  # on a phone, the sections are behind the Menu
    page.get_by_role("link", name="Consultations", exact=True).first.click()
    page.get_by_role("link", name=consultation.title).click()
    shoot("e-consultation-comment", "01-text")
    page.get_by_role("link", name="Commenter la section 3").click()
    page.get_by_role("textbox", name="Votre commentaire").fill(
        "Le délai de 48 heures est trop long."
    )
    page.get_by_label("Le publier anonymement").check()
    shoot("e-consultation-comment", "02-comment")
    page.get_by_role("button", name="Envoyer mon commentaire").click()

    expect(page.get_by_text("Merci\u00a0: votre commentaire a été reçu.")).to_be_visible()
    expect(page.get_by_text("Le délai de 48 heures est trop long.").first).to_be_visible()
    comment = Comment.objects.get()
    assert comment.section.number == "3" and comment.publication == "anonymous"
    shoot("e-consultation-comment", "03-sent")

    page.context.clear_cookies()
    sign_in(page, officer.email)
    page.goto(f"/consultations/comments/{comment.pk}/decide/")
    page.get_by_label("accepté en partie").check()
    page.get_by_label("Motif").fill("Un traitement prioritaire est ajouté pour les périssables.")
    page.get_by_role("button", name="Enregistrer la décision", exact=True).click()

    expect(page.get_by_text("La décision a été enregistrée.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.decision == "partly" and comment.decided_by == officer
    shoot("e-consultation-comment", "04-answered")
