from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, Registration
from forums.services import attendance, seats
from surveys import feedback as survey_feedback
from surveys.services import answers as survey_answers
from tests.factories import CheckinStaffFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def body(response):
    return response.content.decode()


def test_a_representative_registers_and_sees_the_code(client):
    forum = ForumFactory()
    session = SessionFactory(forum=forum)
    user = RepresentativeFactory()
    client.force_login(user)

    response = client.post(
        reverse("forums:register", args=[forum.slug]),
        {
            "attendance_mode": "in_person",
            "sessions": [session.pk],
            "dietary_needs": "Végétarien",
            "consent_to_list": "on",
        },
        follow=True,
    )

    registration = Registration.objects.get(forum=forum, user=user)
    assert registration.status == Status.CONFIRMED
    assert list(registration.sessions.all()) == [session]
    assert registration.dietary_needs == "Végétarien" and registration.consent_to_list
    page = body(response)
    assert registration.display_code in page
    assert reverse("forums:qr", args=[registration.pk]) in page


def test_a_registrant_on_the_waiting_list_sees_their_position(client):
    forum = ForumFactory(capacity=1)
    seats.register(forum, user=RepresentativeFactory())
    client.force_login(RepresentativeFactory(language="en"))

    response = client.post(
        reverse("forums:register", args=[forum.slug]), {"attendance_mode": "in_person"}, follow=True
    )

    assert "number <strong>1</strong> on the waiting list" in body(response)


@pytest.mark.parametrize(
    "language, text",
    [("fr", "Les inscriptions ont été closes le"), ("en", "Registration closed on")],
)
def test_a_refusal_is_explained_in_the_users_language_and_keeps_the_input(client, language, text):
    forum = ForumFactory(registration_opens_at=timezone.now() - timedelta(days=9))
    Forum.objects.filter(pk=forum.pk).update(
        registration_closes_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(RepresentativeFactory(language=language))

    response = client.post(
        reverse("forums:register", args=[forum.slug]),
        {"attendance_mode": "in_person", "dietary_needs": "Sans gluten"},
    )

    assert response.status_code == 200
    assert text in body(response)
    assert 'value="Sans gluten"' in body(response)
    assert not Registration.objects.exists()


def test_a_second_registration_leads_to_the_first(client):
    forum = ForumFactory()
    user = RepresentativeFactory()
    registration = seats.register(forum, user=user)
    client.force_login(user)

    response = client.get(reverse("forums:register", args=[forum.slug]))

    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()


def test_my_registrations_lists_mine_only(client):
    user = RepresentativeFactory()
    mine = seats.register(ForumFactory(title="Forum JID"), user=user)
    seats.register(ForumFactory(title="Forum d’un autre"), user=RepresentativeFactory())
    client.force_login(user)

    page = body(client.get(reverse("forums:mine")))

    assert "Forum JID" in page and "Forum d’un autre" not in page
    assert mine.display_code in page


def test_the_qr_code_is_an_svg_image(client):
    registration = seats.register(ForumFactory(), user=RepresentativeFactory())
    client.force_login(registration.user)

    response = client.get(reverse("forums:qr", args=[registration.pk]))

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_a_registrant_cancels_and_the_next_in_line_gets_the_seat(client):
    forum = ForumFactory(capacity=1)
    first = seats.register(forum, user=RepresentativeFactory())
    second = seats.register(forum, user=RepresentativeFactory())
    client.force_login(first.user)

    assert client.get(reverse("forums:cancel", args=[first.pk])).status_code == 200
    client.post(reverse("forums:cancel", args=[first.pk]))

    assert Registration.objects.get(pk=first.pk).status == Status.CANCELLED
    assert Registration.objects.get(pk=second.pk).status == Status.CONFIRMED


def attended(forum):
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(
        forum, registration.code, acting_user=CheckinStaffFactory(), now=forum.start
    )
    return registration


def test_an_attendee_is_led_to_the_forums_feedback_survey(client, time_machine):
    """The registration page links to the survey (surveys.feedback, through forums.feedback's
    provider); the former feedback address leads there too, for the links of old e-mails."""
    forum = ForumFactory()
    registration = attended(forum)
    time_machine.move_to(forum.end + timedelta(hours=3))
    client.force_login(registration.user)
    before = body(client.get(reverse("forums:registration", args=[registration.pk])))
    assert client.get(reverse("forums:feedback", args=[forum.slug])).url == (
        forum.get_absolute_url()
    )

    survey = survey_feedback.forum_survey(forum)

    page = body(client.get(reverse("forums:registration", args=[registration.pk])))
    assert f'href="{survey.get_absolute_url()}"' in page
    assert survey.get_absolute_url() not in before  # no link before the survey was made
    old_link = client.get(reverse("forums:feedback", args=[forum.slug]))
    assert old_link.status_code == 302
    assert old_link.url == survey.get_absolute_url()


def test_the_feedback_link_goes_once_the_attendee_has_answered(client, time_machine):
    forum = ForumFactory()
    registration = attended(forum)
    time_machine.move_to(forum.end + timedelta(hours=3))
    survey = survey_feedback.forum_survey(forum)
    overall = survey_answers.questions_of(survey)[0]
    survey_answers.submit_response(survey, acting_user=registration.user, answers={overall.pk: 4})
    client.force_login(registration.user)

    page = body(client.get(reverse("forums:registration", args=[registration.pk])))

    assert survey.get_absolute_url() not in page


def register_and_cancel(client, forum, user):
    client.post(reverse("forums:register", args=[forum.slug]), {"attendance_mode": "in_person"})
    registration = Registration.objects.filter(forum=forum, user=user).latest("pk")
    return client.post(reverse("forums:cancel", args=[registration.pk]))


def test_registering_and_cancelling_over_and_over_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"forum_registration": "10/10m/user"}
    forum = ForumFactory()
    user = RepresentativeFactory(language="fr")
    client.force_login(user)
    for _ in range(5):
        assert register_and_cancel(client, forum, user).status_code == 302

    response = client.post(
        reverse("forums:register", args=[forum.slug]), {"attendance_mode": "in_person"}
    )

    assert response.status_code == 429
    assert "Veuillez patienter quelques minutes" in body(response)
    assert not forum.registrations.exclude(status=Status.CANCELLED).exists()


def test_the_rate_limit_counts_each_person_apart_and_every_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"forum_registration": "1/10m/user,2/10m/ip"}
    forum = ForumFactory()
    register = reverse("forums:register", args=[forum.slug])
    for expected in (302, 302, 429):
        client.force_login(RepresentativeFactory())
        response = client.post(register, {"attendance_mode": "in_person"})
        assert response.status_code == expected


def test_reading_the_registration_form_is_never_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"forum_registration": "1/10m/user"}
    forum = ForumFactory()
    client.force_login(RepresentativeFactory())

    for _ in range(3):
        assert client.get(reverse("forums:register", args=[forum.slug])).status_code == 200


def test_my_registrations_seen_again_are_not_read_again_and_show_a_cancellation(client):
    from django.db import connection

    user = RepresentativeFactory()
    registration = seats.register(ForumFactory(title="Forum JID"), user=user)
    client.force_login(user)
    first = body(client.get(reverse("forums:mine")))

    queries = []
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        again = body(client.get(reverse("forums:mine")))
    seats.cancel(registration, acting_user=user)
    cancelled = body(client.get(reverse("forums:mine")))

    assert registration.display_code in again
    assert queries and not [sql for sql in queries if '"forums_registration"' in sql]
    assert registration.display_code in first
    assert registration.display_code not in cancelled
