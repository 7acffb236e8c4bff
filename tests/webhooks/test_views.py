"""The officers' pages: add an endpoint, read its secret, ping it, switch it back on,
redeliver, delete; the delivery log, paginated."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications import dispatcher
from portal.notifications.models import Notification
from portal.webhooks import events
from portal.webhooks.models import Delivery, Endpoint, Event
from tests.factories import OfficerFactory
from tests.webhooks.conftest import endpoint_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhooks_on")]


def test_an_administrator_adds_an_endpoint_and_is_shown_its_secret(client, manager, receiver):
    client.force_login(manager)
    form = client.get(reverse("webhooks:create"))
    checkboxes = re.findall(rb'<input[^>]*type="checkbox"[^>]*>', form.content)
    assert len([box for box in checkboxes if b'name="events"' in box]) == len(events.EVENTS)

    response = client.post(
        reverse("webhooks:create"),
        {
            "name": "Observatoire",
            "url": receiver.url,
            "events": ["action.progress_reported", "consultation.opened"],
        },
    )

    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("webhooks:secret", args=[endpoint.pk])
    assert endpoint.events == ["action.progress_reported", "consultation.opened"]
    assert endpoint.created_by == manager and endpoint.secret.startswith("whsec_")
    page = client.get(response["Location"])
    assert endpoint.secret in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_a_new_secret_replaces_the_old_one(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    old = endpoint.secret
    client.force_login(manager)

    client.post(reverse("webhooks:secret", args=[endpoint.pk]))

    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret.startswith("whsec_")


def test_an_officer_who_is_not_an_administrator_gets_404(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    client.force_login(OfficerFactory())

    assert client.get(reverse("webhooks:list")).status_code == 404
    assert client.post(reverse("webhooks:ping", args=[endpoint.pk])).status_code == 404
    assert not Delivery.objects.exists()


def test_a_test_ping_reaches_the_receiver_and_shows_in_the_log(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    client.force_login(manager)

    client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    dispatcher.dispatch_due()

    (request,) = receiver.received
    assert request.headers["X-Portal-Event"] == "ping"
    assert json.loads(request.body)["data"] == {"endpoint": endpoint.name}
    page = client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    delivery = Delivery.objects.get()
    assert f'id="delivery-{delivery.pk}" data-state="delivered"' in page


def test_redeliver_sends_the_same_event_as_a_new_delivery(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    first = events.ping(endpoint)
    dispatcher.dispatch_due()
    client.force_login(manager)

    client.post(reverse("webhooks:redeliver", args=[first.pk]))
    dispatcher.dispatch_due()

    one, two = receiver.received
    assert one.body == two.body  # the same event, the same id
    assert one.headers["X-Portal-Delivery"] != two.headers["X-Portal-Delivery"]
    assert Delivery.objects.count() == 2 and Event.objects.count() == 1


def test_an_endpoint_switched_off_is_switched_back_on(client, manager, receiver):
    endpoint = endpoint_for(
        receiver.url,
        ["consultation.opened"],
        manager=manager,
        active=False,
        consecutive_failures=10,
        disabled_reason="The endpoint answered 500.",
        disabled_at=timezone.now(),
    )
    client.force_login(manager)
    page = client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    assert 'id="switched-off"' in page

    client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    assert not Delivery.objects.exists()  # refused while off
    client.post(reverse("webhooks:enable", args=[endpoint.pk]))

    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.consecutive_failures == 0 and not endpoint.disabled_reason


def test_deleting_an_endpoint_drops_what_waits_for_it(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    notification = events.ping(endpoint).notification
    client.force_login(manager)

    response = client.post(reverse("webhooks:delete", args=[endpoint.pk]))

    assert response.status_code == 302 and not Endpoint.objects.exists()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.CANCELLED
    dispatcher.dispatch_due()
    assert receiver.received == []


def test_the_delivery_log_is_paginated(client, manager, receiver):
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    for _ in range(27):
        events.ping(endpoint)
    client.force_login(manager)
    url = reverse("webhooks:detail", args=[endpoint.pk])

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    assert first.count('id="delivery-') == 25 and second.count('id="delivery-') == 2
