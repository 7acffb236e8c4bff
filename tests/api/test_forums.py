"""The forums through /api/v1/forums/: what the forums page shows the same reader, with seats
left, its filters, conditional GET, CORS and problem details."""

import pytest
from django.utils import timezone

from forums.models import Forum
from tests.factories import OfficerFactory, pass_second_factor
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/forums/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [forum["slug"] for forum in response.json()["results"]]


def test_visitors_read_public_published_forums_with_seats_left(client):
    forum = ForumFactory(slug="jid-2027", capacity=30, reserved_seats=5)
    ForumFactory(slug="brouillon", status=Forum.Status.DRAFT)
    ForumFactory(slug="sur-invitation", visibility=Forum.Visibility.INVITED)

    answer = client.get(LIST)

    assert slugs(answer) == ["jid-2027"]
    (row,) = answer.json()["results"]
    assert row["seats_left"] == 25
    assert row["online_seats_left"] is None
    assert row["registration_open"] is True
    assert row["url"] == f"http://testserver/forums/{forum.slug}/"
    assert answer["Content-Type"] == "application/json"
    assert client.get(f"{LIST}jid-2027/").json()["title"] == forum.title
    assert client.get(f"{LIST}brouillon/").status_code == 404


def test_officers_also_read_drafts(client):
    ForumFactory(slug="brouillon", status=Forum.Status.DRAFT)
    officer = OfficerFactory()
    client.force_login(officer)
    pass_second_factor(client, officer)

    assert slugs(client.get(LIST)) == ["brouillon"]


def test_the_pages_filters_apply(client):
    ForumFactory(slug="a-venir", title="Journée internationale de la douane")
    ForumFactory(slug="sikasso", title="Forum régional", city="Sikasso")
    past = ForumFactory(slug="passe")
    Forum.objects.filter(pk=past.pk).update(
        start=timezone.now() - timezone.timedelta(days=10),
        end=timezone.now() - timezone.timedelta(days=9),
        registration_opens_at=timezone.now() - timezone.timedelta(days=30),
        registration_closes_at=timezone.now() - timezone.timedelta(days=11),
    )

    assert slugs(client.get(LIST, {"q": "sikasso"})) == ["sikasso"]
    assert slugs(client.get(LIST, {"when": "past"})) == ["passe"]
    assert set(slugs(client.get(LIST))) == {"a-venir", "sikasso"}


def test_a_bad_filter_is_a_translated_problem(client):
    answer = client.get(LIST, {"when": "demain"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 400
    assert problem["title"] == "Requête incorrecte"
    assert problem["instance"] == f"{LIST}?when=demain"
    assert "when" in problem["errors"]

    english = client.get(LIST, {"when": "demain"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "Bad request"


def test_unknown_addresses_under_the_api_are_problems_too(client):
    answer = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["title"] == "Not found"


def test_an_unchanged_list_answers_304_and_a_change_renews_it(client):
    forum = ForumFactory(slug="jid-2027")
    first = client.get(LIST)
    etag, modified = first["ETag"], first["Last-Modified"]

    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another language, another query: another answer.
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.get(LIST, {"q": "jid"}, HTTP_IF_NONE_MATCH=etag).status_code == 200

    forum.title = "Journée internationale de la douane 2027"
    forum.save()

    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["results"][0]["title"] == "Journée internationale de la douane 2027"


def test_public_reads_are_open_to_other_origins_but_writes_are_not(client):
    ForumFactory()
    answer = client.get(LIST, HTTP_ORIGIN="https://observatoire.example.org")
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in answer

    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://observatoire.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")


def test_too_many_requests_from_one_address_answer_429_with_retry_after(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "address": "2/minute"}
    from api.throttling import PerAddress

    PerAddress.THROTTLE_RATES = rates
    try:
        assert client.get(LIST).status_code == 200
        assert client.get(LIST).status_code == 200
        refused = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    finally:
        PerAddress.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        cache.clear()

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["title"] == "Too many requests"
