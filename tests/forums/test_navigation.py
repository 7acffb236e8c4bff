import pytest
from django.urls import reverse

from forums.services import seats
from tests.factories import (
    CheckinStaffFactory,
    OfficerFactory,
    RepresentativeFactory,
    SuperuserFactory,
)
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db


def nav_urls(client):
    return [item["url"] for item in client.get(reverse("home")).context["nav_items"]]


def sections(client, path):
    """The navigation as drawn: {section key: [its item urls] or its url}."""
    drawn = client.get(path).context["nav_sections"]
    return {
        section["key"]: [item["url"] for item in section["items"]] or section["url"]
        for section in drawn
    }


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


def test_an_officers_sections_are_grouped_so_that_they_fit_one_line(client):
    client.force_login(OfficerFactory())

    drawn = sections(client, reverse("dashboard"))

    assert drawn["registry"] == [
        reverse("stakeholders:list"),
        reverse("stakeholders:map"),
        reverse("stakeholders:directory"),
    ]
    assert drawn["calendar"] == [reverse("meetings:calendar"), reverse("meetings:list")]
    assert drawn["actionplans"] == [reverse("actionplans:plan_list"), reverse("actionplans:board")]
    assert len(drawn) <= 9


def test_a_group_of_one_is_a_plain_link_so_a_visitor_sees_no_menus(client):
    drawn = sections(client, reverse("home"))

    assert all(isinstance(entry, str) for entry in drawn.values())
    assert drawn["registry"] == reverse("stakeholders:directory")
    assert drawn["forums"] == reverse("forums:list")


def test_check_in_staff_find_the_door_in_the_forums_group(client):
    client.force_login(CheckinStaffFactory())

    assert reverse("forums:checkin_home") in sections(client, reverse("dashboard"))["forums"]


def test_a_superusers_administration_group_holds_webhooks_and_the_admin_site(client):
    client.force_login(SuperuserFactory())

    drawn = sections(client, reverse("dashboard"))

    assert drawn["administration"] == [reverse("webhooks:list"), reverse("admin:index")]


def test_the_current_section_is_marked_on_its_link_and_on_its_group(client):
    client.force_login(OfficerFactory())

    page = client.get(reverse("stakeholders:map")).content.decode().split("</header>")[0]
    drawn = client.get(reverse("stakeholders:map")).context["nav_sections"]

    (current,) = [section for section in drawn if section["active"]]
    assert current["key"] == "registry"
    assert [item["url"] for item in current["items"] if item["active"]] == [
        reverse("stakeholders:map")
    ]
    # One current page in the navigation; its group's disclosure says it holds it.
    assert page.count('aria-current="page"') == 1
    assert (
        f'class="nav-link active" href="{reverse("stakeholders:map")}" aria-current="page"' in page
    )
    assert '<summary class="nav-link active" aria-current="true">' in page


def test_home_is_current_on_the_home_page_only(client):
    home = [s for s in client.get(reverse("home")).context["nav_sections"] if s["active"]]
    forums = [s for s in client.get(reverse("forums:list")).context["nav_sections"] if s["active"]]

    assert [section["url"] for section in home] == [reverse("home")]
    assert [section["url"] for section in forums] == [reverse("forums:list")]
