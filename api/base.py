"""What every API view shares: the request's language, and `ETag`/`Last-Modified` with 304.

A view names the `sections` of the portal's data its answers are drawn from
(portal.generations); its validators are a digest of their current generations with what
makes one answer differ from another (the address and its query, the language, who asks), so
a client that sends `If-None-Match` or `If-Modified-Since` back gets a 304 before any query
runs. The generations renew after every commit that changes those sections, so an unchanged
answer is never served for changed data.
"""

import hashlib

from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework import exceptions, mixins, viewsets

from portal import generations


class NotModified(Exception):
    """Raised from `initial` to answer 304 before the view reads anything (api.problems)."""

    def __init__(self, response):
        self.response = response


def _language(request):
    return translation.get_language_from_request(request, check_path=False)


class Validators:
    """Mixin for API views: the language of `Accept-Language`, and conditional GET."""

    # The generations' sections the answers are drawn from; empty: no validators.
    sections = ()

    def dispatch(self, request, *args, **kwargs):
        language = _language(request)
        with translation.override(language):
            response = super().dispatch(request, *args, **kwargs)
            # Render now, in the request's language: lazy strings in the data are translated
            # when the body is written.
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language", "Authorization", "Cookie"])
        return response

    def validator_parts(self):
        """What else makes one answer differ from another (e.g. the day, when the answer
        depends on today's date and the address does not say it)."""
        return []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        if request.method not in ("GET", "HEAD") or not self.sections:
            return
        values = generations.current(*self.sections)
        who = getattr(request.auth, "pk", None) if request.auth is not None else None
        parts = [
            *values,
            request.get_full_path(),
            translation.get_language(),
            str(request.user.pk or ""),
            str(who or ""),
            request.headers.get("Accept", ""),
            *self.validator_parts(),
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        last_modified = generations.since(*values)
        self.validators = (etag, last_modified)
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            raise NotModified(not_modified)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = getattr(self, "validators", None)
        if validators and response.status_code == 200:
            response["ETag"] = validators[0]
            response["Last-Modified"] = http_date(validators[1].timestamp())
            if not request.user.is_authenticated:
                response["Cache-Control"] = "public, no-cache"
        return response


class ReadOnlyViewSet(Validators, viewsets.ReadOnlyModelViewSet):
    """A list and a detail, read-only."""


class ListViewSet(Validators, mixins.ListModelMixin, viewsets.GenericViewSet):
    """A list only (of rows or of computed items, e.g. calendar entries)."""


def refuse_form_errors(form):
    """Answer 400 with a page's bound filter form's errors, keyed by field: the API applies
    the page's own form, so a value the page would not accept is refused the same way."""
    if form.is_bound and not form.is_valid():
        raise exceptions.ValidationError(
            {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        )
