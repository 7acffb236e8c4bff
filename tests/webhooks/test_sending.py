"""Deliveries reach a real receiver on 127.0.0.1, signed, through the one dispatcher: a
service's change becomes a POST, a failure is retried after its back-off, an endpoint that
keeps failing is switched off and its officer told; nothing leaves when webhooks are off or
the change was rolled back."""

import json
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from actionplans import services as actionplans
from portal.notifications import dispatcher
from portal.notifications.models import Notification
from portal.webhooks import events
from portal.webhooks.models import Delivery, Endpoint, Event
from tests.actionplans.factories import ActionFactory
from tests.webhooks.conftest import endpoint_for
from tests.webhooks.receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhooks_on")]

ACTION_EVENTS = ["action.progress_reported", "action.status_changed"]


def documented_verify():
    """The receiver's check as docs/operations.md gives it ("Webhooks"), run as written."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    section = text.split("## Webhooks", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


def report_progress(client, action, percent="40"):
    client.force_login(action.responsible)
    return client.post(
        reverse("actionplans:progress_add", args=[action.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "percent": percent,
            "narrative": "Narratif interne : atelier tenu avec la CCIM.",
        },
    )


def test_progress_reported_on_the_page_reaches_the_receiver_signed(
    client, receiver, manager, settings
):
    endpoint = endpoint_for(receiver.url, ACTION_EVENTS, manager=manager)
    action = ActionFactory(indicator_name="Délai moyen", indicator_unit="jours")

    assert report_progress(client, action).status_code == 302
    assert receiver.received == []  # queued in the page's transaction, sent by the dispatcher
    dispatcher.dispatch_due()

    by_event = {request.headers["X-Portal-Event"]: request for request in receiver.received}
    assert set(by_event) == set(ACTION_EVENTS)
    verify = documented_verify()
    request = by_event["action.progress_reported"]
    assert verify(endpoint.secret, request.headers["X-Portal-Signature"], request.body)
    assert not verify("whsec_another", request.headers["X-Portal-Signature"], request.body)
    assert not verify(endpoint.secret, request.headers["X-Portal-Signature"], request.body + b" ")
    body = json.loads(request.body)
    assert body["event"] == "action.progress_reported"
    assert uuid.UUID(body["id"])
    assert datetime.fromisoformat(body["occurred_at"]).tzinfo is not None
    data = body["data"]
    assert data["progress"]["percent"] == 40
    assert data["action"]["code"] == action.code
    assert data["action"]["url"] == (
        settings.SITE_URL + reverse("actionplans:board_action", args=[action.pk])
    )
    assert data["action"]["indicator"]["name"] == "Délai moyen"
    assert b"Narratif interne" not in request.body  # the narrative is not public
    status = json.loads(by_event["action.status_changed"].body)["data"]
    assert (status["previous_status"], status["status"]) == ("not_started", "in_progress")

    delivery = Delivery.objects.get(uuid=request.headers["X-Portal-Delivery"])
    assert delivery.endpoint == endpoint and delivery.state == "delivered"
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)
    assert delivery.response_ms is not None and delivery.delivered_at is not None
    assert delivery.notification.status == Notification.Status.SENT


def test_an_internal_action_tells_nobody(client, receiver, manager):
    endpoint_for(receiver.url, ACTION_EVENTS, manager=manager)
    action = ActionFactory(visibility="internal")

    report_progress(client, action)

    assert not Event.objects.exists()


def test_a_failure_is_retried_after_its_back_off(receiver, manager):
    receiver.statuses = [500, 200]
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    delivery = events.ping(endpoint)

    dispatcher.dispatch_due()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.state) == (1, 500, "pending")
    assert "500" in delivery.last_error
    next_attempt = delivery.next_attempt
    assert next_attempt > timezone.now()
    dispatcher.dispatch_due()  # not due yet
    assert len(receiver.received) == 1

    with time_machine.travel(next_attempt + timedelta(seconds=1), tick=False):
        dispatcher.dispatch_due()
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code, delivery.state) == (2, 200, "delivered")
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Portal-Delivery"] == second.headers["X-Portal-Delivery"]
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_an_endpoint_failing_again_and_again_is_switched_off_and_its_officer_told(
    receiver, manager, settings
):
    settings.WEBHOOKS_MAX_FAILURES = 3
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 10
    receiver.statuses = [503]
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    first = events.ping(endpoint)
    waiting = events.ping(endpoint)

    moment = timezone.now()
    while Endpoint.objects.get(pk=endpoint.pk).active:
        with time_machine.travel(moment, tick=False):
            dispatcher.dispatch_due()
        moment += timedelta(hours=1)
        assert moment < timezone.now() + timedelta(days=1), "never switched off"

    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 3 and endpoint.disabled_at is not None
    assert "503" in endpoint.disabled_reason
    assert len(receiver.received) == 3
    # What was still waiting for it is dropped, not sent; the e-mail left in the same run.
    with time_machine.travel(moment + timedelta(hours=2), tick=False):
        dispatcher.dispatch_due()
    (message,) = mail.outbox
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert {first.state, waiting.state} == {"cancelled"}
    assert len(receiver.received) == 3
    assert message.to == [manager.email]
    assert reverse("webhooks:detail", args=[endpoint.pk]) in message.body
    assert endpoint.name in message.subject
    # A switched-off endpoint gets no new event.
    assert events.emit("consultation.opened", {"consultation": {}}) is None


def test_a_redirect_is_not_followed(manager):
    with Receiver() as target, Receiver(redirect_to=None) as first:
        first.redirect_to = target.url
        endpoint = endpoint_for(first.url, ["consultation.opened"], manager=manager)
        delivery = events.ping(endpoint)
        dispatcher.dispatch_due()

    delivery.refresh_from_db()
    assert len(first.received) == 1 and target.received == []
    assert (delivery.last_status_code, delivery.state) == (302, "pending")


def test_nothing_is_written_or_sent_when_webhooks_are_off(client, receiver, manager, settings):
    endpoint_for(receiver.url, ACTION_EVENTS, manager=manager)
    settings.WEBHOOKS_ENABLED = False

    report_progress(client, ActionFactory())
    dispatcher.dispatch_due()

    assert not Event.objects.exists() and not Delivery.objects.exists()
    assert receiver.received == []


def test_a_delivery_queued_before_webhooks_were_turned_off_is_dropped(receiver, manager, settings):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    delivery = events.ping(endpoint)
    settings.WEBHOOKS_ENABLED = False

    dispatcher.dispatch_due()

    delivery.refresh_from_db()
    assert delivery.state == "cancelled" and receiver.received == []


def test_nothing_is_sent_for_a_change_rolled_back(receiver, manager):
    endpoint_for(receiver.url, ACTION_EVENTS, manager=manager)
    action = ActionFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        actionplans.record_progress(
            action,
            acting_user=action.responsible,
            date=timezone.localdate(),
            percent=100,
            narrative="Terminé.",
        )
        assert Delivery.objects.count() == 2  # written in the change's transaction
        raise RuntimeError("the rest of the change failed")
    dispatcher.dispatch_due()

    assert not Delivery.objects.exists() and receiver.received == []
