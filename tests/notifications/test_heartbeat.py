"""A silent scheduler is visible: /healthz and the officers' dashboard say so."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.notifications import dispatcher, tasks
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

WARNING = "Les rappels ne partent pas"


def test_the_beat_task_records_the_dispatchers_heartbeat(client):
    tasks.dispatch_due()  # what beat runs every minute

    assert dispatcher.last_beat(dispatcher.DISPATCHER_HEARTBEAT) is not None
    assert client.get(reverse("healthz")).json()["dispatcher"] == "ok"


def test_healthz_warns_once_the_dispatcher_has_been_silent_for_five_minutes(client):
    dispatcher.dispatch_due()

    with time_machine.travel(timezone.now() + timedelta(minutes=4), tick=False):
        assert client.get(reverse("healthz")).json()["dispatcher"] == "ok"
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        response = client.get(reverse("healthz"))

    body = response.json()
    assert body["dispatcher"] == "silent"
    assert body["status"] == "degraded"
    assert response.status_code == 200  # the portal itself still works


def test_officers_dashboard_warns_of_a_silent_dispatcher_and_stops_once_it_runs(client):
    client.force_login(OfficerFactory())
    dispatcher.dispatch_due()

    assert WARNING not in client.get(reverse("dashboard")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert WARNING in client.get(reverse("dashboard")).content.decode()


def test_a_dispatcher_that_crashes_does_not_record_a_heartbeat(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(dispatcher, "_claim", broken)

    with pytest.raises(RuntimeError):
        dispatcher.dispatch_due()

    assert dispatcher.dispatcher_is_silent()
