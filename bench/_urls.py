"""The benchmarks' URLconf: the portal's, plus a trivial view that measures the ceiling.

The trivial view goes through the same middleware as every page (sessions, CSRF, locale, the
second-factor check, CSP...) but renders nothing and queries nothing: its throughput is the most
this machine's gunicorn can serve, the yardstick for the pages of bench/pages.py.
"""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling", ceiling, name="bench_ceiling"),
    path("", include("portal.urls")),
]
