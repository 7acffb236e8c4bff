from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
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
