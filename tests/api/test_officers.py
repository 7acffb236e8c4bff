"""Officers' resources: the registry with the registry page's filters, and a forum's
registrations as the officers' export holds them; 404 to anyone else signed in, 401 to a
visitor; neither internal notes nor the mapping through the API."""

import pytest

from forums.models import Forum
from forums.services import seats
from portal.accounts import tokens
from tests.factories import (
    CheckinStaffFactory,
    OfficerFactory,
    OrganizationFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

REGISTRY = "/api/v1/registry/organizations/"


def bearer(user, scope="read"):
    _token, key = tokens.create_token(acting_user=user, name="Script", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def names(answer):
    assert answer.status_code == 200, answer.content
    return sorted(row["name"] for row in answer.json()["results"])


def test_the_registry_with_the_pages_filters_for_an_officer(client):
    officer = OfficerFactory()
    OrganizationFactory(name="Transit Sahel", category="broker", region="kayes")
    OrganizationFactory(name="Chambre de commerce", category="association", region="bamako")
    unverified = OrganizationFactory(
        name="Proposée", verified=False, internal_notes="NOTE-INTERNE-API"
    )
    AssessmentFactory(organization=unverified)
    auth = bearer(officer)

    assert names(client.get(REGISTRY, **auth)) == [
        "Chambre de commerce",
        "Proposée",
        "Transit Sahel",
    ]
    assert names(client.get(REGISTRY, {"category": "broker"}, **auth)) == ["Transit Sahel"]
    assert names(client.get(REGISTRY, {"q": "chambre"}, **auth)) == ["Chambre de commerce"]
    assert names(client.get(REGISTRY, {"verified": "no"}, **auth)) == ["Proposée"]
    detail = client.get(f"{REGISTRY}{unverified.pk}/", **auth)
    assert detail.json()["name"] == "Proposée"
    assert b"NOTE-INTERNE-API" not in detail.content
    bad = client.get(REGISTRY, {"category": "pirate"}, HTTP_ACCEPT_LANGUAGE="en", **auth)
    assert bad.status_code == 400
    assert "category" in bad.json()["errors"]


def test_the_registry_is_404_to_representatives_and_check_in_staff_and_401_to_visitors(client):
    org = OrganizationFactory()
    rep = representative_of(org)
    assert client.get(REGISTRY, **bearer(rep)).status_code == 404
    assert client.get(f"{REGISTRY}{org.pk}/", **bearer(rep)).status_code == 404
    assert client.get(REGISTRY, **bearer(CheckinStaffFactory())).status_code == 404
    assert client.get(REGISTRY).status_code == 401


def test_a_forums_registrations_as_the_export_holds_them(client):
    officer = OfficerFactory()
    org = OrganizationFactory(name="Transit Sahel")
    rep = representative_of(org, full_name="Awa Traoré")
    forum = ForumFactory(slug="jid")
    registration = seats.register(forum, user=rep, dietary_needs="Sans sel")
    seats.register(ForumFactory(slug="autre"), user=representative_of(OrganizationFactory()))
    draft = ForumFactory(slug="brouillon", status=Forum.Status.DRAFT)
    auth = bearer(officer)

    answer = client.get("/api/v1/forums/jid/registrations/", **auth)

    assert answer.status_code == 200
    (row,) = answer.json()["results"]
    assert row["name"] == "Awa Traoré"
    assert row["email"] == rep.email
    assert row["organization"] == "Transit Sahel"
    assert row["check_in_code"] == registration.display_code
    assert row["dietary_needs"] == "Sans sel"
    assert row["status"] == "confirmed"
    assert (
        client.get("/api/v1/forums/jid/registrations/", {"q": "personne"}, **auth).json()["count"]
        == 0
    )
    assert client.get("/api/v1/forums/brouillon/registrations/", **auth).status_code == 200
    assert draft.registrations.count() == 0
    assert client.get("/api/v1/forums/nulle-part/registrations/", **auth).status_code == 404
    assert client.get("/api/v1/forums/jid/registrations/", **bearer(rep)).status_code == 404
    assert client.get("/api/v1/forums/jid/registrations/").status_code == 401
