"""Public pages kept for visitors (portal/pagecache.py): the same page for every visitor, drawn
afresh as soon as a service commits a change it shows, never a signed-in person's page.

Through real URLs, on the Redis cache as production has it. The tests of a change commit it
for real (`transaction=True`): pages are drawn afresh from the commit on.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.services import comments
from forums.services import seats
from meetings.services import scheduling
from tests.actionplans.factories import ActionFactory
from tests.consultations import factories as consultations
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.forums.factories import ForumFactory
from tests.meetings.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def kept_pages(settings, redis_cache):
    settings.PAGE_CACHE_SECONDS = 120
    return redis_cache


def page(client, url, **headers):
    response = client.get(url, headers={"Accept-Language": "fr", **headers})
    assert response.status_code == 200
    return response.content.decode()


def served_kept(client, url):
    """The page, asserting it came from the cache: a visitor's kept page costs no query."""
    with CaptureQueriesContext(connection) as queries:
        shown = page(client, url)
    assert len(queries) == 0, [query["sql"] for query in queries]
    return shown


def kept_keys(cache):
    return cache._cache.get_client().keys(f"{cache.key_prefix}:*pagecache:page:*")


@pytest.mark.django_db(transaction=True)
def test_a_visitor_sees_the_seats_left_drop_right_after_a_registration(client):
    forum = ForumFactory(capacity=20)
    url = reverse("forums:detail", args=[forum.slug])
    assert "20 places sont encore libres" in page(client, url)
    assert "20 places sont encore libres" in served_kept(client, url)

    seats.register(forum, user=representative_of(OrganizationFactory()))

    shown = page(client, url)
    assert "19 places sont encore libres" in shown
    assert "20 places" not in shown


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_meeting_shows_cancelled_on_the_visitors_agenda_at_once(client):
    MeetingFactory(title="Réunion du comité de facilitation")
    meeting = MeetingFactory(title="Réunion du comité de facilitation")
    url = reverse("meetings:agenda")
    before = page(client, url)
    assert before.count("Réunion du comité de facilitation") == 2
    assert "cancelled" not in before
    assert "Réunion du comité de facilitation" in served_kept(client, url)

    scheduling.cancel_meeting(meeting, acting_user=OfficerFactory())

    assert page(client, url).count(" cancelled") == 1


def test_a_page_asked_with_a_query_string_is_drawn_each_time_and_never_kept(client, kept_pages):
    """Made-up query strings must not fill Redis with copies of a page."""
    url = reverse("meetings:calendar")
    for number in range(3):
        page(client, f"{url}?anything={number}")
        with CaptureQueriesContext(connection) as queries:
            page(client, f"{url}?anything={number}")
        assert len(queries) > 0
    assert kept_keys(kept_pages) == []
    page(client, url)
    assert len(kept_keys(kept_pages)) == 1


def test_a_download_is_kept_under_its_exact_format_query_with_its_file_name(client, kept_pages):
    """A visitor's unfiltered download (`?format=json`) is kept like its page, attachment
    name included; any other query string is drawn each time and never kept."""
    ActionFactory(title="Guichet unique")
    url = reverse("actionplans:board_export")
    first = client.get(f"{url}?format=json")
    assert first["Content-Disposition"].startswith('attachment; filename="commitments-')

    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{url}?format=json")
    assert len(queries) == 0
    assert again.content == first.content and "Guichet unique" in again.content.decode()
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Content-Type"] == "application/json; charset=utf-8"
    assert len(kept_keys(kept_pages)) == 1

    for query in ("format=json&q=guichet", "format=xml", "q=a"):
        client.get(f"{url}?{query}")
    assert len(kept_keys(kept_pages)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_published_comment_shows_on_the_consultation_page(client):
    consultation = consultations.opened()
    url = reverse("consultations:detail", args=[consultation.pk])
    assert "Lire les commentaires (0)" in page(client, url)
    assert "Lire les commentaires (0)" in served_kept(client, url)

    comments.submit_comment(
        consultation,
        author=representative_of(OrganizationFactory()),
        body="Le délai de 48 heures est trop long pour les denrées périssables.",
        publication="named",
    )

    assert "Lire les commentaires (1)" in page(client, url)


def test_french_and_english_pages_are_kept_apart(client, kept_pages):
    assert '<html lang="fr">' in page(client, "/", **{"Accept-Language": "fr"})
    assert '<html lang="en">' in page(client, "/", **{"Accept-Language": "en"})
    assert '<html lang="fr">' in page(client, "/", **{"Accept-Language": "fr"})
    assert '<html lang="en">' in page(client, "/", **{"Accept-Language": "en"})
    assert len(kept_keys(kept_pages)) == 2


def test_a_signed_in_person_never_gets_the_visitors_page(client):
    ForumFactory(capacity=20, slug="forum-de-kayes")
    url = reverse("forums:detail", args=["forum-de-kayes"])
    visitor = page(Client(), url)
    assert "Se connecter" in visitor

    user = representative_of(OrganizationFactory(), full_name="Awa Traoré")
    client.force_login(user)
    response = client.get(url)

    assert "Awa</summary>" in response.content.decode()  # the account menu
    assert response["Cache-Control"] == "private, no-store"


def test_a_visitor_page_keeps_no_csrf_token_and_sets_no_cookie(client):
    first = client.get("/", headers={"Accept-Language": "fr"})
    second = client.get("/", headers={"Accept-Language": "fr"})

    for response in (first, second):
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies


def test_a_page_that_sets_a_cookie_is_not_kept(client, settings, kept_pages):
    settings.ROOT_URLCONF = "tests.portal.pagecache_urls"

    assert "drawn 1 times" in page(client, "/sets-a-cookie/")
    assert "drawn 2 times" in page(client, "/sets-a-cookie/")
    assert kept_keys(kept_pages) == []


def test_a_visitor_with_a_message_waiting_gets_it_and_others_do_not(client):
    member = representative_of(OrganizationFactory())
    client.force_login(member)
    client.post(reverse("account_logout"))  # "You have signed out." waits for the next page

    assert "Vous êtes déconnecté" in page(client, "/")
    assert "Vous êtes déconnecté" not in page(Client(), "/")
    assert "Vous êtes déconnecté" not in page(client, "/")


def test_the_language_switch_works_from_a_kept_page():
    browser = Client(enforce_csrf_checks=True)
    page(browser, "/")
    served_kept(browser, "/")

    response = browser.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": "/"},
        headers={"Origin": "http://testserver"},
    )

    assert response.status_code == 302
    assert response.cookies["portal_language"].value == "en"
    assert '<html lang="en">' in browser.get("/").content.decode()


def test_the_language_switch_refuses_a_form_on_another_site():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": "/"},
        headers={"Origin": "https://elsewhere.example"},
    )

    assert response.status_code == 403
    assert "portal_language" not in response.cookies


def test_a_signed_in_persons_language_switch_still_needs_the_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    user = representative_of(OrganizationFactory(), language="fr")
    browser.force_login(user)

    response = browser.post(
        reverse("accounts:set_language"),
        {"language": "en", "next": "/"},
        headers={"Origin": "http://testserver"},
    )

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.language == "fr"
