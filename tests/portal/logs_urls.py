"""The portal's URLs plus one view that fails on purpose, for tests/portal/test_logs.py.

The real gunicorn of those tests serves them through tests/portal/logs_settings.py; the
portal's own URLconf has no such view. The error handlers are looked up on the root URLconf,
so this module names them too (the star import).
"""

from django.urls import path

from portal.urls import *  # noqa: F403  (the handlers, and the portal's own patterns)
from portal.urls import urlpatterns


def fail(request):
    """A bug whose message quotes the person's e-mail, as a careless one would."""
    raise RuntimeError(f"a bug in a view, while serving {request.user.email}")


urlpatterns = [path("fail/", fail), *urlpatterns]
