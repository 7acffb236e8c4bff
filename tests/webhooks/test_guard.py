"""The guard against being turned on the portal's own network (portal/webhooks/guard.py)."""

import pytest
from django.urls import reverse

from portal.notifications import dispatcher
from portal.webhooks import events, guard
from portal.webhooks.models import Endpoint
from tests.webhooks.conftest import endpoint_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "::ffff:127.0.0.1",
        "fc00::1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_local_private_and_reserved_addresses_are_not_public(address):
    assert not guard.is_public(address)


@pytest.mark.parametrize("address", ["196.200.60.1", "8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses_are(address):
    assert guard.is_public(address)


def test_an_officer_cannot_save_an_endpoint_on_the_local_network(client, manager, settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(manager)

    for url in ["http://127.0.0.1:8000/admin/", "http://localhost/", "http://10.0.0.5/hook"]:
        response = client.post(
            reverse("webhooks:create"),
            {"name": "Interne", "url": url, "events": ["consultation.opened"]},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert "réseau privé ou local" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_http_is_refused_outside_a_developers_machine(client, manager, settings):
    settings.DEBUG = False
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    client.force_login(manager)

    response = client.post(
        reverse("webhooks:create"),
        {"name": "En clair", "url": "http://127.0.0.1/hook", "events": ["consultation.opened"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "doit commencer par https://" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_saved_endpoint_that_now_leads_inside_gets_nothing(receiver, manager, settings):
    """Checked again before each attempt: an endpoint saved while private addresses were
    allowed (or whose name resolves elsewhere since) is not reached."""
    settings.WEBHOOKS_ENABLED = True
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    endpoint = endpoint_for(receiver.url, ["consultation.opened"], manager=manager)
    delivery = events.ping(endpoint)

    dispatcher.dispatch_due()

    delivery.refresh_from_db()
    assert receiver.received == []
    assert "réseau privé ou local" in delivery.last_error
    assert delivery.state == "pending"  # a failed attempt like any other
