"""Sending a delivery: the renderer of `webhooks.delivery` rows, the signed POST, and what
follows an endpoint's answer.

The dispatcher (portal.notifications.dispatcher) claims a due row, renders it here into an
`Outgoing` request and calls its `send()` inside the row's transaction; a 2xx answer marks the
row sent, anything else (or no answer within WEBHOOKS_TIMEOUT) raises, and the dispatcher
retries the row with its back-off, then calls `failed()`. After WEBHOOKS_MAX_FAILURES failed
attempts in a row the endpoint is switched off and the officer who configured it is told.

No redirect is followed (http.client follows none): a 3xx is a failure. The address is
resolved once, checked (guard.py), and the connection made to the address checked, so a name
that resolves to a public address at the check and a private one at the connection cannot
lead the portal into its own network.
"""

import hashlib
import hmac
import http.client
import json
import logging
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.notifications import registry
from portal.webhooks import guard, services
from portal.webhooks.events import KIND
from portal.webhooks.models import Delivery, Endpoint

log = logging.getLogger(__name__)

USER_AGENT = "Portail-Douane-Webhooks/1"


def sign(secret, timestamp, body):
    """The `v1` signature: hex HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def encode(event):
    return json.dumps(event.body(), ensure_ascii=False, separators=(",", ":")).encode()


class DeliveryFailed(Exception):
    def __init__(self, message, *, status=None, elapsed_ms=None):
        super().__init__(message)
        self.status = status
        self.elapsed_ms = elapsed_ms


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers, *, timeout=None):
    """POST `body` to `url`; return (status, elapsed milliseconds). Raises DeliveryFailed when
    the address is refused or unreachable."""
    timeout = timeout or settings.WEBHOOKS_TIMEOUT
    parts = urlsplit(url)
    address = guard.checked_address(url)  # raises guard.Refused
    port = parts.port or (443 if parts.scheme == "https" else 80)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    start = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(65536)  # the answer's body is not kept
        return response.status, int((time.monotonic() - start) * 1000)
    except (OSError, http.client.HTTPException) as exc:
        elapsed = int((time.monotonic() - start) * 1000)
        raise DeliveryFailed(f"{exc.__class__.__name__}: {exc}", elapsed_ms=elapsed) from exc
    finally:
        connection.close()


class Outgoing:
    """One attempt at a delivery, as the dispatcher sends it (see dispatcher._send)."""

    def __init__(self, delivery):
        self.delivery = delivery

    def headers(self, body, timestamp):
        delivery = self.delivery
        signature = sign(delivery.endpoint.secret, timestamp, body)
        return {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Portal-Event": delivery.event.name,
            "X-Portal-Delivery": str(delivery.uuid),
            "X-Portal-Signature": f"t={timestamp},v1={signature}",
        }

    def send(self):
        delivery = self.delivery
        body = encode(delivery.event)
        timestamp = int(time.time())
        try:
            status, elapsed = post(delivery.endpoint.url, body, self.headers(body, timestamp))
        except guard.Refused as exc:
            raise DeliveryFailed(str(exc)) from exc
        if not 200 <= status < 300:
            raise DeliveryFailed(
                f"The endpoint answered {status}.", status=status, elapsed_ms=elapsed
            )
        now = timezone.now()
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=F("attempts") + 1,
            last_status_code=status,
            response_ms=elapsed,
            last_error="",
            last_attempt_at=now,
            delivered_at=now,
        )
        Endpoint.objects.filter(pk=delivery.endpoint_id).update(consecutive_failures=0)

    def failed(self, exc, *, final):
        """Record a failed attempt (after the dispatcher has planned the next one, or given
        up); switch the endpoint off after WEBHOOKS_MAX_FAILURES failures in a row."""
        delivery = self.delivery
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(
                attempts=F("attempts") + 1,
                last_status_code=getattr(exc, "status", None),
                response_ms=getattr(exc, "elapsed_ms", None),
                last_error=str(exc)[:2000],
                last_attempt_at=timezone.now(),
            )
            endpoint = Endpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
            endpoint.consecutive_failures += 1
            endpoint.save(update_fields=["consecutive_failures"])
            if endpoint.active and endpoint.consecutive_failures >= settings.WEBHOOKS_MAX_FAILURES:
                services.switch_off(endpoint, reason=str(exc)[:500])


@registry.renderer(KIND)
def render(notification):
    """The request for a delivery row, or None (the row is dropped) when webhooks are off
    or its endpoint is switched off or gone."""
    delivery = (
        Delivery.objects.select_related("endpoint", "event")
        .filter(pk=notification.target_id)
        .first()
    )
    if delivery is None or not settings.WEBHOOKS_ENABLED or not delivery.endpoint.active:
        return None
    return Outgoing(delivery)
