"""The events the portal tells other systems about, and `emit`, which the services call.

    from portal.webhooks import events as webhooks
    webhooks.emit("consultation.opened", {...public fields...}, url=consultation_url)

`emit` writes an Event and one Delivery (with its notification row) per active endpoint
subscribed to it, in the caller's transaction: a change that is rolled back sends nothing,
and the dispatcher sends what was committed. With WEBHOOKS_ENABLED off it writes nothing.
Payloads hold only what the public pages show, with the object's public address.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import queue
from portal.webhooks.models import Delivery, Endpoint, Event

KIND = "webhooks.delivery"
PING = "ping"

EVENTS = {
    "action.progress_reported": _("Progress reported on a public action"),
    "action.status_changed": _("Status of a public action changed"),
    "forum.registration_opened": _("Registration opened for a public forum"),
    "consultation.opened": _("Public consultation opened for comments"),
    "consultation.report_published": _("Report of a public consultation published"),
}


def public_url(path):
    """The public address of a page of the portal (SITE_URL and its path)."""
    return f"{settings.SITE_URL}{path}"


def emit(event, data, *, key=None, now=None):
    """Tell the endpoints subscribed to `event` (one of EVENTS) about it; return the Event,
    or None when nothing is sent (webhooks off, nobody subscribed, or `key` already
    emitted)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    if not settings.WEBHOOKS_ENABLED:
        return None
    endpoints = Endpoint.objects.subscribed_to(event)
    if not endpoints:
        return None
    if key is not None and Event.objects.filter(key=key).exists():
        return None
    record = Event.objects.create(name=event, occurred_at=now or timezone.now(), data=data, key=key)
    for endpoint in endpoints:
        deliver(record, endpoint)
    return record


def deliver(event, endpoint):
    """Queue one delivery of `event` to `endpoint` (a new one each time: a redelivery, a
    ping, or an endpoint subscribed to it)."""
    delivery = Delivery.objects.create(event=event, endpoint=endpoint)
    delivery.notification = queue.notify(KIND, target=delivery, email="")
    delivery.save(update_fields=["notification"])
    return delivery


def ping(endpoint, *, now=None):
    """A test event to one endpoint, whatever it is subscribed to."""
    event = Event.objects.create(
        name=PING, occurred_at=now or timezone.now(), data={"endpoint": endpoint.name}
    )
    return deliver(event, endpoint)
