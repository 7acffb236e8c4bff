import pytest
from django.urls import reverse

from tests.factories import ContactFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    ccim = OrganizationFactory(
        name="Chambre de Commerce et d'Industrie du Mali",
        acronym="CCIM",
        category="chamber",
        description="Représente les commerçants.",
        registry_number="MA.BKO.1906.C.0001",
        phone="+223 20 22 50 36",
    )
    ContactFactory(organization=ccim, name="Mamadou Traoré", email="sg@ccim.ml")
    OrganizationFactory(
        name="Port Autonome de Dakar", category="transport", region="", country="SN"
    )
    OrganizationFactory(name="Proposition en attente", verified=False)
    OrganizationFactory(name="Société dissoute", status="inactive")


def test_visitors_see_verified_active_organisations_with_public_fields_only(client, registry):
    page = client.get(reverse("stakeholders:directory")).content.decode()

    assert "Chambre de Commerce et d&#x27;Industrie du Mali (CCIM)" in page
    assert "Représente les commerçants." in page
    assert "Chambre de commerce" in page  # its category
    assert "District de Bamako" in page
    assert "Sénégal" in page  # a partner outside Mali shows its country
    for hidden in [
        "Proposition en attente",
        "Société dissoute",
        "MA.BKO.1906.C.0001",
        "+223 20 22 50 36",
        "Mamadou Traoré",
        "sg@ccim.ml",
        "NOTE-INTERNE-CONFIDENTIELLE",
    ]:
        assert hidden not in page
    assert page.count("<h1") == 1


def test_the_directory_is_searchable_and_filterable(client, registry):
    page = client.get(reverse("stakeholders:directory"), {"q": "dakar"}).content.decode()
    assert "Port Autonome de Dakar" in page and "CCIM" not in page

    page = client.get(reverse("stakeholders:directory"), {"category": "chamber"}).content.decode()
    assert "CCIM" in page and "Port Autonome de Dakar" not in page


def test_the_directory_offers_no_officer_filters(client, registry):
    client.force_login(RepresentativeFactory())

    page = client.get(reverse("stakeholders:directory")).content.decode()

    assert 'name="quadrant"' not in page
    assert 'name="verified"' not in page


def test_everyone_sees_the_directory_in_the_navigation(client):
    assert reverse("stakeholders:directory") in client.get(reverse("home")).content.decode()
