import pytest
from django.urls import reverse

from tests.factories import PASSWORD, OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_representative_signs_in_with_email_and_lands_on_the_dashboard(client):
    user = RepresentativeFactory(email="rep@example.ml")

    response = client.post(
        reverse("account_login"), {"login": "REP@example.ml", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"] == user


def test_wrong_password_gets_a_clear_message_in_french(client):
    RepresentativeFactory(email="rep@example.ml")

    response = client.post(
        reverse("account_login"), {"login": "rep@example.ml", "password": "nope"}
    )

    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()


def test_repeated_failed_sign_ins_are_rate_limited(client):
    RepresentativeFactory(email="rep@example.ml")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "rep@example.ml", "password": "nope"})

    response = client.post(
        reverse("account_login"), {"login": "rep@example.ml", "password": PASSWORD}
    )

    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_signing_out_ends_the_session(client):
    client.force_login(OfficerFactory())

    client.post(reverse("account_logout"))

    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, deliver):
    RepresentativeFactory(email="rep@example.ml")

    client.post(reverse("account_reset_password"), {"email": "rep@example.ml"})
    (message,) = deliver()
    link = next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"password1": "An0ther-Strong-one!", "password2": "An0ther-Strong-one!"},
    )

    assert response.status_code == 302
    client.logout()
    ok = client.post(
        reverse("account_login"), {"login": "rep@example.ml", "password": "An0ther-Strong-one!"}
    )
    assert ok["Location"] == reverse("dashboard")


def test_changing_the_password_requires_the_old_one(client):
    user = RepresentativeFactory()
    client.force_login(user)

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "wrong",
            "password1": "An0ther-Strong-one!",
            "password2": "An0ther-Strong-one!",
        },
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_for_one_address_is_rate_limited(client, deliver):
    # ACCOUNT_RATE_LIMITS: 5 reset requests a minute for one e-mail address.
    RepresentativeFactory(email="rep@example.ml")
    for _ in range(5):
        response = client.post(reverse("account_reset_password"), {"email": "rep@example.ml"})
        assert response.status_code == 302

    response = client.post(reverse("account_reset_password"), {"email": "REP@example.ml"})

    assert response.status_code == 429
    assert len(deliver()) == 5


def test_password_reset_from_one_address_is_rate_limited_whatever_the_account(client):
    # 20 reset requests a minute from one IP address, for any e-mail addresses.
    for number in range(20):
        client.post(reverse("account_reset_password"), {"email": f"someone{number}@example.ml"})

    response = client.post(reverse("account_reset_password"), {"email": "other@example.ml"})

    assert response.status_code == 429
