import pytest
from django.urls import reverse

from tests.factories import (
    CheckinStaffFactory,
    EditorFactory,
    OfficerFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_explains_the_portal_and_offers_sign_up_and_sign_in(client):
    body = client.get(reverse("home")).content.decode()

    assert reverse("account_signup") in body
    assert reverse("account_login") in body
    assert "<h1" in body and body.count("<h1") == 1
    assert 'href="#main"' in body


@pytest.mark.parametrize(
    "factory, text",
    [
        (RepresentativeFactory, "représentant du secteur privé"),
        (OfficerFactory, "agent des douanes"),
        (EditorFactory, "agent des douanes"),
        (CheckinStaffFactory, "personnel d’accueil"),
    ],
)
def test_dashboard_says_which_role_the_user_holds(client, factory, text):
    client.force_login(factory())

    body = client.get(reverse("dashboard")).content.decode().replace("'", "’")

    assert text in body


def test_administration_link_is_shown_only_to_staff(client):
    client.force_login(OfficerFactory())
    assert reverse("admin:index") not in client.get(reverse("dashboard")).content.decode()

    client.force_login(OfficerFactory(is_staff=True))
    assert reverse("admin:index") in client.get(reverse("dashboard")).content.decode()


def test_officers_are_warned_when_the_dispatcher_is_silent(client):
    client.force_login(OfficerFactory())

    body = client.get(reverse("dashboard")).content.decode()

    assert "Les rappels ne partent pas" in body


def test_representatives_are_not_shown_the_dispatcher_warning(client):
    client.force_login(RepresentativeFactory())

    assert "Les rappels ne partent pas" not in client.get(reverse("dashboard")).content.decode()


def test_home_page_makes_the_same_few_queries_however_full_the_calendar(
    client, django_assert_max_num_queries
):
    from tests.meetings.factories import MeetingFactory, in_days

    for n in range(40):
        MeetingFactory(start=in_days(1 + n * 5), end=in_days(1 + n * 5, 11))

    # Session-less visitor: at most three widening windows of the two calendar providers.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert response.status_code == 200
