import pytest
from django.urls import reverse

from forums.services import seats
from tests.factories import CheckinStaffFactory, OfficerFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db


def nav_urls(client):
    return [item["url"] for item in client.get(reverse("home")).context["nav_items"]]


def test_everyone_sees_the_forums_in_the_navigation(client):
    assert reverse("forums:list") in nav_urls(client)


def test_representatives_see_my_registrations_and_not_check_in(client):
    client.force_login(RepresentativeFactory())

    urls = nav_urls(client)

    assert reverse("forums:mine") in urls
    assert reverse("forums:checkin_home") not in urls


def test_check_in_staff_see_check_in_and_not_my_registrations(client):
    client.force_login(CheckinStaffFactory())

    urls = nav_urls(client)

    assert reverse("forums:checkin_home") in urls
    assert reverse("forums:mine") not in urls


def test_a_representatives_dashboard_shows_their_registration_and_code(client):
    user = RepresentativeFactory()
    registration = seats.register(ForumFactory(title="Forum JID 2027"), user=user)
    client.force_login(user)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Forum JID 2027" in page and registration.display_code in page


def test_an_officers_dashboard_shows_the_coming_forums_with_counts(client):
    forum = ForumFactory(title="Forum JID 2027", capacity=40)
    seats.register(forum, user=RepresentativeFactory())
    client.force_login(OfficerFactory())

    page = client.get(reverse("dashboard")).content.decode()

    assert reverse("forums:manage", args=[forum.slug]) in page
    assert "1 / 40" in page


def test_check_in_staffs_dashboard_leads_to_the_door(client):
    forum = ForumFactory()
    client.force_login(CheckinStaffFactory())

    page = client.get(reverse("dashboard")).content.decode()

    assert reverse("forums:checkin", args=[forum.slug]) in page
