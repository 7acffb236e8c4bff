"""The portal's URLs plus a visitor page that sets a cookie, for tests/portal/test_pagecache.py."""

from django.http import HttpResponse
from django.urls import path

from portal.pagecache import for_visitors
from portal.urls import *  # noqa: F403  (the handlers, and the portal's own patterns)
from portal.urls import urlpatterns

drawn = []


@for_visitors("forums")
def sets_a_cookie(request):
    drawn.append(request.path)
    response = HttpResponse(f"<p>drawn {len(drawn)} times</p>".encode() * 20)
    response.set_cookie("visitor", str(len(drawn)))
    return response


urlpatterns = [path("sets-a-cookie/", sets_a_cookie), *urlpatterns]
