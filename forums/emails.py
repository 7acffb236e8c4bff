"""The forums' e-mails, rendered at send time by the notification dispatcher.

Each renderer re-reads its registration and returns None when the e-mail no longer applies
(the registration was cancelled or promoted since, the forum was cancelled or moved): the
dispatcher then drops the row instead of sending something untrue.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums import codes
from forums.models import SEATED, Forum, Registration
from forums.providers import entry_for
from forums.services import messaging
from forums.services.messaging import MESSAGES
from portal.ical import calendar_bytes
from portal.notifications import registry, unsubscribe
from portal.notifications.emails import content_id, render_email

LIVE = (Forum.Status.PUBLISHED, Forum.Status.CLOSED)
Status = Registration.Status


def _registration(notification):
    return (
        Registration.objects.select_related("forum", "user", "organization")
        .with_position()
        .filter(pk=notification.target_id)
        .first()
    )


def ics_attachment(registration):
    """The forum's calendar entry, with the online link for a confirmed online attendee."""
    forum = registration.forum
    entry = entry_for(forum, with_link=registration.status in SEATED)
    return ("forum.ics", calendar_bytes([entry], name=forum.title), "text/calendar")


def qr_image(registration):
    """The check-in QR code as an image of the e-mail's HTML part (a related PNG part its
    `cid:` names): (content id, bytes, MIME type)."""
    return (content_id(f"qr-{registration.code}"), codes.qr_png(registration.code), "image/png")


def _leave_messages(email, target):
    messaging.stop_messages(registration_id=target, email=email)


unsubscribe.register(
    MESSAGES,
    label=_("officers' messages to the registrants of this forum"),
    leave=_leave_messages,
)


def _context(registration, **extra):
    return {
        "registration": registration,
        "forum": registration.forum,
        "name": registration.person_name,
        "forum_url": registration.forum.get_absolute_url(),
        "registration_url": reverse("forums:registration", args=[registration.pk])
        if registration.user_id
        else "",
        **extra,
    }


def _email(name, registration, attachments=(), related=(), **extra):
    if related:
        extra["qr_cid"] = related[0][0]
    return render_email(
        name,
        registration.email,
        _context(registration, **extra),
        attachments=attachments,
        related=related,
    )


@registry.renderer("forums.confirmation")
def render_confirmation(notification):
    registration = _registration(notification)
    if registration is None or registration.status != Status.CONFIRMED:
        return None
    if registration.forum.status not in LIVE:
        return None
    return _email(
        "forums-confirmation",
        registration,
        attachments=[ics_attachment(registration)],
        related=[qr_image(registration)],
        promoted=bool(notification.payload.get("promoted")),
    )


@registry.renderer("forums.waitlisted")
def render_waitlisted(notification):
    registration = _registration(notification)
    if registration is None or registration.status != Status.WAITING:
        return None
    if registration.forum.status not in LIVE:
        return None
    return _email("forums-waitlisted", registration)


@registry.renderer("forums.cancelled")
def render_cancelled(notification):
    registration = _registration(notification)
    if registration is None or registration.status != Status.CANCELLED:
        return None
    return _email(
        "forums-cancelled", registration, by_officer=bool(notification.payload.get("by_officer"))
    )


@registry.renderer("forums.reminder")
def render_reminder(notification):
    registration = _registration(notification)
    if registration is None or registration.status != Status.CONFIRMED:
        return None
    forum = registration.forum
    if forum.status not in LIVE or notification.occurrence != forum.start:
        return None
    return _email(
        "forums-reminder",
        registration,
        attachments=[ics_attachment(registration)],
        related=[qr_image(registration)],
    )


@registry.renderer("forums.changed")
def render_changed(notification):
    registration = _registration(notification)
    if registration is None or registration.status not in (Status.CONFIRMED, Status.WAITING):
        return None
    if registration.forum.status not in LIVE:
        return None
    return _email("forums-changed", registration, attachments=[ics_attachment(registration)])


@registry.renderer("forums.forum_cancelled")
def render_forum_cancelled(notification):
    registration = _registration(notification)
    if registration is None or registration.forum.status != Forum.Status.CANCELLED:
        return None
    return _email(
        "forums-forum-cancelled", registration, attachments=[ics_attachment(registration)]
    )


@registry.renderer("forums.feedback")
def render_feedback(notification):
    """The former feedback e-mail: the survey after a forum is now the surveys app's (its own
    invitations). Rows of this kind queued before the change are dropped, never sent."""
    return None


from forums import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
