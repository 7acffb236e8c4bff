"""The directory through /api/v1/directory/: the verified, active organisations the public
directory shows, its public fields and filters only."""

import pytest

from stakeholders.models import Organization
from tests.api.conditional import assert_change_renews_the_etag
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/directory/"


def names(response):
    assert response.status_code == 200, response.content
    return [organization["name"] for organization in response.json()["results"]]


def test_the_public_directory_with_its_filters(client):
    shown = OrganizationFactory(
        name="Chambre de commerce", verified=True, category="chamber", region="kayes"
    )
    OrganizationFactory(name="Société en attente", verified=False)
    OrganizationFactory(name="Société dissoute", verified=True, status=Organization.Status.INACTIVE)
    OrganizationFactory(name="Transitaires du Sahel", verified=True, category="broker")

    assert names(client.get(LIST)) == ["Chambre de commerce", "Transitaires du Sahel"]
    assert names(client.get(LIST, {"category": "chamber"})) == ["Chambre de commerce"]
    assert names(client.get(LIST, {"region": "kayes"})) == ["Chambre de commerce"]
    assert names(client.get(LIST, {"q": "sahel"})) == ["Transitaires du Sahel"]
    assert client.get(LIST, {"category": "secret"}).status_code == 400
    row = client.get(f"{LIST}{shown.pk}/").json()
    assert set(row) == {
        "id",
        "name",
        "acronym",
        "category",
        "category_label",
        "region",
        "region_label",
        "country",
        "description",
        "register_url",
    }
    for hidden in Organization.objects.exclude(verified=True, status="active"):
        assert client.get(f"{LIST}{hidden.pk}/").status_code == 404


def test_a_renamed_organisation_renews_the_etag(client):
    organization = OrganizationFactory(name="Chambre", verified=True)

    def change():
        organization.name = "Chambre de commerce et d’industrie"
        organization.save()

    assert_change_renews_the_etag(
        client,
        LIST,
        change,
        shows=lambda body: body["results"][0]["name"] == "Chambre de commerce et d’industrie",
    )
