import pytest
from django.urls import reverse

from stakeholders.models import Contact, Membership, Organization, Sector
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Transit Diallo et Frères",
    "acronym": "TDF",
    "category": "broker",
    "region": "kayes",
    "country": "ML",
    "phone": "+223 21 52 10 10",
    "registry_number": "MA.KYS.2011.B.0315",
    "description": "Commissionnaire agréé à Kayes et Diboli.",
}


@pytest.fixture
def own(db):
    return OrganizationFactory(
        name="Transit Diallo et Frères",
        category="broker",
        region="kayes",
        registry_number="MA.KYS.2011.B.0315",
        verified=True,
    )


@pytest.fixture
def representative(client, own):
    user = representative_of(own, full_name="Oumar Sidibé")
    client.force_login(user)
    return user


def body(response):
    return response.content.decode()


def test_my_organisation_shows_its_public_profile_and_contacts(client, representative, own):
    ContactFactory(organization=own, name="Awa Diallo", position="Déclarante")

    page = body(client.get(reverse("stakeholders:mine")))

    assert "Transit Diallo et Frères" in page
    assert "Awa Diallo" in page and "Oumar Sidibé" in page
    assert "Vérifiée" in page
    assert page.count("<h1") == 1


def test_a_representative_edits_their_organisations_profile(client, representative, own):
    response = client.post(reverse("stakeholders:profile", args=[own.pk]), PROFILE)

    assert response["Location"] == reverse("stakeholders:mine")
    own.refresh_from_db()
    assert own.phone == "+223 21 52 10 10"
    assert own.verified


def test_a_representative_ticks_their_organisations_sectors(client, representative, own):
    sectors = [Sector.objects.get(code=code).pk for code in ("logistics", "services")]

    client.post(reverse("stakeholders:profile", args=[own.pk]), {**PROFILE, "sectors": sectors})

    assert sorted(s.code for s in own.sectors.all()) == ["logistics", "services"]


def test_renaming_the_organisation_puts_it_back_to_unverified(client, representative, own):
    response = client.post(
        reverse("stakeholders:profile", args=[own.pk]),
        {**PROFILE, "name": "TDF Logistique"},
        follow=True,
    )

    own.refresh_from_db()
    assert own.name == "TDF Logistique" and not own.verified
    assert "la Douane la vérifiera à nouveau" in body(response)


def test_a_representative_cannot_edit_another_organisation(client, representative):
    other = OrganizationFactory(name="Concurrent SARL", phone="")

    assert client.get(reverse("stakeholders:profile", args=[other.pk])).status_code == 404
    response = client.post(reverse("stakeholders:profile", args=[other.pk]), PROFILE)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Concurrent SARL" and other.phone == ""


def test_the_profile_form_has_no_internal_fields(client, representative, own):
    page = body(client.get(reverse("stakeholders:profile", args=[own.pk])))

    assert 'name="internal_notes"' not in page
    assert 'name="status"' not in page
    assert "NOTE-INTERNE-CONFIDENTIELLE" not in page


def test_posting_internal_fields_in_the_profile_changes_nothing_of_them(
    client, representative, own
):
    client.post(
        reverse("stakeholders:profile", args=[own.pk]),
        {**PROFILE, "internal_notes": "piraté", "status": "inactive", "verified": "on"},
    )

    own.refresh_from_db()
    assert own.internal_notes == "NOTE-INTERNE-CONFIDENTIELLE"
    assert own.status == Organization.Status.ACTIVE


def test_a_representative_adds_and_edits_contacts_of_their_organisation(
    client, representative, own
):
    client.post(
        reverse("stakeholders:contact_create", args=[own.pk]),
        {
            "name": "Awa Diallo",
            "position": "Déclarante",
            "email": "awa@tdf.ml",
            "language": "fr",
            "consent": "on",
        },
    )
    contact = own.contacts.get(name="Awa Diallo")
    assert contact.consent and contact.consent_date

    client.post(
        reverse("stakeholders:contact_edit", args=[contact.pk]),
        {"name": "Awa Diallo", "position": "Directrice", "email": "awa@tdf.ml", "language": "fr"},
    )

    contact.refresh_from_db()
    assert contact.position == "Directrice"
    assert not contact.consent and contact.consent_date is None


def test_a_representative_cannot_touch_another_organisations_contacts(client, representative):
    other = OrganizationFactory()
    stranger = ContactFactory(organization=other, name="Inconnu")

    assert client.get(reverse("stakeholders:contact_create", args=[other.pk])).status_code == 404
    assert client.get(reverse("stakeholders:contact_edit", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("stakeholders:contact_remove", args=[stranger.pk])).status_code == (
        404
    )
    assert Contact.objects.filter(pk=stranger.pk).exists()


def test_a_representative_removes_a_contact_but_not_their_own_account(client, representative, own):
    colleague = ContactFactory(organization=own)

    client.post(reverse("stakeholders:contact_remove", args=[colleague.pk]))
    client.post(reverse("stakeholders:contact_remove", args=[representative.contact.pk]))

    assert not Contact.objects.filter(pk=colleague.pk).exists()
    assert Contact.objects.filter(user=representative).exists()


def test_an_account_without_organisation_can_ask_to_join_one(client):
    user = RepresentativeFactory()
    chamber = OrganizationFactory(name="Chambre de Commerce et d'Industrie du Mali")
    client.force_login(user)

    page = body(client.get(reverse("stakeholders:mine")))
    assert 'name="organization"' in page
    client.post(reverse("stakeholders:mine"), {"organization": chamber.pk})

    request = Membership.objects.get(user=user)
    assert (request.organization, request.status) == (chamber, Membership.Status.PENDING)
    assert "Vous avez demandé à rejoindre" in body(client.get(reverse("stakeholders:mine")))


def test_representatives_see_their_organisation_and_the_directory_in_the_navigation(
    client, representative
):
    page = body(client.get(reverse("dashboard")))

    assert reverse("stakeholders:mine") in page
    assert reverse("stakeholders:directory") in page
    assert reverse("stakeholders:list") not in page
    assert reverse("stakeholders:map") not in page


def test_the_dashboard_tells_a_representative_whether_their_organisation_is_verified(
    client, representative, own
):
    own.verified = False
    own.save()

    page = body(client.get(reverse("dashboard")))

    assert "Transit Diallo et Frères" in page
    assert "Pas encore vérifiée" in page
