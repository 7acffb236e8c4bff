"""Every forums page, for the role that uses it: one <h1>, no inline script or style, in French
by default and in English on request, and small enough for a phone."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from forums.services import seats
from tests.factories import CheckinStaffFactory, OfficerFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    forum = ForumFactory(slug="jid")
    session = SessionFactory(forum=forum)
    representative = RepresentativeFactory()
    registration = seats.register(forum, user=representative)
    return {
        "forum": forum,
        "session": session,
        "registration": registration,
        "representative": representative,
        "officer": OfficerFactory(),
        "checkin": CheckinStaffFactory(),
    }


PAGES = [
    (None, "forums:list", lambda w: []),
    (None, "forums:detail", lambda w: ["jid"]),
    (None, "forums:programme", lambda w: ["jid"]),
    ("representative", "forums:participants", lambda w: ["jid"]),
    ("representative", "forums:mine", lambda w: []),
    ("representative", "forums:registration", lambda w: [w["registration"].pk]),
    ("representative", "forums:cancel", lambda w: [w["registration"].pk]),
    ("checkin", "forums:checkin_home", lambda w: []),
    ("checkin", "forums:checkin", lambda w: ["jid"]),
    ("officer", "forums:new", lambda w: []),
    ("officer", "forums:manage", lambda w: ["jid"]),
    ("officer", "forums:edit", lambda w: ["jid"]),
    ("officer", "forums:session_new", lambda w: ["jid"]),
    ("officer", "forums:session_edit", lambda w: ["jid", w["session"].pk]),
    ("officer", "forums:session_delete", lambda w: ["jid", w["session"].pk]),
    ("officer", "forums:registrations", lambda w: ["jid"]),
    ("officer", "forums:registration_admin", lambda w: ["jid", w["registration"].pk]),
    ("officer", "forums:guest_new", lambda w: ["jid"]),
    ("officer", "forums:message", lambda w: ["jid"]),
    ("officer", "forums:statistics", lambda w: ["jid"]),
    ("officer", "forums:feedback_summary", lambda w: ["jid"]),
]


@pytest.mark.parametrize("who, name, args", PAGES, ids=[name for _who, name, _args in PAGES])
def test_each_page_has_one_title_and_no_inline_script_or_style(client, world, who, name, args):
    if who:
        client.force_login(world[who])

    response = client.get(reverse(name, args=args(world)))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert 'style="' not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert '<html lang="fr">' in page


@pytest.mark.parametrize("who, name, args", PAGES, ids=[name for _who, name, _args in PAGES])
def test_each_page_speaks_english_when_asked(client, world, who, name, args):
    if who:
        world[who].language = "en"
        world[who].save()
        client.force_login(world[who])

    response = client.get(reverse(name, args=args(world)), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="en">' in response.content.decode()


def test_the_forum_page_stays_light(client, world):
    for _ in range(15):
        SessionFactory(forum=world["forum"], description="Présentation " * 20)

    response = client.get(world["forum"].get_absolute_url())

    assert len(response.content) < 60_000


def test_the_programme_groups_sessions_by_day(client):
    forum = ForumFactory(slug="two-days")
    forum.end = forum.start + timedelta(days=1, hours=8)
    forum.save()
    SessionFactory(forum=forum, title="Premier jour")
    SessionFactory(
        forum=forum,
        title="Deuxième jour",
        start=forum.start + timedelta(days=1),
        end=forum.start + timedelta(days=1, hours=1),
    )

    response = client.get(reverse("forums:programme", args=["two-days"]))

    days = response.context["days"]
    assert [[s.title for s in sessions] for _day, sessions in days] == [
        ["Premier jour"],
        ["Deuxième jour"],
    ]
