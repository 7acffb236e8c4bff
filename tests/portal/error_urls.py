"""The portal's URLs plus views that fail on purpose, for tests/portal/test_error_pages.py.

The error handlers are those of the portal's URLconf (portal.urls handler400, ...): they are
looked up on the root URLconf, so this module names them too.
"""

from django.core.exceptions import BadRequest, PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.urls import path

from portal.urls import *  # noqa: F403  (the handlers, and the portal's own patterns)
from portal.urls import urlpatterns


def fail_with(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("fail/400/", fail_with(BadRequest("a bad query"))),
    path("fail/403/", fail_with(PermissionDenied("no entry"))),
    path("fail/404/", fail_with(Http404("nothing here"))),
    path("fail/413/", fail_with(RequestDataTooBig("too much"))),
    path("fail/500/", fail_with(RuntimeError("a bug in a view"))),
    path("api/fail/500/", fail_with(RuntimeError("a bug in a view"))),
    *urlpatterns,
]
