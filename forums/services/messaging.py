"""Messages from officers to a forum's registrants: one e-mail each, and a record kept."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from forums.models import ForumMessage, Registration
from portal.notifications import queue as notifications
from portal.notifications.emails import render_email

# The one-click unsubscribe purpose of these messages (registered in forums.emails).
MESSAGES = "forum-messages"


def message_registrants(forum, *, statuses, subject, body, acting_user, now=None):
    """Queue one e-mail per registrant whose status is in `statuses`; keep a record."""
    now = now or timezone.now()
    with transaction.atomic():
        registrations = (
            forum.registrations.filter(status__in=statuses, wants_messages=True)
            .select_related("user")
            .order_by("arrival")
        )
        sent = 0
        for registration in registrations:
            if not registration.email:
                continue
            with override(registration.language):
                message = render_email(
                    "forums-message",
                    registration.email,
                    {
                        "forum": forum,
                        "registration": registration,
                        "subject": subject,
                        "body": body,
                        "sender": acting_user,
                    },
                    unsubscribe=(MESSAGES, registration.pk),
                )
            notifications.queue_message(message, recipient=registration.user)
            sent += 1
        record = ForumMessage.objects.create(
            forum=forum,
            subject=subject,
            body=body,
            statuses=list(statuses),
            recipients=sent,
            sent_by=acting_user,
            sent_at=now,
        )
    return record


def stop_messages(*, registration_id, email, acting_user=None):
    """The registration leaves officers' messages (the one-click link of one of them, which
    names the registration and its address: a registration whose address changed since is
    left alone)."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None or (registration.email or "").lower() != email.lower():
            return
        if registration.wants_messages:
            registration.wants_messages = False
            registration.save(update_fields=["wants_messages"])
