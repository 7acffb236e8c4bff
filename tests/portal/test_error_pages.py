"""The error pages (400, 403, 404, 413, 500): in the portal's layout and in the reader's
language, never Django's bare English "Not Found"."""

import pytest

from portal.views import server_error
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db

# status -> (French title, English title)
TITLES = {
    400: ("Requête incorrecte", "Bad request"),
    403: ("Accès refusé", "Access refused"),
    404: ("Page introuvable", "Page not found"),
    413: ("Envoi trop volumineux", "What you sent is too large"),
    500: ("Une erreur s’est produite", "Something went wrong"),
}
LANGUAGES = {"fr": 0, "en": 1}


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.portal.error_urls"


def reader(client, language, signed_in):
    """A signed-in person with that language on their account, or a visitor whose browser
    asks for it."""
    if signed_in:
        client.force_login(RepresentativeFactory(language=language))
        return {}
    return {"HTTP_ACCEPT_LANGUAGE": language}


def in_the_layout(page):
    return 'href="#main"' in page and 'class="site-header' in page and page.count("<h1") == 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed in"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", TITLES)
def test_an_error_page_is_in_the_layout_and_in_the_readers_language(
    client, failing_urls, status, language, signed_in
):
    headers = reader(client, language, signed_in)
    client.raise_request_exception = False

    response = client.get(f"/fail/{status}/", **headers)

    assert response.status_code == status
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert in_the_layout(page)
    assert f"<h1>{TITLES[status][LANGUAGES[language]]}</h1>" in page
    # Nothing of what failed, or why, is shown.
    for detail in ("a bad query", "no entry", "nothing here", "too much", "a bug in a view"):
        assert detail not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_error_under_the_api_is_a_problem_in_the_readers_language(
    client, failing_urls, language
):
    client.raise_request_exception = False

    response = client.get("/api/fail/500/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == TITLES[500][LANGUAGES[language]]
    assert problem["status"] == 500
    assert problem["instance"] == "/api/fail/500/"
    assert problem["reference"]  # the request's id, as on the page
    assert "a bug in a view" not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_address_that_does_not_exist_answers_the_portals_404_page(client, language):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{TITLES[404][LANGUAGES[language]]}</h1>" in page
    assert "Not Found" not in page
    assert 'class="main-nav"' in page  # the whole layout: a way on from here


def test_a_signed_in_person_finds_their_navigation_on_the_404_page(client):
    user = RepresentativeFactory(language="fr", full_name="Awa Traoré")
    client.force_login(user)

    page = client.get("/no-such-page/").content.decode()

    assert user.get_short_name() in page
    assert "Se déconnecter" in page
    assert "debug-notice" not in page  # the developer's notice is for DEBUG only


# --- With DEBUG on (a development server): the portal's page, and a pointer to Django's ---

TECHNICAL_404 = "Using the URLconf defined in"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_with_debug_on_an_unknown_address_still_answers_the_portals_translated_page(client, debug):
    client.force_login(RepresentativeFactory(language="fr"))

    response = client.get("/no-such-page/?page=2")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page introuvable</h1>" in page
    assert 'class="main-nav"' in page
    assert TECHNICAL_404 not in page
    # The notice says where the technical details are: the same address with ?debug.
    assert 'class="alert alert-warning mt-4 debug-notice"' in page
    assert 'href="/no-such-page/?page=2&amp;debug=1"' in page


def test_with_debug_on_debug_in_the_address_shows_djangos_technical_page(client, debug):
    response = client.get("/no-such-page/?debug=1")

    assert response.status_code == 404
    assert TECHNICAL_404 in response.content.decode()


def test_with_debug_on_a_views_not_found_shows_its_reason_to_the_developer(
    client, debug, failing_urls
):
    response = client.get("/fail/404/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert "Development server (DEBUG is on)" in page
    assert "<code>nothing here</code>" in page
    assert 'href="/fail/404/?debug=1"' in page


def test_with_debug_on_the_api_still_answers_problem_details(client, debug):
    response = client.get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"


def test_with_debug_on_an_address_without_its_slash_is_still_redirected(client, debug):
    response = client.get("/dashboard")

    assert response.status_code == 301
    assert response["Location"] == "/dashboard/"


def test_the_500_page_needs_neither_the_database_nor_the_request(django_assert_num_queries):
    class Unusable:
        """A request whose every attribute fails, as a half-processed one may."""

        def __getattr__(self, name):
            raise RuntimeError(f"request.{name}")

    with django_assert_num_queries(0):
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            response = server_error(Unusable())

    assert response.status_code == 500
    assert in_the_layout(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_without_its_security_token_gets_a_translated_403_page(client, language):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = strict.post(
        "/accounts/login/",
        {"login": "a@example.org", "password": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert in_the_layout(page)
    assert f"<h1>{TITLES[403][LANGUAGES[language]]}</h1>" in page
    assert "CSRF" not in page
