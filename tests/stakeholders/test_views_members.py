"""The membership pages, through their URLs: asking to join, the administrators' members page,
the officers' queue of requests."""

import re

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import scheduling
from portal.accounts.models import User
from stakeholders import membership
from stakeholders.models import Membership, Organization
from tests.accounts.test_signup import SIGNUP, confirmation_link
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    member_of,
    pending_member_of,
)
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def ccim():
    return OrganizationFactory(
        name="Chambre de Commerce et d'Industrie du Mali",
        acronym="CCIM",
        website="https://www.ccim.ml",
    )


@pytest.fixture
def administrator(ccim):
    user = RepresentativeFactory(email="oumar.sidibe@ccim.ml", full_name="Oumar Sidibé")
    member_of(ccim, user, role=Role.ADMINISTRATOR)
    return user


def body(response):
    return response.content.decode()


def test_a_stranger_who_signs_up_for_an_organisation_sees_nothing_of_it_until_approved(
    client, ccim, administrator, deliver
):
    """The attack of issue 12: a mailbox was all it took to act for any organisation."""
    officer = OfficerFactory()
    ContactFactory(organization=ccim, name="Awa Traoré", email="awa.traore@ccim.ml")
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion restreinte CCIM",
        kind=Meeting.Kind.BILATERAL,
        start=in_days(5),
        end=in_days(5, 12),
        visibility=Meeting.Visibility.INVITEES,
        organizations=[ccim],
    )
    client.post(
        reverse("account_signup"),
        {
            **SIGNUP,
            "new_organization_name": "",
            "new_organization_category": "",
            "organization": ccim.pk,
            "position": "Directeur",
        },
    )
    (confirmation,) = [m for m in deliver() if m.to == [SIGNUP["email"]]]
    client.post(confirmation_link(confirmation))
    stranger = User.objects.get(email=SIGNUP["email"])
    contact = ccim.contacts.get(email="awa.traore@ccim.ml")

    mine = body(client.get(reverse("stakeholders:mine")))
    assert "en attente" in mine or "Vous avez demandé à rejoindre" in mine
    assert "awa.traore@ccim.ml" not in mine
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("stakeholders:profile", args=[ccim.pk])).status_code == 404
    assert client.get(reverse("stakeholders:contact_edit", args=[contact.pk])).status_code == 404
    response = client.post(reverse("stakeholders:contact_remove", args=[contact.pk]))
    assert response.status_code == 404
    assert client.get(reverse("stakeholders:members", args=[ccim.pk])).status_code == 404
    assert Membership.objects.get(user=stranger).status == Membership.Status.PENDING
    # The administrator heard of the request once the address was confirmed.
    assert [m.to for m in deliver()] == [[administrator.email]]


def test_the_administrator_approves_a_request_from_the_members_page(client, ccim, administrator):
    request = pending_member_of(ccim, RepresentativeFactory(email="awa@ccim.ml"), position="DAF")
    client.force_login(administrator)

    page = body(client.get(reverse("stakeholders:members", args=[ccim.pk])))
    assert "awa@ccim.ml" in page and "DAF" in page
    assert "connu pour cette organisation" in page  # ccim.ml is the website's domain

    response = client.post(reverse("stakeholders:membership_approve", args=[request.pk]))

    assert response["Location"] == reverse("stakeholders:members", args=[ccim.pk])
    request.refresh_from_db()
    assert request.status == Membership.Status.APPROVED
    assert list(Organization.objects.represented_by(request.user)) == [ccim]


def test_refusing_without_a_reason_keeps_the_form_and_refuses_nothing(client, ccim, administrator):
    request = pending_member_of(ccim, RepresentativeFactory())
    client.force_login(administrator)
    url = reverse("stakeholders:membership_refuse", args=[request.pk])

    response = client.post(url, {"reason": ""})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in body(response)
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING

    response = client.post(url, {"reason": "Personne inconnue.", "next": "//evil.example/"})
    assert response["Location"] == reverse("stakeholders:members", args=[ccim.pk])
    request.refresh_from_db()
    assert (request.status, request.reason) == (Membership.Status.REFUSED, "Personne inconnue.")


def test_the_administrator_of_another_organisation_gets_404_and_changes_nothing(
    client, ccim, administrator
):
    request = pending_member_of(ccim, RepresentativeFactory())
    other = RepresentativeFactory()
    member_of(OrganizationFactory(), other, role=Role.ADMINISTRATOR)
    client.force_login(other)

    assert client.get(reverse("stakeholders:members", args=[ccim.pk])).status_code == 404
    for name in ("membership_approve", "membership_refuse", "membership_remove"):
        response = client.post(reverse(f"stakeholders:{name}", args=[request.pk]), {"reason": "x"})
        assert response.status_code == 404, name
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING


def test_a_plain_member_does_not_manage_members(client, ccim, administrator):
    member = RepresentativeFactory()
    member_of(ccim, member, role=Role.MEMBER)
    client.force_login(member)

    assert client.get(reverse("stakeholders:members", args=[ccim.pk])).status_code == 404
    page = body(client.get(reverse("stakeholders:mine")))
    assert reverse("stakeholders:members", args=[ccim.pk]) not in page


def test_the_last_administrator_is_told_to_appoint_another_before_stepping_down(
    client, ccim, administrator
):
    member_of(ccim, RepresentativeFactory(), role=Role.MEMBER)
    mine = Membership.objects.get(user=administrator)
    client.force_login(administrator)

    response = client.post(
        reverse("stakeholders:membership_role", args=[mine.pk]), {"role": "member"}, follow=True
    )

    assert "au moins un administrateur" in body(response)
    mine.refresh_from_db()
    assert mine.role == Role.ADMINISTRATOR


def test_an_administrator_hands_the_role_over_from_the_members_page(client, ccim, administrator):
    member = RepresentativeFactory(full_name="Awa Konaté")
    member_of(ccim, member, role=Role.MEMBER)
    target = Membership.objects.get(user=member)
    client.force_login(administrator)

    page = body(client.get(reverse("stakeholders:members", args=[ccim.pk])))
    assert reverse("stakeholders:membership_hand_over", args=[target.pk]) in page
    response = client.post(reverse("stakeholders:membership_hand_over", args=[target.pk]))

    assert response["Location"] == reverse("stakeholders:mine")
    assert list(Organization.objects.administered_by(member)) == [ccim]
    assert not Organization.objects.administered_by(administrator).exists()


def test_a_member_leaves_the_organisation(client, ccim, administrator):
    member = RepresentativeFactory()
    member_of(ccim, member, role=Role.MEMBER)
    own = Membership.objects.get(user=member)
    client.force_login(member)

    assert client.get(reverse("stakeholders:membership_remove", args=[own.pk])).status_code == 200
    response = client.post(reverse("stakeholders:membership_remove", args=[own.pk]))

    assert response["Location"] == reverse("stakeholders:mine")
    assert not Organization.objects.represented_by(member).exists()
    page = body(client.get(reverse("stakeholders:mine")))
    assert "Envoyer ma demande" in page


def test_a_requester_withdraws_and_then_asks_another_organisation(client, ccim):
    user = RepresentativeFactory()
    request = pending_member_of(ccim, user)
    other = OrganizationFactory(name="Groupement des Transitaires")
    client.force_login(user)

    client.post(reverse("stakeholders:membership_withdraw", args=[request.pk]))
    response = client.post(
        reverse("stakeholders:mine"), {"organization": other.pk, "position": "Gérant"}
    )

    assert response["Location"] == reverse("stakeholders:mine")
    current = Membership.objects.active().get(user=user)
    assert (current.organization, current.position) == (other, "Gérant")


def test_a_refused_requester_sees_why_on_my_organisation(client, ccim, administrator):
    user = RepresentativeFactory()
    request = pending_member_of(ccim, user)
    membership.refuse(request, acting_user=administrator, reason="Personne inconnue.")
    client.force_login(user)

    page = body(client.get(reverse("stakeholders:mine")))

    assert "Personne inconnue." in page
    assert "Envoyer ma demande" in page


def test_the_officers_queue_lists_every_pending_request_with_its_hints(client, ccim):
    pending_member_of(ccim, RepresentativeFactory(email="awa@ccim.ml"), position="Comptable")
    pending_member_of(OrganizationFactory(name="Transit Diallo"), RepresentativeFactory())
    client.force_login(OfficerFactory())

    page = body(client.get(reverse("stakeholders:membership_requests")))
    assert "awa@ccim.ml" in page and "Comptable" in page and "Transit Diallo" in page
    assert len(re.findall(r'class="list-group-item membership-request"', page)) == 2

    found = body(client.get(reverse("stakeholders:membership_requests"), {"q": "diallo"}))
    assert "Transit Diallo" in found and "awa@ccim.ml" not in found


def test_an_officer_refuses_from_the_queue_and_comes_back_to_it(client, ccim):
    request = pending_member_of(ccim, RepresentativeFactory())
    client.force_login(OfficerFactory())
    queue = reverse("stakeholders:membership_requests")

    response = client.post(
        reverse("stakeholders:membership_refuse", args=[request.pk]),
        {"reason": "Doublon.", "next": queue},
    )

    assert response["Location"] == queue
    request.refresh_from_db()
    assert request.status == Membership.Status.REFUSED


def test_the_organisation_page_shows_officers_its_members_and_waiting_requests(client, ccim):
    member_of(ccim, RepresentativeFactory(full_name="Oumar Sidibé"), role=Role.ADMINISTRATOR)
    pending_member_of(ccim, RepresentativeFactory())
    client.force_login(OfficerFactory())

    page = body(client.get(reverse("stakeholders:detail", args=[ccim.pk])))

    assert "Oumar Sidibé" in page
    assert "1 demande en attente" in page


def test_a_large_organisations_members_are_shown_page_by_page(client, ccim, administrator):
    for n in range(30):
        member_of(ccim, RepresentativeFactory(email=f"membre{n:02d}@ccim.ml"), role=Role.MEMBER)
    client.force_login(administrator)
    url = reverse("stakeholders:members", args=[ccim.pk])

    first, second = body(client.get(url)), body(client.get(url, {"page": 2}))

    assert "31 membres, les administrateurs en premier." in first
    assert first.count("membre depuis le") == 25 and second.count("membre depuis le") == 6
    listed = first.split('id="members-title"')[1]
    assert listed.index("oumar.sidibe@ccim.ml") < re.search(r"membre\d\d@ccim\.ml", listed).start()
