import zoneinfo

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from portal import uploads


class UserPreferencesMiddleware:
    """Render each page in the signed-in user's language and time zone.

    A visitor's language comes from the language cookie or the browser (LocaleMiddleware);
    a signed-in user's choice is stored on their account and wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = settings.TIME_ZONE
        if user is not None and user.is_authenticated:
            if user.language in dict(settings.LANGUAGES):
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            zone = user.time_zone or zone
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.activate(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


NOT_STORED = "private, no-store"


class PrivateResponsesMiddleware:
    """Whatever a signed-in person is sent is theirs alone: `Cache-Control: private, no-store`,
    whatever the view said, so that no proxy and no browser keeps a copy (of a page, or of an
    officer's export) for the next person at the same computer or behind the same proxy.

    A visitor's answers keep the view's own header: public pages and public exports (the
    directory, the public calendar) may be kept. Pages a secret URL opens to anyone (a
    personal calendar feed, an invitation's reply link) mark themselves with `not_stored`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = NOT_STORED
        return response


def not_stored(response):
    """Mark a response that no cache may keep (a page or file a secret URL opens)."""
    response["Cache-Control"] = NOT_STORED
    return response


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (Django sets the other security headers itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SecondFactorMiddleware:
    """Customs accounts reach nothing but their account settings until this session has
    passed their second factor.

    Without an authenticator they are sent to set up TOTP; with one, but a session that never
    gave a code (signed in some other way than allauth's sign-in with its TOTP step), they are
    asked for a code first. allauth writes each step of a sign-in in the session (its
    "authentication records"): the password, then "mfa" once a code is given, at sign-in, on
    re-authentication, or when the authenticator is set up (portal.accounts.views). Whether
    the user has an authenticator comes with the user (portal.accounts.backends), and the
    records with the session, so the check costs no query.
    """

    EXEMPT = ("/accounts/", "/me/language/", "/static/", "/media/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_FOR_CUSTOMS
            and user is not None
            and user.is_authenticated
            and user.is_customs
            and not request.path.startswith(self.EXEMPT)
        ):
            if not self._has_second_factor(user):
                messages.warning(
                    request,
                    _(
                        "Customs accounts must use a second factor. Set up an authenticator "
                        "app to continue."
                    ),
                )
                return self._send_to("mfa_activate_totp", request)
            if not self.second_factor_passed(request, user):
                messages.warning(
                    request,
                    _("Enter a code from your authenticator app to continue."),
                )
                return self._send_to("mfa_reauthenticate", request)
        return self.get_response(request)

    @staticmethod
    def _send_to(name, request):
        url = reverse(name)
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _has_second_factor(user):
        known = getattr(user, "has_totp", None)
        if known is not None:
            return known
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    @staticmethod
    def second_factor_passed(request, user):
        """Whether this session has given a code of `user`'s second factor."""
        return any(
            record.get("method") == "mfa" for record in get_authentication_records(request, user)
        )


class RequestSizeLimitMiddleware:
    """Answer 413 to a request whose declared body is larger than its page takes, before
    anything reads the body (portal.uploads.body_limit: MAX_REQUEST_BYTES, more for a page
    whose form takes files).

    Early in the chain (right after SecurityMiddleware): without it a page without uploads
    read a 60 MB multipart body (the CSRF check parses the form of every POST) and wrote its
    file to disk. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE covers only a form's text, once
    something reads it; that case is answered 413 too (portal.views.bad_request). A body
    without Content-Length is not read by Django at all. The session is not known yet, so the
    page is in the language of the language cookie or the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads no body then
        if size > uploads.text_limit():
            limit = uploads.body_limit(request.path_info, getattr(request, "urlconf", None))
            if size > limit:
                from portal.views import request_too_large

                with translation.override(translation.get_language_from_request(request)):
                    response = request_too_large(request, limit)
                if size <= uploads.DRAIN_LIMIT:
                    # Once the 413 is sent (the WSGI server closes the response after writing
                    # it), read the rest of the body and throw it away: a connection closed
                    # with unread data is reset, and the proxy, which sends the whole body it
                    # buffered, may lose the answer in the reset and show a 502 instead.
                    response._resource_closers.append(lambda: discard_body(request))
                return response
        return self.get_response(request)


def discard_body(request, chunk=64 * 1024):
    try:
        while request.read(chunk):
            pass
    except OSError:
        pass  # the client has gone: nothing left to read


class HostileAddressMiddleware:
    """400 for an address with a NUL byte in its path or its query string.

    No page has any use for one, and PostgreSQL refuses it in any text (psycopg2 raises
    ValueError), so a view that looks up a token, a slug or a filter from the address would
    answer 500. Refused here once, for every page, instead of in each view. Placed after the
    user is known, so that the 400 page is in the reader's language and layout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL byte in the address")
        return self.get_response(request)


class DebugNotFoundMiddleware:
    """With DEBUG on, the portal's own 404 page rather than Django's English technical one.

    Django answers an unknown address, or a view's Http404, with its technical 404 page when
    DEBUG is on: a developer (or a tester on a development server) then never sees what a
    reader gets, in the reader's language. This middleware answers those with the portal's
    page (portal.views.page_not_found, problem details under /api/), and a notice on it for
    the developer that points to the technical page: the same address with ?debug, which this
    middleware leaves to Django. With DEBUG off it does nothing: the handlers answer then.

    Last in MIDDLEWARE: the request has its user and language, and its answer goes through
    every other middleware (CommonMiddleware's added slash included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG and "debug" not in request.GET:
            from django.urls import Resolver404, get_resolver

            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                return self._page(request, reason="")
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import Http404

        if settings.DEBUG and "debug" not in request.GET and isinstance(exception, Http404):
            return self._page(request, reason=str(exception))
        return None

    @staticmethod
    def _page(request, reason):
        from portal import views

        query = request.GET.copy()
        query["debug"] = "1"
        return views.page_not_found(
            request, debug={"url": f"{request.path}?{query.urlencode()}", "reason": reason}
        )
