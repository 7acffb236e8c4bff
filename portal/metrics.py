"""Metrics for Prometheus: /metrics, what it counts, and who may read it.

Two kinds of series:

- **Requests**, counted by `RequestMetricsMiddleware` as each response leaves:
  `portal_http_requests_total` (by method, status class and view name) and
  `portal_http_request_duration_seconds` (a histogram, by method and view name). The view name
  is the URL pattern's name ("forums:detail"), never the path, so the number of series stays
  bounded however many addresses are asked for. /metrics itself is not counted.
- **The portal's state**, read from the database when /metrics is asked for: gauges that apps
  register here (`register`) in their AppConfig.ready, as they register calendar providers.
  portal.notifications registers the queue's and the dispatcher's, forums its seats left.

With several gunicorn processes each counts its own requests; prometheus_client's
multiprocess mode adds them up: with PROMETHEUS_MULTIPROC_DIR set (before the processes
start), each process writes its counts to files there and /metrics reads them all
(deploy/gunicorn.conf.py empties the folder when gunicorn starts). Without it, /metrics
shows the counts of the one process that answered it.

/metrics answers 404, as for an address that does not exist, unless the request carries
`Authorization: Bearer <METRICS_TOKEN>` or comes from an address in METRICS_ALLOWED_IPS (the
visitor's address behind TRUSTED_PROXY_COUNT proxies, as the rate limits see it). A request
that carries a wrong token is refused whatever its address.
"""

import hmac
import ipaddress
import logging
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from portal.ratelimit import client_address

log = logging.getLogger(__name__)

# The `_created` series say when a process started counting: meaningless once the counts of
# many processes are added up (multiprocess mode leaves them out), so left out everywhere.
disable_created_metrics()

# The URL name of /metrics (portal/urls.py): requests to it are not counted.
VIEW_NAME = "metrics"

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

# Not registered in prometheus_client's global registry: /metrics builds its own at each
# scrape (see `exposition`), so that in multiprocess mode they are read from the files only.
REQUESTS = Counter(
    "portal_http_requests",
    "Requests answered, by method, status class (2xx, 3xx, 4xx, 5xx) and view name.",
    ["method", "status", "view"],
    registry=None,
)
DURATION = Histogram(
    "portal_http_request_duration_seconds",
    "Time from the request's arrival in the portal to its response being ready, by method "
    "and view name (a streamed file's transfer is not included).",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=None,
)


def multiprocess_dir():
    """prometheus_client's multiprocess folder, or "" (each process shows its own counts)."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


# --- Requests ---------------------------------------------------------------------------


def view_label(request):
    """The name of the view that answered (its URL name, with its namespace), "static" for a
    static file, "unmatched" for an address no URL pattern takes or a request answered before
    its view was found (a 413, a redirect to HTTPS)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class RequestMetricsMiddleware:
    """Count each request and time it, from the first middleware to the response. First in
    MIDDLEWARE, so that responses the others give (static files, 413, redirects) are counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        if view != VIEW_NAME:
            method = request.method if request.method in METHODS else "other"
            REQUESTS.labels(method, f"{response.status_code // 100}xx", view).inc()
            DURATION.labels(method, view).observe(elapsed)
        return response


# --- The portal's state -----------------------------------------------------------------


@dataclass(frozen=True)
class Gauge:
    name: str
    documentation: str
    read: object  # read(now) -> a number, or an iterable of (label values, number)
    labels: tuple = ()


_gauges = []


def register(name, documentation, read, *, labels=()):
    """Add a gauge computed from the database at each scrape.

    `read(now)` returns its value; with `labels`, an iterable of (label values, value) pairs,
    one per series. Keep the series few (one per open forum, not one per registration).
    """
    if any(gauge.name == name for gauge in _gauges):
        return  # ready() ran twice (the test runner may do so)
    _gauges.append(Gauge(name, documentation, read, tuple(labels)))


class StateCollector:
    """The registered gauges, read when /metrics is asked for. A gauge whose query fails (the
    database is down) is left out of that scrape and logged; the others still come out."""

    def collect(self):
        now = timezone.now()
        for gauge in _gauges:
            try:
                value = gauge.read(now)
                family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=gauge.labels)
                if gauge.labels:
                    for label_values, number in value:
                        family.add_metric([str(v) for v in label_values], number)
                else:
                    family.add_metric([], value)
            except DatabaseError as error:
                log.warning("metrics: %s left out: %s", gauge.name, error.__class__.__name__)
                continue
            yield family

    def describe(self):
        return []  # nothing to check at registration: the names are the gauges'


def exposition():
    """The text /metrics answers: the requests of every process (multiprocess mode) or of this
    one, then the portal's state."""
    from prometheus_client import multiprocess

    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(DURATION)
    registry.register(StateCollector())
    return generate_latest(registry)


# --- Who may read it ------------------------------------------------------------------------


def allowed_networks():
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_IPS]


def may_read(request):
    """A request with a bearer token: only when it is METRICS_TOKEN's (compared in constant
    time). Without one: when it comes from an address of METRICS_ALLOWED_IPS."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        token = settings.METRICS_TOKEN
        return bool(token) and hmac.compare_digest(credentials.strip().encode(), token.encode())
    try:
        address = ipaddress.ip_address(client_address(request))
    except (ImproperlyConfigured, PermissionDenied, ValueError):
        return False  # too few X-Forwarded-For entries for the proxies, or no address at all
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks())


@never_cache
def view(request):
    """GET /metrics, in Prometheus's text format; 404 for whoever may not read it."""
    if not may_read(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
