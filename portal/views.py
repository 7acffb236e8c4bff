import json
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from portal import calendar, logs, opendata, permissions, problems
from portal.notifications import dispatcher as notifications
from portal.pagecache import for_visitors


@for_visitors("meetings", "forums")
def home(request):
    """What the portal is for, what is coming up in public, and how to join."""
    return render(
        request,
        "portal/home.html",
        {"upcoming": calendar.upcoming(request.user)},
    )


@for_visitors("forums", "consultations")
def open_data(request):
    """Every dataset the portal publishes: what it holds, its formats, licence and fields."""
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": opendata.datasets(),
            "licence": opendata.licence(),
            "publisher": settings.OPEN_DATA_PUBLISHER,
        },
    )


@for_visitors("forums", "consultations")
def open_data_catalog(request):
    """The same datasets as a DCAT-AP catalogue in JSON-LD, for data portals to harvest."""
    page = settings.SITE_URL.rstrip("/") + reverse("open_data")
    return HttpResponse(
        json.dumps(opendata.catalog(page), ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )


@login_required
def dashboard(request):
    user = request.user
    context = {
        "upcoming": calendar.upcoming(user, limit=8),
        "roles": permissions.role_names(user),
        "dispatcher_silent": permissions.is_customs(user) and notifications.dispatcher_is_silent(),
    }
    return render(request, "portal/dashboard.html", context)


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _broker_state():
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


@never_cache
def healthz(request):
    """The portal's health, as JSON, for the load balancer and for monitoring.

    The HTTP status answers one question, "can this web process serve pages?": 503 without
    the database, 200 otherwise. A silent dispatcher (no run for five minutes, so reminders
    and e-mails are not going out) does not make it 503: the web is up, and taking it out of
    the load balancer would only add an outage to the one there is. It makes `status`
    "degraded", with the reasons in `reasons`, for monitoring to alert on. The broker's state
    is only reported: without it the portal still works and queued work waits (the
    dispatcher then goes silent, which is what says that e-mails wait).
    """
    database = _database_state()
    body = {"database": database, "broker": _broker_state()}
    reasons = []
    if database == "ok":
        try:
            silent = notifications.dispatcher_is_silent()
        except DatabaseError:  # tables not migrated yet
            body["dispatcher"] = "unknown"
        else:
            body["dispatcher"] = "silent" if silent else "ok"
            if silent:
                reasons.append(
                    "dispatcher silent: it has not run for five minutes, reminders and e-mails "
                    "are not going out"
                )
    if database != "ok":
        body["status"] = "error"
        reasons.append(f"database {database}")
    else:
        body["status"] = "degraded" if reasons else "ok"
    if reasons:
        body["reasons"] = reasons
    return JsonResponse(body, status=200 if database == "ok" else 503)


# --- Error pages ------------------------------------------------------------------------
#
# The portal's own pages for 400, 403, 404 and 413 (portal/urls.py names them as handlers),
# in the reader's language and in the portal's layout. The portal answers 404 on purpose for
# what someone may not see, so the 404 page says "does not exist or is not open to you" and
# nothing more. The 413 and 500 pages are rendered without the request (templates/error.html):
# they may come before the session and the user are known, or when the database is gone.


def _layout_error(request, status, title, message, debug=None):
    context = {"title": title, "message": message, "debug": debug}
    response = render(request, "http_error.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def bad_request(request, exception=None):
    """handler400. A body larger than the page takes is answered 413, not 400: Django raises
    RequestDataTooBig (a "suspicious operation", hence 400) when a form's text goes past
    DATA_UPLOAD_MAX_MEMORY_SIZE. Under /api/, as problem details."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    if problems.is_api(request):
        return problems.response(
            request, 400, _("Bad request"), _("The portal could not understand this request.")
        )
    return _layout_error(
        request,
        400,
        _("Bad request"),
        _(
            "The portal could not understand this request. Check the address, or go back to "
            "the previous page and try again."
        ),
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    """handler403 (rare: the portal answers 404 for what someone may not see)."""
    return _layout_error(
        request,
        403,
        _("Access refused"),
        _("Your account does not allow you to do this."),
    )


@requires_csrf_token
def page_not_found(request, exception=None, debug=None):
    """handler404: the same words whether the page does not exist or is hidden from the
    reader, so that the answer tells nothing about what exists. Under /api/, as problem
    details. With DEBUG on, portal.middleware.DebugNotFoundMiddleware calls it with `debug`
    (the technical page's address, the reason) for a notice to the developer."""
    if problems.is_api(request):
        return problems.response(request, 404, _("Not found"))
    return _layout_error(
        request,
        404,
        _("Page not found"),
        _(
            "This page does not exist or is not open to you. The link may be out of date; if "
            "the page is for partners or for Customs, sign in with the right account."
        ),
        debug=debug,
    )


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its security token (a page left open for too
    long, cookies blocked) gets a 403 page that says what to do, not Django's own."""
    return _layout_error(
        request,
        403,
        _("Access refused"),
        _(
            "The form could not be accepted: it may have stayed open too long, or your browser "
            "blocks the portal's cookies. Go back to the previous page, reload it and send the "
            "form again."
        ),
    )


def request_too_large(request=None, limit=None):
    """413, for a request whose body is larger than the page it goes to takes (see
    portal.middleware.RequestSizeLimitMiddleware, which answers before anything reads it)."""
    message = _(
        "Send smaller or fewer files. Nothing was saved: go back to the previous page and send "
        "the form again."
    )
    if limit:
        message = (
            _("This page accepts at most %(limit)s at a time.") % {"limit": filesizeformat(limit)}
            + " "
            + message
        )
    context = {"title": _("What you sent is too large"), "message": message}
    response = HttpResponse(render_to_string("error.html", context), status=413)
    response["Cache-Control"] = "no-store"
    return response


# How long a client is told to wait when the database is unreachable (a restart takes seconds).
RETRY_AFTER_SECONDS = 30


def database_unavailable():
    context = {
        "title": _("The portal is briefly unavailable"),
        "message": _(
            "It cannot reach its database just now. Please try again in a few minutes; "
            "if you were sending a form, send it again then."
        ),
    }
    response = HttpResponse(render_to_string("error.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# Database errors that say "not now" rather than "this is a bug": the server cannot be reached,
# is starting or shutting down, dropped the connection, or a lock or statement waited too long.
# Integrity, programming and data errors stay 500s.
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """handler500: the page of any unhandled error (with DEBUG off).

    When the error is a transient database one (see TRANSIENT_DATABASE_ERRORS), the page says
    so and answers 503 with Retry-After, like /healthz: "come back in a moment", not a bug.
    Whether the database answers again by the time this page is drawn does not matter (it
    often does, a moment after a restart): the request failed for that reason, and the person
    should send it again. Rendered without the request's context, so that it needs neither
    the database nor the session.
    """
    if isinstance(sys.exc_info()[1], TRANSIENT_DATABASE_ERRORS):
        return database_unavailable()
    if problems.is_api(request):
        return problems.response(
            request,
            500,
            _("Something went wrong"),
            _("An error occurred on our side and has been recorded in the portal's log."),
            reference=logs.current_request_id(),
        )
    context = {
        "title": _("Something went wrong"),
        "message": _(
            "An error occurred on our side and has been recorded in the portal's log. Please "
            "try again later."
        ),
        # The request's id, which is on the error's log line (and on its report to Sentry or
        # ADMINS, when configured): what a person quotes, and an operator searches for.
        "reference": logs.current_request_id(),
        "reference_label": _("If the problem persists, give this reference to the support team:"),
    }
    return HttpResponse(render_to_string("error.html", context), status=500)
