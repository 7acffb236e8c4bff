import pytest
from django.urls import reverse

from forums.models import Forum, Registration
from forums.services import attendance, seats
from tests.factories import CheckinStaffFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


@pytest.fixture
def staff(client):
    user = CheckinStaffFactory(language="en")
    client.force_login(user)
    return user


def test_check_in_staff_check_a_person_in_by_typing_the_code(client, staff):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(full_name="Awa Traoré"))

    response = client.post(
        reverse("forums:checkin", args=[forum.slug]), {"code": registration.code.lower()}
    )

    assert "Welcome, Awa Traoré" in body(response)
    assert Registration.objects.get(pk=registration.pk).status == "attended"


@pytest.mark.parametrize(
    "case, text",
    [
        ("unknown", "Unknown code"),
        ("cancelled", "was cancelled"),
        ("reused", "Code already used"),
    ],
)
def test_the_check_in_page_says_clearly_why_a_code_is_refused(client, staff, case, text):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    code = registration.code
    if case == "unknown":
        code = "ZZZZ-ZZZZ"
    elif case == "cancelled":
        seats.cancel(registration, acting_user=registration.user)
    else:
        attendance.check_in(forum, code, acting_user=staff)

    response = client.post(reverse("forums:checkin", args=[forum.slug]), {"code": code})

    assert text in body(response)
    assert "alert-success" not in body(response)


def test_the_check_in_page_shows_live_counts(client, staff):
    forum = ForumFactory(capacity=2)
    for _ in range(3):
        seats.register(forum, user=RepresentativeFactory())
    first = Registration.objects.filter(forum=forum).order_by("arrival").first()
    attendance.check_in(forum, first.code, acting_user=staff)

    response = client.get(reverse("forums:checkin_counts", args=[forum.slug]))

    counts = response.context["forum"]
    assert (counts.confirmed_count, counts.attended_count, counts.waiting_count) == (1, 1, 1)


def test_the_check_in_page_works_without_javascript_and_loads_the_camera_helper(client, staff):
    forum = ForumFactory()

    page = body(client.get(reverse("forums:checkin", args=[forum.slug])))

    assert 'name="code"' in page and 'method="post"' in page
    assert "js/checkin.js" in page
    assert "<script>" not in page


def test_a_draft_forum_has_no_check_in(client, staff):
    forum = ForumFactory(status=Forum.Status.DRAFT)

    assert client.get(reverse("forums:checkin", args=[forum.slug])).status_code == 404


def test_check_in_staff_choose_among_the_coming_forums(client, staff):
    ForumFactory(title="Forum JID 2027")

    assert "Forum JID 2027" in body(client.get(reverse("forums:checkin_home")))
