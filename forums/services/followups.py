"""What follows a change of a registration's status: its log line, its e-mails, its reminders.

Every change of status is logged in RegistrationEvent (who, when, from, to); the e-mail that
tells the person goes out, and the reminders before the forum are brought in line with the
new status.
"""

from datetime import timedelta

from django.utils import timezone

from forums.models import Forum, RegistrationEvent
from forums.services._common import Status
from portal.notifications import queue as notifications

REMINDER_KIND = "forums.reminder"
REMINDER_OFFSETS = (timedelta(days=7), timedelta(days=1))


def record_change(registration, previous, new, *, actor, note="", now=None, payload=None):
    """Log a status change, then bring its e-mails and reminders in line with it."""
    log_change(registration, previous, new, actor=actor, note=note, now=now)
    follow_up(registration, new, now=now, payload=payload)


def log_change(registration, previous, new, *, actor, note="", now=None):
    RegistrationEvent.objects.create(
        registration=registration,
        from_status=previous or "",
        to_status=new,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=now or timezone.now(),
        note=note,
    )


def follow_up(registration, new, *, now=None, payload=None):
    """The e-mail that tells the person of their new status, and their reminders."""
    sync_reminders(registration, now=now)
    if new == Status.CONFIRMED:
        notify(registration, "forums.confirmation", payload=payload)
    elif new == Status.WAITING:
        notify(registration, "forums.waitlisted")
    elif new == Status.CANCELLED:
        notify(registration, "forums.cancelled", payload=payload)


def notify(registration, kind, *, payload=None, due_at=None, key=None):
    if not registration.email:
        return None
    return notifications.notify(
        kind,
        target=registration,
        email=registration.email,
        recipient=registration.user,
        language=registration.language,
        payload=payload,
        due_at=due_at,
        key=key,
    )


def sync_reminders(registration, *, now=None):
    forum = registration.forum
    wanted = []
    if (
        registration.status == Status.CONFIRMED
        and registration.email
        and forum.status in (Forum.Status.PUBLISHED, Forum.Status.CLOSED)
    ):
        user = registration.user
        wanted = [
            notifications.Reminder(
                email=registration.email,
                occurrence=forum.start,
                offset=offset,
                recipient=user,
                language=registration.language,
                time_zone=user.time_zone if user else "",
            )
            for offset in REMINDER_OFFSETS
        ]
    notifications.sync_reminders(REMINDER_KIND, registration, wanted, now=now)
