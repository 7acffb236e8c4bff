"""Writes on endpoints and deliveries: every page and the sender go through these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal import permissions
from portal.notifications import queue
from portal.webhooks import events
from portal.webhooks.models import Delivery, Endpoint, new_secret

DISABLED_KIND = "webhooks.endpoint_disabled"


def _require_manager(user):
    if not permissions.is_webhook_manager(user):
        raise PermissionDenied


def _check_events(chosen):
    unknown = set(chosen) - set(events.EVENTS)
    if unknown:
        raise ValidationError(f"Unknown events: {sorted(unknown)}")
    return [name for name in events.EVENTS if name in chosen]


@transaction.atomic
def save_endpoint(endpoint, *, acting_user):
    """Create an endpoint (with a new secret) or save an officer's changes to one; the
    address was checked by the form (guard.checked_address)."""
    _require_manager(acting_user)
    endpoint.events = _check_events(endpoint.events)
    if endpoint.pk is None:
        endpoint.created_by = acting_user
    endpoint.changed_by = acting_user
    endpoint.save()
    return endpoint


@transaction.atomic
def new_endpoint_secret(endpoint, *, acting_user):
    """Replace the endpoint's secret: signatures with the old one stop at once."""
    _require_manager(acting_user)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.secret = new_secret()
    endpoint.changed_by = acting_user
    endpoint.save(update_fields=["secret", "changed_by", "updated_at"])
    return endpoint


@transaction.atomic
def delete_endpoint(endpoint, *, acting_user):
    """Delete an endpoint with its deliveries; their queued attempts are dropped unsent."""
    _require_manager(acting_user)
    for delivery in endpoint.deliveries.select_related("notification"):
        if delivery.notification is not None:
            queue.cancel_for(delivery)
    endpoint.delete()


@transaction.atomic
def reenable_endpoint(endpoint, *, acting_user):
    _require_manager(acting_user)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.active = True
    endpoint.consecutive_failures = 0
    endpoint.disabled_reason = ""
    endpoint.disabled_at = None
    endpoint.changed_by = acting_user
    endpoint.save()
    return endpoint


def send_ping(endpoint, *, acting_user):
    """A test event to the endpoint (queued like any other; the log shows the answer)."""
    _require_manager(acting_user)
    with transaction.atomic():
        if not endpoint.active:
            raise ValidationError("switched off")
        return events.ping(endpoint)


def redeliver(delivery, *, acting_user):
    """Send a delivery's event again to its endpoint, as a new delivery."""
    _require_manager(acting_user)
    with transaction.atomic():
        if not delivery.endpoint.active:
            raise ValidationError("switched off")
        return events.deliver(delivery.event, delivery.endpoint)


def switch_off(endpoint, *, reason, now=None):
    """Switch a failing endpoint off (the caller holds its lock), and tell the officers who
    configured it by e-mail."""
    endpoint.active = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = now or timezone.now()
    endpoint.save(update_fields=["active", "disabled_reason", "disabled_at", "updated_at"])
    told = set()
    for officer in (endpoint.created_by, endpoint.changed_by):
        if officer is None or officer.pk in told or not officer.is_active:
            continue
        told.add(officer.pk)
        queue.notify(
            DISABLED_KIND,
            target=endpoint,
            email=officer.email,
            recipient=officer,
            key=f"{DISABLED_KIND}:{endpoint.pk}:{endpoint.disabled_at.isoformat()}:{officer.pk}",
        )
    return endpoint


def deliveries_of(endpoint):
    return (
        Delivery.objects.filter(endpoint=endpoint)
        .select_related("event", "notification")
        .order_by("-created_at", "-pk")
    )
