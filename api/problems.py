"""DRF's errors as RFC 9457 problem details (portal.problems), in the request's language.

DRF's own messages ("Not found.", "Request was throttled…") come translated by DRF's catalogue;
the titles are the portal's. A refused field's messages are in `errors`, keyed by field, so a
program can show them beside what was typed.
"""

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from api.base import NotModified
from portal import problems


def titles():
    return {
        400: _("Bad request"),
        401: _("Authentication needed"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Format not available"),
        415: _("Content type not supported"),
        429: _("Too many requests"),
    }


def handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: None (Django's 500) for anything but a refusal."""
    if isinstance(exc, NotModified):
        return exc.response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    request = context["request"]
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    status = exc.status_code
    title = titles().get(status, _("Error"))
    extra = {}
    if isinstance(exc.detail, (list, dict)):
        detail = _("Some of the values sent are not valid; `errors` says which and why.")
        extra["errors"] = exc.detail
    else:
        detail = exc.detail
    return problems.response(request, status, title, detail, headers=headers, **extra)


class ProblemSerializer(serializers.Serializer):
    """The body of every refusal (RFC 9457): `application/problem+json`."""

    type = serializers.CharField(help_text='A URI naming the problem; "about:blank": the status.')
    title = serializers.CharField(help_text="The problem in words, in the request's language.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(required=False, help_text="This occurrence in words.")
    instance = serializers.CharField(help_text="The address asked for, with its query string.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For a refused value: the messages, keyed by parameter.",
    )
