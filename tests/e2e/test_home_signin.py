import pytest

from demo import accounts as demo
from tests.factories import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_opens_the_home_page_signs_in_with_a_demo_account_and_sees_the_dashboard(
    page, shoot
):
    demo.seed(open("/dev/null", "w"))

    page.goto("/")
    assert page.locator("h1").inner_text().startswith("La Douane et le secteur privé")
    shoot("foundation", "01-home")

    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Courriel").fill("representant@ccim.ml")
    page.get_by_label("Mot de passe").fill(demo.DEMO_PASSWORD)
    shoot("foundation", "02-sign-in")
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url("**/dashboard/")
    assert "Bienvenue" in page.locator("h1").inner_text()
    assert "représentant du secteur privé" in page.content()
    shoot("foundation", "03-dashboard")


def test_an_officer_signs_in_with_password_and_authenticator_code(page, shoot):
    demo.seed(open("/dev/null", "w"))

    page.goto("/accounts/login/")
    page.get_by_label("Courriel").fill("agent@douane.gouv.ml")
    page.get_by_label("Mot de passe").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/2fa/authenticate/")
    shoot("foundation", "04-second-factor")
    page.get_by_label("Code").fill(totp_code(demo.DEMO_TOTP_SECRET))
    page.get_by_role("button", name="Connexion").click()

    page.wait_for_url("**/dashboard/")
    assert "agent des douanes" in page.content()
