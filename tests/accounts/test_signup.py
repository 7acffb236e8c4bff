import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.urls import reverse

from portal.accounts.models import User
from stakeholders.models import Contact, Membership, Organization
from tests.factories import PASSWORD, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Awa Konaté",
    "email": "awa.konate@example.ml",
    "phone": "+223 20 22 33 44",
    "new_organization_name": "Konaté Import-Export",
    "new_organization_category": "trader",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def test_signup_sends_a_verification_email_in_the_visitors_language(client, deliver):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    sent = deliver()
    assert len(sent) == 1
    assert sent[0].to == ["awa.konate@example.ml"]
    assert "confirm-email" in sent[0].body
    assert "Confirmez" in sent[0].subject or "confirm" in sent[0].subject.lower()
    html, mimetype = sent[0].alternatives[0]
    assert mimetype == "text/html"
    assert "Confirmer mon adresse" in html
    assert confirmation_link(sent[0]) in html


def test_confirmation_link_verifies_the_address_and_the_user_can_then_sign_in(client, deliver):
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(deliver()[0])

    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="awa.konate@example.ml").verified

    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": "awa.konate@example.ml", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_signing_in_before_confirming_is_refused(client, deliver):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "awa.konate@example.ml", "password": PASSWORD}
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302


def test_signup_yields_a_private_sector_account_with_the_details_given(client):
    client.post(reverse("account_signup"), SIGNUP)

    user = User.objects.get(email="awa.konate@example.ml")
    assert user.kind == User.Kind.PRIVATE
    assert user.full_name == "Awa Konaté"
    assert user.phone == "+223 20 22 33 44"
    assert user.language == "fr"


def test_a_customs_account_cannot_be_made_through_signup_whatever_is_posted(client):
    forged = {
        **SIGNUP,
        "kind": "customs",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": ["1", "2", "3"],
        "user_permissions": ["1"],
    }

    client.post(reverse("account_signup"), forged)

    user = User.objects.get(email="awa.konate@example.ml")
    assert user.kind == User.Kind.PRIVATE
    assert not user.is_staff
    assert not user.is_superuser
    assert not user.groups.exists()
    assert not user.user_permissions.exists()


def test_signup_with_bad_input_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "email": "not-an-address", "password2": "other"}
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'value="Awa Konaté"' in response.content.decode()
    assert "Saisissez une adresse de courriel valide." in response.content.decode()


def test_signup_in_english_stores_english_as_the_users_language(client):
    client.cookies["portal_language"] = "en"

    client.post(reverse("account_signup"), SIGNUP)

    assert User.objects.get(email="awa.konate@example.ml").language == "en"


def test_signup_with_an_existing_organisation_asks_to_join_it(client):
    ccim = OrganizationFactory(name="Chambre de Commerce et d'Industrie du Mali", acronym="CCIM")

    client.post(
        reverse("account_signup"),
        {
            **SIGNUP,
            "new_organization_name": "",
            "new_organization_category": "",
            "organization": ccim.pk,
            "position": "Chargée des formalités",
            "contact_consent": "on",
        },
    )

    request = Membership.objects.get(user__email="awa.konate@example.ml")
    assert (request.organization, request.status) == (ccim, Membership.Status.PENDING)
    assert request.position == "Chargée des formalités" and request.consent
    # Nothing ties the account to the organisation before someone approves the request.
    assert not Contact.objects.filter(user__email="awa.konate@example.ml").exists()
    assert Organization.objects.count() == 1


def test_signup_proposing_an_organisation_creates_it_unverified_with_a_pending_request(client):
    client.post(reverse("account_signup"), SIGNUP)

    organization = Organization.objects.get(name="Konaté Import-Export")
    assert not organization.verified
    assert organization.category == "trader"
    request = organization.memberships.get()
    assert request.user.email == "awa.konate@example.ml"
    assert request.status == Membership.Status.PENDING and request.proposed_organization
    assert not organization.contacts.exists()
    assert organization not in Organization.objects.directory()


def test_signup_offers_only_verified_organisations_to_choose_from(client):
    OrganizationFactory(name="Chambre Vérifiée", verified=True)
    OrganizationFactory(name="Proposition en attente", verified=False)

    page = client.get(reverse("account_signup")).content.decode()

    assert "Chambre Vérifiée" in page
    assert "Proposition en attente" not in page


def test_signup_without_an_organisation_says_to_choose_or_propose_one(client):
    response = client.post(
        reverse("account_signup"),
        {**SIGNUP, "new_organization_name": "", "new_organization_category": ""},
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert "Choisissez votre organisation dans la liste" in response.content.decode()


def test_signup_with_both_an_organisation_and_a_proposal_is_refused(client):
    ccim = OrganizationFactory()

    response = client.post(reverse("account_signup"), {**SIGNUP, "organization": ccim.pk})

    assert response.status_code == 200
    assert not User.objects.exists()
    assert not Organization.objects.filter(name="Konaté Import-Export").exists()


def test_signup_proposing_an_organisation_needs_its_category(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "new_organization_category": ""})

    assert response.status_code == 200
    assert not User.objects.exists()
    assert 'value="Konaté Import-Export"' in response.content.decode()


def test_signing_up_over_and_over_from_one_address_is_rate_limited(client):
    # ACCOUNT_RATE_LIMITS: 20 sign-up posts a minute from one IP address.
    for _ in range(20):
        assert client.post(reverse("account_signup"), {}).status_code == 200

    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 429
    assert "Veuillez patienter quelques minutes" in response.content.decode()
    assert not User.objects.exists()


def test_the_sign_up_limit_counts_each_address_apart(client):
    for _ in range(20):
        client.post(reverse("account_signup"), {}, REMOTE_ADDR="10.0.0.1")

    response = client.post(reverse("account_signup"), SIGNUP, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).exists()


def test_the_too_many_attempts_page_is_in_english_for_english_speakers(client):
    for _ in range(20):
        client.post(reverse("account_signup"), {})

    response = client.post(reverse("account_signup"), {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()


HASHED = []


class CountingHasher(MD5PasswordHasher):
    """A fast hasher that notes each password it hashes."""

    def encode(self, password, salt):
        HASHED.append(password)
        return super().encode(password, salt)


def test_signing_up_with_a_taken_address_does_the_same_work_and_gets_the_same_page(
    client, settings, deliver
):
    # Sign-up with an address that has an account made no account and hashed nothing, so it
    # answered in a twentieth of the time: a stopwatch told who has an account.
    settings.PASSWORD_HASHERS = ["tests.accounts.test_signup.CountingHasher"]
    RepresentativeFactory(email="awa.konate@example.ml")
    HASHED.clear()

    taken = client.post(reverse("account_signup"), SIGNUP)
    hashed_for_taken, HASHED[:] = list(HASHED), []
    other = Client()
    new = other.post(reverse("account_signup"), {**SIGNUP, "email": "fanta.diallo@example.ml"})

    assert hashed_for_taken == HASHED == [PASSWORD]
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    taken_page, new_page = client.get(taken["Location"]), other.get(new["Location"])
    assert taken_page.status_code == new_page.status_code == 200
    assert [t.name for t in taken_page.templates] == [t.name for t in new_page.templates]
    # The same page, but for the address each typed (which the page repeats).
    assert text_of(taken_page, "awa.konate@example.ml") == text_of(
        new_page, "fanta.diallo@example.ml"
    )
    # Each address gets one e-mail: a confirmation link, or word of the existing account.
    assert sorted(m.to[0] for m in deliver()) == [
        "awa.konate@example.ml",
        "fanta.diallo@example.ml",
    ]
    assert User.objects.filter(email="awa.konate@example.ml").count() == 1


def text_of(response, address):
    """The page without its per-response tokens, and the address typed written as ADDRESS."""
    page = response.content.decode().replace(address, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
