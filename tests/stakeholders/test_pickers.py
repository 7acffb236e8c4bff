"""The searchable pickers (stakeholders.pickers on portal.widgets): labels that tell namesakes
apart, French order, the library's assets on the pages that use them, and forms that post the
same as before (the picker is only in the browser)."""

import re

import pytest
from django.urls import reverse

from meetings.models import Invitation, Meeting
from meetings.services import scheduling
from portal.accounts.models import Unit
from stakeholders import pickers
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

ASSETS = ("vendor/tom-select/tom-select.complete.min.js", "js/picker.js", "tom-select.bootstrap5")


def options(page, field):
    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def _meeting(officer):
    return scheduling.create_meeting(
        acting_user=officer,
        title="Concertation sur le dédouanement",
        start=in_days(10),
        end=in_days(10, 12),
        venue="Salle de conférence de la DGD",
        visibility=Meeting.Visibility.PARTNERS,
    )


@pytest.fixture
def namesakes():
    ccim = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    cnpm = OrganizationFactory(name="Conseil National du Patronat du Mali", acronym="CNPM")
    first = representative_of(ccim, full_name="Adama Touré", email="adama.toure@ccim.ml")
    second = representative_of(cnpm, full_name="Adama Touré", email="a.toure@cnpm.ml")
    return first, second


def test_people_read_name_organisation_and_address_contacts_name_and_organisation(
    client, namesakes
):
    officer = OfficerFactory(
        full_name="Moussa Keïta", unit=Unit.objects.create(name="Bureau de Bamako-Route")
    )
    meeting = _meeting(officer)
    client.force_login(officer)

    page = client.get(reverse("meetings:invitations", args=[meeting.pk])).content.decode()

    users = dict((label, value) for value, label in options(page, "users"))
    first, second = namesakes
    assert users["Adama Touré — Chambre de Commerce et d’Industrie du Mali — adama.toure@ccim.ml"]
    assert users["Adama Touré — Conseil National du Patronat du Mali — a.toure@cnpm.ml"]
    assert users["Moussa Keïta — Bureau de Bamako-Route — " + officer.email]
    contacts = [label for _value, label in options(page, "contacts")]
    assert "Adama Touré — Chambre de Commerce et d’Industrie du Mali" in contacts
    assert "Adama Touré — Conseil National du Patronat du Mali" in contacts


def test_the_invitation_page_loads_the_picker_and_posts_as_a_plain_select(client, namesakes):
    officer = OfficerFactory()
    meeting = _meeting(officer)
    client.force_login(officer)
    url = reverse("meetings:invitations", args=[meeting.pk])

    page = client.get(url).content.decode()
    for asset in ASSETS:
        assert asset in page
    assert re.search(r'<select name="users"[^>]*data-picker="multiple"', page)
    assert re.search(r'<select name="users"[^>]*size="8"', page)
    assert 'id="id_users-picker-hint"' in page

    first, second = namesakes
    response = client.post(url, {"users": [first.pk, second.pk]})

    assert response.status_code == 302
    assert set(Invitation.objects.filter(meeting=meeting).values_list("user", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_a_choice_outside_the_list_is_refused_as_before(client):
    officer = OfficerFactory()
    meeting = _meeting(officer)
    gone = RepresentativeFactory(is_active=False)
    client.force_login(officer)

    response = client.post(reverse("meetings:invitations", args=[meeting.pk]), {"users": [gone.pk]})

    assert response.status_code == 200
    assert not Invitation.objects.filter(meeting=meeting).exists()
    assert "is-invalid" in response.content.decode()


def test_organisations_are_listed_in_french_order():
    for name in (
        "Zénith Logistique",
        "Union Économique des Transporteurs",
        "Transports Diarra",
        "Entreprise Sylla",
        "École de Commerce",
    ):
        OrganizationFactory(name=name)
    field = pickers.OrganizationMultipleChoiceField(
        queryset=OrganizationFactory._meta.model.objects.all()
    )

    assert [label for _value, label in field.choices] == [
        "École de Commerce",
        "Entreprise Sylla",
        "Transports Diarra",
        "Union Économique des Transporteurs",
        "Zénith Logistique",
    ]


def test_the_sign_up_page_offers_the_organisations_in_a_searchable_picker_in_french_order(client):
    for name in ("Zénith Logistique", "Union Économique des Transporteurs", "Transports Diarra"):
        OrganizationFactory(name=name)

    page = client.get(reverse("account_signup")).content.decode()

    labels = [label for value, label in options(page, "organization") if value]
    assert labels == [
        "Transports Diarra",
        "Union Économique des Transporteurs",
        "Zénith Logistique",
    ]
    assert re.search(r'<select name="organization"[^>]*data-picker="single"', page)
    for asset in ASSETS:
        assert asset in page


def test_a_dialogue_bodys_members_and_chairs_use_the_pickers(client):
    officer = OfficerFactory()
    contact = ContactFactory(name="Fatoumata Diallo", organization__name="Groupe Tomota")
    client.force_login(officer)

    page = client.get(reverse("meetings:body_create")).content.decode()

    assert re.search(r'<select name="members"[^>]*data-picker="multiple"', page)
    assert (str(contact.pk), "Fatoumata Diallo — Groupe Tomota") in options(page, "private_chair")
    assert "js/picker.js" in page


def test_a_commitments_organisation_is_a_single_picker(client):
    officer = OfficerFactory()
    meeting = _meeting(officer)
    OrganizationFactory(name="Groupe Tomota")
    client.force_login(officer)

    page = client.get(reverse("meetings:commitment_create", args=[meeting.pk])).content.decode()

    assert re.search(r'<select name="organization"[^>]*data-picker="single"', page)
    assert "Groupe Tomota" in [label for _value, label in options(page, "organization")]
    assert "js/picker.js" in page
