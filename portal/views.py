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
    """The database decides the answer (503 without it); the broker's state is only reported:
    without the broker the portal still works and queued work waits."""
    database = _database_state()
    body = {"database": database, "broker": _broker_state()}
    if database == "ok":
        try:
            body["dispatcher"] = "silent" if notifications.dispatcher_is_silent() else "ok"
        except DatabaseError:  # tables not migrated yet
            body["dispatcher"] = "unknown"
    body["status"] = "ok" if database == "ok" else "error"
    return JsonResponse(body, status=200 if database == "ok" else 503)
