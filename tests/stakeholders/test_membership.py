"""Memberships: who acts for which organisation (stakeholders.membership).

A request gives nothing until an administrator of the organisation or a customs officer
approves it; every decision is kept in the organisation's history with who, when and why, and
the people concerned are told by e-mail in their own language.
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from consultations.models import Consultation, represented_organization
from forums.models import Forum
from forums.services import seats
from meetings.models import Meeting, MeetingRequest
from meetings.services import requests, scheduling
from portal.accounts.models import User
from stakeholders import history, membership, services
from stakeholders.models import Contact, Membership, Organization, known_domains
from tests.accounts.test_signup import SIGNUP, confirmation_link
from tests.consultations import factories as consultation_factories
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    member_of,
)
from tests.forums.factories import ForumFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

Status = Membership.Status
Role = Membership.Role


@pytest.fixture
def ccim():
    return OrganizationFactory(
        name="Chambre de Commerce et d'Industrie du Mali",
        acronym="CCIM",
        website="https://www.ccim.ml",
    )


@pytest.fixture
def officer():
    return OfficerFactory()


@pytest.fixture
def administrator(ccim):
    user = RepresentativeFactory(email="oumar.sidibe@ccim.ml", full_name="Oumar Sidibé")
    member_of(ccim, user, role=Role.ADMINISTRATOR)
    return user


def ask(organization, **user_fields):
    user = RepresentativeFactory(**user_fields)
    return membership.request_membership(user, organization=organization, position="Déclarant")


# --- A request gives nothing ------------------------------------------------------------


def test_a_pending_request_lets_the_account_act_for_nobody(ccim, officer, administrator):
    ContactFactory(organization=ccim, name="Awa Traoré", email="awa@ccim.ml")
    invitees_meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion restreinte",
        kind=Meeting.Kind.BILATERAL,
        start=in_days(5),
        end=in_days(5, 12),
        visibility=Meeting.Visibility.INVITEES,
        organizations=[ccim],
    )
    invited_forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    invited_forum.invited_organizations.add(ccim)
    invited_consultation = consultation_factories.opened(
        officer, audience=Consultation.Audience.INVITED, invited_organizations=[ccim]
    )
    meeting_request = requests.request_meeting(
        acting_user=administrator, subject="Délais", first_choice=in_days(9)
    )

    pending = ask(ccim).user

    assert not Organization.objects.represented_by(pending).exists()
    assert not Organization.objects.editable_by(pending).exists()
    assert not Contact.objects.visible_to(pending).exists()
    assert invitees_meeting not in Meeting.objects.visible_to(pending)
    assert invited_forum not in Forum.objects.visible_to(pending)
    assert invited_consultation not in Consultation.objects.visible_to(pending)
    assert meeting_request not in MeetingRequest.objects.visible_to(pending)
    assert represented_organization(pending) is None
    assert seats.organization_of(pending) is None
    assert not Contact.objects.filter(user=pending).exists()


def test_an_approved_member_acts_for_the_organisation(ccim, administrator):
    request = ask(ccim, email="awa.konate@ccim.ml", full_name="Awa Konaté")

    membership.approve(request, acting_user=administrator)

    user = request.user
    assert list(Organization.objects.represented_by(user)) == [ccim]
    contact = Contact.objects.get(user=user)
    assert (contact.organization, contact.email, contact.position) == (
        ccim,
        "awa.konate@ccim.ml",
        "Déclarant",
    )
    assert represented_organization(user) == ccim


def test_approval_ties_the_registry_contact_that_has_the_members_address(ccim, administrator):
    known = ContactFactory(organization=ccim, name="Awa Konaté", email="Awa.Konate@ccim.ml")
    request = ask(ccim, email="awa.konate@ccim.ml")

    membership.approve(request, acting_user=administrator)

    known.refresh_from_db()
    assert known.user == request.user
    assert ccim.contacts.count() == 2  # the administrator's and Awa's, no duplicate


def test_the_first_approved_member_becomes_the_organisations_administrator(ccim, officer):
    first, second = ask(ccim), ask(ccim)

    membership.approve(first, acting_user=officer)
    membership.approve(second, acting_user=officer)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.role, second.role) == (Role.ADMINISTRATOR, Role.MEMBER)


def test_a_request_from_an_unconfirmed_address_cannot_be_approved(ccim, administrator):
    request = ask(ccim)
    EmailAddress.objects.filter(user=request.user).update(verified=False)

    with pytest.raises(membership.Refused, match="pas encore confirmé"):
        membership.approve(request, acting_user=administrator)

    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_an_account_holds_one_request_or_membership_at_a_time(ccim):
    request = ask(ccim)

    with pytest.raises(membership.Refused):
        membership.request_membership(request.user, organization=OrganizationFactory())

    membership.withdraw_request(request, acting_user=request.user)
    again = membership.request_membership(request.user, organization=OrganizationFactory())
    assert again.is_pending


def test_only_the_organisations_administrators_and_officers_decide(ccim, administrator):
    request = ask(ccim)
    other_administrator = RepresentativeFactory()
    member_of(OrganizationFactory(), other_administrator, role=Role.ADMINISTRATOR)
    plain_member = RepresentativeFactory()
    member_of(ccim, plain_member, role=Role.MEMBER)

    for outsider in (other_administrator, plain_member, ask(ccim).user):
        with pytest.raises(PermissionDenied):
            membership.approve(request, acting_user=outsider)
        with pytest.raises(PermissionDenied):
            membership.refuse(request, acting_user=outsider, reason="Non.")

    request.refresh_from_db()
    assert request.status == Status.PENDING


def test_refusing_needs_a_reason(ccim, administrator):
    request = ask(ccim)

    with pytest.raises(membership.Refused):
        membership.refuse(request, acting_user=administrator, reason="   ")

    membership.refuse(request, acting_user=administrator, reason="Inconnue de nos services.")
    request.refresh_from_db()
    assert (request.status, request.reason, request.decided_by) == (
        Status.REFUSED,
        "Inconnue de nos services.",
        administrator,
    )


def test_a_decided_request_cannot_be_decided_again(ccim, administrator):
    request = ask(ccim)
    membership.refuse(request, acting_user=administrator, reason="Non.")

    with pytest.raises(membership.Refused, match="refusée"):
        membership.approve(request, acting_user=administrator)


# --- Managing members ---------------------------------------------------------------------


def test_a_removed_member_loses_the_organisation_and_its_contact_is_untied(ccim, administrator):
    request = ask(ccim)
    membership.approve(request, acting_user=administrator)

    membership.remove(request, acting_user=administrator, reason="A quitté la Chambre.")

    assert not Organization.objects.represented_by(request.user).exists()
    contact = ccim.contacts.get(email=request.user.email)
    assert contact.user is None
    request.refresh_from_db()
    assert (request.status, request.reason) == (Status.REMOVED, "A quitté la Chambre.")


def test_removing_someone_else_needs_a_reason_leaving_does_not(ccim, administrator):
    request = ask(ccim)
    membership.approve(request, acting_user=administrator)

    with pytest.raises(membership.Refused):
        membership.remove(request, acting_user=administrator, reason="")
    membership.remove(request, acting_user=request.user)

    request.refresh_from_db()
    assert request.status == Status.REMOVED


def test_the_last_administrator_cannot_go_while_members_remain(ccim, administrator):
    mine = Membership.objects.get(user=administrator)
    member = ask(ccim)
    membership.approve(member, acting_user=administrator)

    with pytest.raises(membership.Refused, match="au moins un administrateur"):
        membership.remove(mine, acting_user=administrator)
    with pytest.raises(membership.Refused, match="au moins un administrateur"):
        membership.set_role(mine, Role.MEMBER, acting_user=administrator)
    with pytest.raises(membership.Refused, match="au moins un administrateur"):
        membership.remove(mine, acting_user=OfficerFactory(), reason="Départ.")

    membership.set_role(member, Role.ADMINISTRATOR, acting_user=administrator)
    membership.remove(mine, acting_user=administrator)
    mine.refresh_from_db()
    assert mine.status == Status.REMOVED


def test_an_administrator_hands_the_role_over(ccim, administrator):
    member = ask(ccim)
    membership.approve(member, acting_user=administrator)

    membership.hand_over(member, acting_user=administrator)

    member.refresh_from_db()
    mine = Membership.objects.get(user=administrator)
    assert (member.role, mine.role) == (Role.ADMINISTRATOR, Role.MEMBER)
    assert not Organization.objects.administered_by(administrator).exists()


def test_an_officer_appoints_and_removes_an_administrator(ccim, administrator, officer):
    member = ask(ccim)
    membership.approve(member, acting_user=administrator)

    membership.set_role(member, Role.ADMINISTRATOR, acting_user=officer)
    membership.set_role(
        Membership.objects.get(user=administrator), Role.MEMBER, acting_user=officer
    )

    assert list(Organization.objects.administered_by(member.user)) == [ccim]
    assert not Organization.objects.administered_by(administrator).exists()


# --- Proposed organisations ---------------------------------------------------------------


def test_the_proposer_of_an_organisation_becomes_its_administrator_when_it_is_verified(
    officer,
):
    proposer = RepresentativeFactory()
    request = membership.request_membership(
        proposer, proposed_name="Konaté Import-Export", proposed_category="trader"
    )
    organization = request.organization
    assert not organization.verified
    assert not Organization.objects.represented_by(proposer).exists()

    services.set_verified(organization, verified=True, acting_user=officer)

    request.refresh_from_db()
    assert (request.status, request.role) == (Status.APPROVED, Role.ADMINISTRATOR)
    assert list(Organization.objects.administered_by(proposer)) == [organization]


def test_proposing_a_new_organisation_creates_it_unverified_under_a_tidy_name():
    request = membership.request_membership(
        RepresentativeFactory(), proposed_name="  Sahel   Transit  ", proposed_category="broker"
    )

    organization = request.organization
    assert (organization.name, organization.category) == ("Sahel Transit", "broker")
    assert not organization.verified
    assert (request.status, request.proposed_organization) == (Status.PENDING, True)


def test_the_consent_given_when_asking_reaches_the_contact_on_approval(ccim, administrator):
    user = RepresentativeFactory(full_name="Awa Konaté")
    request = membership.request_membership(user, organization=ccim, consent=True)

    membership.approve(request, acting_user=administrator)

    contact = Contact.objects.get(user=user)
    assert contact.name == "Awa Konaté" and contact.consent and contact.consent_date


def test_verifying_before_the_proposer_confirmed_their_address_leaves_the_request_pending(
    officer,
):
    proposer = RepresentativeFactory(verified=False)
    request = membership.request_membership(
        proposer, proposed_name="Sahel Transit", proposed_category="broker"
    )

    services.set_verified(request.organization, verified=True, acting_user=officer)

    request.refresh_from_db()
    assert request.organization.verified and request.status == Status.PENDING


def test_a_proposal_matching_an_organisation_asks_to_join_it_instead(ccim):
    request = membership.request_membership(
        RepresentativeFactory(),
        proposed_name="chambre de commerce et d'industrie du MALI",
        proposed_category="chamber",
    )

    assert request.organization == ccim
    assert not request.proposed_organization
    assert request.role == Role.MEMBER
    assert Organization.objects.count() == 1


# --- E-mails -------------------------------------------------------------------------------


def test_the_administrators_are_told_of_a_request_in_their_language(ccim, administrator, deliver):
    administrator.language = "en"
    administrator.save()

    ask(ccim, email="awa.konate@ccim.ml", full_name="Awa Konaté")

    sent = deliver()
    assert [m.to for m in sent] == [["oumar.sidibe@ccim.ml"]]
    assert "A request to join Chambre de Commerce" in sent[0].subject
    assert "Awa Konaté (awa.konate@ccim.ml)" in sent[0].body
    assert "ccim.ml, a domain already known for this organisation" in sent[0].body
    assert f"/stakeholders/organisations/{ccim.pk}/members/" in sent[0].body


def test_without_an_administrator_the_officers_are_told(ccim, officer, deliver):
    ask(ccim, email="someone@gmail.com")

    sent = deliver()
    assert [m.to for m in sent] == [[officer.email]]
    assert "Une demande pour rejoindre" in sent[0].subject
    assert "un domaine que l’on ne connaît pas à cette organisation" in sent[0].body


def test_approvers_hear_of_a_request_only_once_its_address_is_confirmed(
    client, ccim, administrator, deliver
):
    client.post(
        reverse("account_signup"),
        {
            **SIGNUP,
            "new_organization_name": "",
            "new_organization_category": "",
            "organization": ccim.pk,
        },
    )
    sent = deliver()
    assert [m.to for m in sent] == [[SIGNUP["email"]]]  # only the confirmation link

    client.post(confirmation_link(sent[0]))
    membership.address_now_confirmed(User.objects.get(email=SIGNUP["email"]))  # once more

    sent = deliver()
    assert [m.to for m in sent] == [[administrator.email]]
    assert SIGNUP["email"] in sent[0].body


def test_the_requester_is_told_of_the_decision_with_the_reason(ccim, administrator, deliver):
    request = ask(ccim, email="awa.konate@ccim.ml", full_name="Awa Konaté")
    deliver()

    membership.refuse(request, acting_user=administrator, reason="Inconnue de nos services.")

    sent = deliver()
    assert [m.to for m in sent] == [["awa.konate@ccim.ml"]]
    assert "a été refusée" in sent[0].subject
    assert "Inconnue de nos services." in sent[0].body
    html, _ = sent[0].alternatives[0]
    assert "Inconnue de nos services." in html


def test_a_request_decided_before_its_email_goes_out_is_not_announced(ccim, administrator, deliver):
    request = ask(ccim)
    membership.withdraw_request(request, acting_user=request.user)

    assert deliver() == []


# --- History and hints --------------------------------------------------------------------


def test_every_membership_change_is_in_the_organisations_history_with_who_and_why(
    ccim, administrator
):
    request = ask(ccim, full_name="Awa Konaté")
    membership.approve(request, acting_user=administrator)
    membership.remove(request, acting_user=administrator, reason="A quitté la Chambre.")

    entries = [
        e for e in history.for_organization(ccim) if e.subject == "Adhésion\u00a0: Awa Konaté"
    ]

    assert [e.kind for e in entries] == ["~", "~", "+"]
    removal = entries[0]
    assert removal.who == administrator
    assert {(c.label, c.new) for c in removal.changes} >= {
        ("statut", "terminée"),
        ("motif", "A quitté la Chambre."),
    }


def test_known_domains_come_from_the_website_and_members_but_never_public_mailboxes(ccim):
    member_of(ccim, RepresentativeFactory(email="someone@gmail.com"))
    member_of(ccim, RepresentativeFactory(email="k.sangare@cmdt.ml"))

    assert known_domains(ccim) == ["ccim.ml", "cmdt.ml"]
