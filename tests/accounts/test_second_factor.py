import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    CheckinStaffFactory,
    OfficerFactory,
    RepresentativeFactory,
    totp_code,
)

pytestmark = pytest.mark.django_db


def test_an_officer_without_a_second_factor_is_sent_to_set_one_up(client):
    client.force_login(OfficerFactory(totp=False))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_check_in_staff_without_a_second_factor_are_sent_to_set_one_up(client):
    client.force_login(CheckinStaffFactory(totp=False))

    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_activate_totp"))


def sign_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_an_officer_signing_in_without_a_second_factor_is_sent_to_set_one_up(client):
    OfficerFactory(email="agent@douane.gouv.ml", totp=False)

    sign_in(client, "agent@douane.gouv.ml")
    response = client.get(reverse("dashboard"))

    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def confirm_password(client):
    """allauth asks for the password again before a second factor is added."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_an_officer_can_still_reach_the_second_factor_setup_and_sign_out(client):
    OfficerFactory(email="agent@douane.gouv.ml", totp=False)
    sign_in(client, "agent@douane.gouv.ml")
    confirm_password(client)

    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_setting_up_totp_opens_the_officer_pages(client):
    OfficerFactory(email="agent@douane.gouv.ml", totp=False)
    sign_in(client, "agent@douane.gouv.ml")
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret

    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_officer_with_totp_must_give_a_code_when_signing_in(client):
    OfficerFactory(email="agent@douane.gouv.ml")

    response = sign_in(client, "agent@douane.gouv.ml")

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert done["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_code_keeps_the_officer_out(client):
    OfficerFactory(email="agent@douane.gouv.ml")
    sign_in(client, "agent@douane.gouv.ml")

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302


def test_representatives_need_no_second_factor(client):
    client.force_login(RepresentativeFactory())

    assert client.get(reverse("dashboard")).status_code == 200


def test_an_officer_signed_in_without_giving_a_code_is_asked_for_one(db):
    # A session that skipped the TOTP step (force_login stands for any such way in): having
    # an authenticator is not enough, this session must have used it.
    client = Client()
    client.force_login(OfficerFactory())

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=%2Fdashboard%2F" in response["Location"]


def test_giving_the_code_opens_the_officer_pages_to_that_session(db):
    client = Client()
    client.force_login(OfficerFactory())

    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(TOTP_SECRET)})

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_code_keeps_a_session_without_second_factor_out(db):
    client = Client()
    client.force_login(OfficerFactory())

    client.post(reverse("mfa_reauthenticate"), {"code": "000000"})

    assert client.get(reverse("dashboard")).status_code == 302


def test_the_code_of_another_account_does_not_count(db):
    # allauth's records name the user they were made for; a record left by another account
    # in the same session is not this account's second factor.
    client = Client()
    someone = OfficerFactory()
    client.force_login(someone)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(TOTP_SECRET)})
    client.force_login(OfficerFactory())

    assert client.get(reverse("dashboard")).status_code == 302
