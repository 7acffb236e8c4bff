"""In a real browser, at a phone's width: a partner comments on a section, an officer answers.

Screenshots are saved under test-artifacts/screenshots/consultations/.
"""

import shutil
from pathlib import Path

import pytest

from consultations.models import Comment
from tests import services
from tests.consultations import factories as f
from tests.e2e import conftest as e2e
from tests.factories import PASSWORD, OfficerFactory

# The browser tests' page and screenshot fixtures, over a browser of this module's own (two
# Playwright sessions cannot be open at once, and the browser tests keep theirs for the session).
page, shoot = e2e.page, e2e.shoot


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(e2e.CHROMIUM) and not Path(e2e.CHROMIUM).exists():
        services._missing(f"needs Debian's chromium at {e2e.CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=e2e.CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_database_after_module"),
]


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/dashboard/")


def test_a_partner_comments_on_a_section_from_a_phone_and_an_officer_answers(page, shoot):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    f.representative(f.OrganizationFactory(name="Conseil malien des chargeurs"), email="awa@cmc.ml")

    page.set_viewport_size(e2e.PHONE)
    sign_in(page, "awa@cmc.ml")
    page.get_by_role("link", name="Consultations", exact=True).first.click()
    page.get_by_role("link", name=consultation.title).click()
    shoot("consultations", "01-text")
    page.get_by_role("link", name="Commenter la section 3").click()
    page.get_by_role("textbox", name="Votre commentaire").fill(
        "Le délai de 48 heures est trop long."
    )
    page.get_by_label("Le publier anonymement").check()
    shoot("consultations", "02-comment")
    page.get_by_role("button", name="Envoyer mon commentaire").click()

    assert "Merci : votre commentaire a été reçu." in page.content()
    assert "Le délai de 48 heures est trop long." in page.content()
    comment = Comment.objects.get()
    assert comment.section.number == "3" and comment.publication == "anonymous"
    shoot("consultations", "03-sent")

    page.context.clear_cookies()
    officer.set_password(PASSWORD)
    officer.save()
    sign_in(page, officer.email)
    page.goto(f"/consultations/comments/{comment.pk}/decide/")
    page.get_by_label("accepté en partie").check()
    page.get_by_label("Motif").fill("Un traitement prioritaire est ajouté pour les périssables.")
    page.get_by_role("button", name="Enregistrer la décision", exact=True).click()

    assert "La décision a été enregistrée." in page.content()
    comment.refresh_from_db()
    assert comment.decision == "partly" and comment.decided_by == officer
    shoot("consultations", "04-answered")
