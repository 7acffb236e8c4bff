"""A registration rush: many people at once, behind one address, for a forum's few seats.

The numbers under a real rush (500 people over HTTP against gunicorn) are those of
bench/forum_registration.py; here, what each person meets: the limits count people, not
addresses, and a registration that cannot get its turn at the seats in time is told to try
again, with nothing lost.
"""

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse

from forums.models import Registration
from portal.notifications.models import Notification
from tests.factories import RepresentativeFactory
from tests.forums.factories import ForumFactory

Status = Registration.Status


@pytest.mark.django_db
def test_a_whole_office_behind_one_address_registers_while_each_person_stays_limited(
    client, settings
):
    """A cybercafé or an office's network shows one address for everyone: 120 people register
    from it (the per-address limit of 100 registrations refused the last 20), while one
    person who loops is still stopped by the limit per person."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    forum = ForumFactory(capacity=50)
    url = reverse("forums:register", args=[forum.slug])
    for number in range(120):
        client.force_login(RepresentativeFactory(email=f"cyber{number}@example.ml"))
        response = client.post(url, {"attendance_mode": "in_person"}, REMOTE_ADDR="41.73.10.2")
        assert response.status_code == 302, number

    assert forum.registrations.filter(status=Status.CONFIRMED).count() == 50
    assert forum.registrations.filter(status=Status.WAITING).count() == 70

    looper = RepresentativeFactory()
    client.force_login(looper)
    statuses = []
    for _ in range(6):
        statuses.append(client.post(url, {"attendance_mode": "in_person"}).status_code)
        registration = forum.registrations.get(user=looper)
        statuses.append(client.post(reverse("forums:cancel", args=[registration.pk])).status_code)
    assert statuses[:10] == [302] * 10
    assert 429 in statuses[10:]


@pytest.fixture
def forum_locked_elsewhere():
    """A forum whose row another session holds locked, as the registration in front of this
    one in a rush does (for much longer here)."""
    forum = ForumFactory(capacity=10)
    other = psycopg2.connect(**connection.get_connection_params())
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT id FROM forums_forum WHERE id = %s FOR UPDATE", [forum.pk])
        yield forum
    finally:
        other.rollback()
        other.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Tant de personnes s’inscrivent à ce forum en ce moment"),
        ("en", "So many people are registering for this forum right now"),
    ],
)
def test_a_registration_that_cannot_get_its_turn_in_time_is_asked_to_try_again(
    client, settings, forum_locked_elsewhere, language, message
):
    settings.FORUMS_LOCK_TIMEOUT = 0.3
    forum = forum_locked_elsewhere
    user = RepresentativeFactory(language=language)
    client.force_login(user)

    response = client.post(
        reverse("forums:register", args=[forum.slug]),
        {"attendance_mode": "in_person", "dietary_needs": "Sans arachide"},
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert message in page
    assert "Sans arachide" in page  # what the person typed is still in the form
    assert not Registration.objects.filter(forum=forum).exists()
    assert not Notification.objects.filter(email__iexact=user.email).exists()
