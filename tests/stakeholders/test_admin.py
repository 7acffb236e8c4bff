import pytest
from django.urls import reverse

from tests.factories import ContactFactory, OrganizationFactory, SuperuserFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.mark.parametrize("model", ["organization", "contact", "assessment"])
def test_the_admin_lists_search_and_filter_each_model(admin_client, model):
    AssessmentFactory(organization=OrganizationFactory(name="Banque Sahel"))
    ContactFactory(name="Awa Sahel")
    url = reverse(f"admin:stakeholders_{model}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "Sahel"}).status_code == 200
    page = admin_client.get(url).content.decode()
    assert 'id="changelist-filter"' in page


def test_the_admin_shows_an_organisations_history(admin_client):
    organization = OrganizationFactory()

    response = admin_client.get(
        reverse("admin:stakeholders_organization_history", args=[organization.pk])
    )

    assert response.status_code == 200


def test_an_admin_action_verifies_organisations_and_records_who(admin_client):
    organization = OrganizationFactory(verified=False)

    admin_client.post(
        reverse("admin:stakeholders_organization_changelist"),
        {"action": "mark_verified", "_selected_action": [organization.pk]},
    )

    organization.refresh_from_db()
    assert organization.verified and organization.verified_by is not None
