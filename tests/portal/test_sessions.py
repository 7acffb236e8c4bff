from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from portal import tasks
from portal.celery import app
from tests.factories import PASSWORD, RepresentativeFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_session_older_than_its_age_is_signed_out(client):
    sign_in(client, RepresentativeFactory())
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)

    with time_machine.travel(later, tick=False):
        response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_session_younger_than_its_age_stays_signed_in(client):
    sign_in(client, RepresentativeFactory())
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)

    with time_machine.travel(later, tick=False):
        assert client.get(reverse("dashboard")).status_code == 200


def test_the_nightly_task_deletes_expired_sessions_only(client):
    sign_in(client, RepresentativeFactory())
    current = client.session.session_key
    Session.objects.create(
        session_key="expired-session", session_data="", expire_date=timezone.now()
    )

    tasks.clear_expired_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current]


def test_beat_clears_expired_sessions_every_day():
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "portal.tasks.clear_expired_sessions"
    ]
    schedule = entry["schedule"]
    # Once a day: one hour and one minute, on every day of every month.
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert schedule.day_of_week == set(range(7))
    assert schedule.day_of_month == set(range(1, 32))
    assert "portal.tasks.clear_expired_sessions" in app.tasks
