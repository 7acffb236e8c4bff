import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal import calendar, permissions
from portal.notifications import services as notifications


def home(request):
    """What the portal is for, what is coming up in public, and how to join."""
    return render(
        request,
        "portal/home.html",
        {"upcoming": calendar.upcoming(request.user)},
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


# How long a client is told to wait when the database is unreachable (a restart takes seconds).
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """handler500: the page of any unhandled error (with DEBUG off).

    When the error is that the database cannot be reached (stopped, restarting, the network)
    and it still does not answer, the page says so and answers 503 with Retry-After, like
    /healthz: "come back in a moment", not a bug. Rendered without the request's context, so
    that it needs neither the database nor the session.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)) and _database_state() != "ok":
        context = {
            "title": _("The portal is briefly unavailable"),
            "message": _(
                "It cannot reach its database just now. Please try again in a few minutes; "
                "if you were sending a form, send it again then."
            ),
        }
        response = HttpResponse(render_to_string("error.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    context = {
        "title": _("Something went wrong"),
        "message": _(
            "An error occurred on our side. It has been recorded; please try again later."
        ),
    }
    return HttpResponse(render_to_string("error.html", context), status=500)
