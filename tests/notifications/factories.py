from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from portal.notifications.queue import queue_message


def queue(address="someone@example.ml", subject="Objet", **kwargs):
    """Queue one ready-made message (kind "message"), due now."""
    message = EmailMultiAlternatives(subject, "Corps du message", to=[address])
    message.attach_alternative("<p>Corps du message</p>", "text/html")
    (row,) = queue_message(message, **kwargs)
    return row


def due_rows(count, *, kind="message"):
    from portal.notifications.models import Notification

    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            kind=kind,
            email=f"person{n}@example.ml",
            due_at=now,
            payload={
                "subject": f"Message {n}",
                "body": "Corps",
                "alternatives": [],
                "attachments": [],
            },
        )
        for n in range(count)
    )
