"""The Django admin signs people in through allauth's sign-in, TOTP step and rate limits
included (portal/urls.py), never with a password alone."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    RepresentativeFactory,
    SuperuserFactory,
    totp_code,
)

pytestmark = pytest.mark.django_db


def test_a_password_posted_to_the_admin_sign_in_does_not_open_the_admin(client):
    admin = SuperuserFactory()

    response = client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_sign_in_page_sends_visitors_to_the_portal_sign_in(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"


def test_a_superuser_reaches_the_admin_only_after_the_totp_step(client):
    admin = SuperuserFactory()

    signed = client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD})
    assert signed["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})

    assert client.get(reverse("admin:index")).status_code == 200


def test_a_superuser_session_without_the_second_factor_is_asked_for_a_code(db):
    client = Client()
    client.force_login(SuperuserFactory())

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_signed_in_representative_cannot_sign_in_again_through_the_admin(client):
    # Django's admin page would offer them its own password form to "sign in as another
    # user"; that form must not be a way round the TOTP step.
    admin = SuperuserFactory()
    client.force_login(RepresentativeFactory())

    response = client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})

    assert response.status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302
