"""The notification queue's and the dispatcher's gauges on /metrics (portal/metrics.py),
registered in NotificationsConfig.ready. Each is read from the database at each scrape."""

import math

from django.db.models import Min

from portal.notifications.dispatcher import DISPATCHER_HEARTBEAT, last_beat
from portal.notifications.models import Notification


def unsent_due(now):
    return Notification.objects.unsent_due(now).count()


def oldest_unsent_due_age(now):
    """Seconds since the oldest unsent notification fell due; 0 when none is waiting."""
    oldest = Notification.objects.unsent_due(now).aggregate(oldest=Min("due_at"))["oldest"]
    return max((now - oldest).total_seconds(), 0.0) if oldest else 0.0


def failed(now):
    return Notification.objects.filter(status=Notification.Status.FAILED).count()


def dispatcher_heartbeat_age(now):
    """Seconds since the dispatcher last finished a batch or a run; +Inf when it never has."""
    seen = last_beat(DISPATCHER_HEARTBEAT)
    return max((now - seen).total_seconds(), 0.0) if seen else math.inf


def register():
    from portal import metrics

    metrics.register(
        "portal_notifications_unsent_due",
        "Notifications due and not sent yet (pending, or claimed by a dispatcher that has not "
        "finished).",
        unsent_due,
    )
    metrics.register(
        "portal_notifications_oldest_unsent_due_age_seconds",
        "Seconds since the oldest unsent notification fell due (0 when none is waiting).",
        oldest_unsent_due_age,
    )
    metrics.register(
        "portal_notifications_failed",
        "Notifications marked failed after their last attempt (kept until deleted).",
        failed,
    )
    metrics.register(
        "portal_dispatcher_heartbeat_age_seconds",
        "Seconds since the notification dispatcher last recorded its heartbeat (+Inf: never).",
        dispatcher_heartbeat_age,
    )
