"""Calendar entries through /api/v1/calendar/: the entries the calendar page shows the same
reader, with the feeds' UIDs, its filters and period, conditional GET."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.api.conditional import assert_change_renews_the_etag
from tests.factories import OfficerFactory, OrganizationFactory, pass_second_factor
from tests.forums.factories import ForumFactory
from tests.meetings.factories import BodyFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db

LIST = "/api/v1/calendar/"


def titles(response):
    assert response.status_code == 200, response.content
    return [entry["title"] for entry in response.json()["results"]]


def test_visitors_read_the_public_entries_with_the_feeds_uids(client):
    meeting = MeetingFactory(title="Comité national de facilitation", visibility="public")
    MeetingFactory(title="Réunion restreinte", visibility="invitees")
    forum = ForumFactory(title="Journée internationale de la douane")

    answer = client.get(LIST, {"end": (timezone.localdate() + timedelta(days=90)).isoformat()})

    assert set(titles(answer)) == {meeting.title, forum.title}
    feed = client.get("/calendar/public.ics").content.decode().replace("\r\n ", "")
    uids = [row["uid"] for row in answer.json()["results"]]
    assert len(uids) == 2 and all(f"UID:{uid}" in feed for uid in uids)
    row = next(r for r in answer.json()["results"] if r["kind"] == "meeting")
    assert row["url"] == f"http://testserver{meeting.get_absolute_url()}"


def test_officers_see_restricted_meetings_as_on_the_page(client):
    MeetingFactory(title="Réunion restreinte", visibility="invitees")
    officer = OfficerFactory()
    client.force_login(officer)
    pass_second_factor(client, officer)

    assert "Réunion restreinte" in titles(client.get(LIST))


def test_the_calendar_pages_filters_and_period_apply(client):
    body = BodyFactory()
    in_body = MeetingFactory(title="Séance du comité", visibility="public", body=body)
    plenary = MeetingFactory(
        title="Plénière", visibility="public", kind=Meeting.Kind.PLENARY, start=in_days(3)
    )
    ForumFactory(title="Forum régional")
    later = MeetingFactory(
        title="Dans quatre mois", visibility="public", start=in_days(120), end=in_days(120, 12)
    )

    assert titles(client.get(LIST, {"kind": "forum"})) == ["Forum régional"]
    assert titles(client.get(LIST, {"body": body.pk})) == [in_body.title]
    assert plenary.title in titles(client.get(LIST, {"kind": "plenary"}))
    assert later.title not in titles(client.get(LIST))
    start = (timezone.localdate() + timedelta(days=100)).isoformat()
    assert titles(client.get(LIST, {"start": start})) == [later.title]


def test_bad_periods_and_filters_are_problems(client):
    today = timezone.localdate()
    too_long = {"start": today.isoformat(), "end": (today + timedelta(days=400)).isoformat()}
    for params in (
        {"kind": "dinner"},
        {"start": "2027-02-30"},
        {"start": "0001-01-01"},
        too_long,
        {"end": today.isoformat(), "start": (today + timedelta(days=1)).isoformat()},
        # The page's own form refuses an organisation the reader may not see.
        {"organization": OrganizationFactory().pk + 1000},
    ):
        answer = client.get(LIST, params, HTTP_ACCEPT_LANGUAGE="en")
        assert answer.status_code == 400, params
        assert answer["Content-Type"] == "application/problem+json"
        assert answer.json()["errors"], params


def test_a_change_on_the_calendar_renews_the_etag(client):
    meeting = MeetingFactory(title="Comité", visibility="public")

    def change():
        meeting.title = "Comité national"
        meeting.save()

    assert_change_renews_the_etag(
        client, LIST, change, shows=lambda body: body["results"][0]["title"] == "Comité national"
    )
