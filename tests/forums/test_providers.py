from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from icalendar import Calendar

from forums.models import Forum
from forums.services import editing, seats
from portal import calendar
from stakeholders import engagement
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db


def window(forum):
    return forum.start - timedelta(days=1), forum.end + timedelta(days=1)


def forum_uids(user, forum, **filters):
    return [
        entry.uid
        for entry in calendar.entries(user, *window(forum), **filters)
        if entry.kind == "forum"
    ]


def test_a_public_forum_is_on_everyones_calendar():
    forum = ForumFactory()

    assert forum_uids(AnonymousUser(), forum) == [f"forum-{forum.pk}@portail.douane.gouv.ml"]


def test_a_registrant_has_the_invited_only_forum_on_their_calendar():
    organization = OrganizationFactory()
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    forum.invited_organizations.add(organization)
    user = representative_of(organization)
    seats.register(forum, user=user)

    assert forum_uids(user, forum) == [f"forum-{forum.pk}@portail.douane.gouv.ml"]
    assert forum_uids(user, forum, registered=True) == [f"forum-{forum.pk}@portail.douane.gouv.ml"]


def test_a_guest_registered_by_an_officer_has_the_forum_in_their_feed():
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    user = RepresentativeFactory(email="speaker@cnpm.ml")
    seats.register_guest(forum, acting_user=OfficerFactory(), name="x", email=user.email)

    assert forum_uids(user, forum, registered=True) == [f"forum-{forum.pk}@portail.douane.gouv.ml"]


def test_an_invited_only_forum_is_not_on_an_outsiders_calendar():
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)

    assert forum_uids(RepresentativeFactory(), forum) == []
    assert forum_uids(AnonymousUser(), forum) == []


def test_a_draft_is_on_nobodys_calendar():
    forum = ForumFactory(status=Forum.Status.DRAFT)

    assert forum_uids(OfficerFactory(), forum) == []


def test_the_registered_filter_leaves_out_forums_the_person_did_not_register_for():
    forum = ForumFactory()

    assert forum_uids(RepresentativeFactory(), forum, registered=True) == []


def test_a_cancelled_forum_is_marked_cancelled_on_the_calendar():
    forum = ForumFactory()
    editing.set_forum_status(forum, Forum.Status.CANCELLED, acting_user=OfficerFactory())

    (entry,) = calendar.entries(AnonymousUser(), *window(forum))

    assert entry.cancelled and entry.sequence == 1


def test_the_forums_ics_download_parses(client):
    forum = ForumFactory(title="Forum régional de Sikasso")

    response = client.get(reverse("forums:ics", args=[forum.slug]))

    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Forum régional de Sikasso"
    assert str(event["location"]) == "CICB, Bamako"


def test_an_organisations_engagement_history_lists_its_forum_registrations():
    organization = OrganizationFactory()
    forum = ForumFactory(title="Forum JID 2027")
    seats.register(forum, user=representative_of(organization))
    seats.register(forum, user=representative_of(organization))

    (item,) = [
        item
        for item in engagement.history(organization, OfficerFactory())
        if item.title == forum.title
    ]

    assert item.url == forum.get_absolute_url()
    assert "2" in item.detail


def test_the_online_link_is_only_in_the_calendar_of_those_with_a_seat():
    forum = ForumFactory(capacity=1, online_url="https://webinaire.douane.gouv.ml/jid")
    seated = RepresentativeFactory()
    waiting = RepresentativeFactory()
    seats.register(forum, user=seated)
    seats.register(forum, user=waiting)

    def link(user):
        (entry,) = calendar.entries(user, *window(forum))
        return entry.online_url

    assert link(seated) == "https://webinaire.douane.gouv.ml/jid"
    assert link(waiting) == ""
    assert link(AnonymousUser()) == ""
    assert link(OfficerFactory()) == "https://webinaire.douane.gouv.ml/jid"


def test_a_calendar_without_a_viewer_gets_public_forums():
    forum = ForumFactory()

    assert [e.uid for e in calendar.entries(None, *window(forum))] == [
        f"forum-{forum.pk}@portail.douane.gouv.ml"
    ]
