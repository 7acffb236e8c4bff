import pytest
from django.urls import reverse

from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_in_french_by_default(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Prochains événements publics" in body


def test_switching_to_english_renders_the_home_page_in_english(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )

    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Upcoming public events" in body


def test_a_visitors_browser_language_is_respected(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="en">' in response.content.decode()


def test_a_signed_in_users_choice_is_stored_on_their_account(client):
    user = RepresentativeFactory(language="fr")
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.language == "en"


def test_a_signed_in_users_language_wins_over_the_browsers(client):
    client.force_login(RepresentativeFactory(language="en"))

    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="fr")

    assert '<html lang="en">' in response.content.decode()


def test_preferences_form_saves_language_and_time_zone(client):
    user = RepresentativeFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": user.full_name, "phone": "", "language": "en", "time_zone": "Europe/Paris"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("en", "Europe/Paris")


def test_preferences_form_rejects_an_unknown_time_zone_and_keeps_the_input(client):
    user = RepresentativeFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": "Nouveau Nom", "phone": "", "language": "fr", "time_zone": "Mars/Olympus"},
    )

    assert response.status_code == 200
    assert 'value="Nouveau Nom"' in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "Africa/Bamako"


def assert_guarded_language_cookie(response, language):
    cookie = response.cookies["portal_language"]
    assert cookie.value == language
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 60 * 60 * 24 * 365


@pytest.fixture
def https_cookies(settings):
    # Production's default (tests/pytest_env.py switches it off for plain-HTTP tests).
    settings.SESSION_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True


def test_saving_preferences_sets_the_language_cookie_secure_and_out_of_scripts_reach(
    client, https_cookies
):
    user = RepresentativeFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": user.full_name, "phone": "", "language": "en", "time_zone": "Africa/Bamako"},
    )

    assert_guarded_language_cookie(response, "en")


def test_the_language_switcher_sets_the_same_guarded_cookie(client, https_cookies):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    assert_guarded_language_cookie(response, "en")


def test_the_language_cookie_is_secure_whenever_the_session_cookie_is():
    from portal import settings as production

    assert production.LANGUAGE_COOKIE_SECURE == production.SESSION_COOKIE_SECURE
    assert production.LANGUAGE_COOKIE_HTTPONLY is True
    assert production.LANGUAGE_COOKIE_SAMESITE == "Lax"
