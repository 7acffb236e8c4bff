"""Outgoing webhooks: the addresses officers configure, the events the portal emits, and
the log of each delivery of an event to an endpoint.

A delivery travels as a notification row of kind `webhooks.delivery` (see sending.py): the
one dispatcher claims, sends, retries with back-off and gives back stale claims for it as for
any e-mail. The Delivery row is what the officers read: what the endpoint answered, each time.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Notification


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


class EndpointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def subscribed_to(self, event):
        """The active endpoints that asked for `event` (a handful: read in Python, the same
        on every database)."""
        return [endpoint for endpoint in self.active() if event in endpoint.events]


class Endpoint(models.Model):
    """An address of another system that receives the portal's events, signed with its own
    secret."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address"), max_length=500)
    secret = models.CharField(max_length=80, default=new_secret, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_reason = models.TextField(_("why it was switched off"), blank=True)
    disabled_at = models.DateTimeField(_("switched off on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Event(models.Model):
    """Something that happened, as the receivers are told: its name, when, and its public
    data. One event is delivered to every endpoint subscribed to it at the time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("event"), max_length=60)
    occurred_at = models.DateTimeField(_("occurred"))
    data = models.JSONField(default=dict)
    # Events that must be emitted once only (a forum's registration opening, found by a
    # periodic job) carry a key: emitting the same key again does nothing.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.name} {self.id}"

    def body(self):
        """What is POSTed: the same for every endpoint and every attempt."""
        return {
            "id": str(self.id),
            "event": self.name,
            "occurred_at": self.occurred_at.isoformat(),
            "data": self.data,
        }


class Delivery(models.Model):
    """One event sent (or to be sent) to one endpoint, and what the endpoint answered.

    Its queue state (pending, sending, sent, failed; the next attempt) is its notification
    row's; this row records each attempt's result.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event.name} → {self.endpoint}"

    @property
    def state(self):
        """delivered, pending (with a next attempt), failed (no more attempts) or cancelled."""
        if self.delivered_at:
            return "delivered"
        notification = self.notification
        if notification is None:
            return "cancelled"  # its row purged (failed rows are kept): it was never delivered
        return {
            Notification.Status.PENDING: "pending",
            Notification.Status.SENDING: "pending",
            Notification.Status.SENT: "delivered",
            Notification.Status.CANCELLED: "cancelled",
            Notification.Status.FAILED: "failed",
        }[notification.status]

    STATE_LABELS = {
        "delivered": _("delivered"),
        "pending": _("waiting for an attempt"),
        "failed": _("failed"),
        "cancelled": _("dropped (endpoint switched off)"),
    }

    @property
    def state_label(self):
        return self.STATE_LABELS[self.state]

    @property
    def next_attempt(self):
        notification = self.notification
        if notification is not None and notification.status == Notification.Status.PENDING:
            return notification.due_at
        return None
