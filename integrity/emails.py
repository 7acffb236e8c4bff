"""The e-mails the integrity registers send, rendered at send time by the notification
dispatcher (in the recipient's language and time zone).

The register of contacts reminds the officer who held a contact to complete its entry; the
renderer returns None (the row is dropped) once the entry is no longer a draft, its due date
has moved, or someone else now holds it.
"""

from django.conf import settings
from django.urls import reverse

from integrity.models import ContactEntry
from integrity.services import register as register_services
from portal.notifications import registry
from portal.notifications.emails import render_email


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


@registry.renderer(register_services.REMINDER_KIND)
def render_entry_due(notification):
    entry = (
        ContactEntry.objects.select_related("meeting", "officer")
        .filter(pk=notification.target_id)
        .first()
    )
    if entry is None or not entry.is_draft:
        return None
    if notification.payload.get("due_on") != entry.due_on.isoformat():
        return None  # the contact's date changed: the reminder made for the new date goes
    if notification.recipient_id is None or notification.recipient_id != entry.officer_id:
        return None
    context = {
        "entry": entry,
        # The officer sees every meeting: naming the meeting to them leaks nothing.
        "label": entry.subject or (entry.meeting.title if entry.meeting else ""),
        "recipient": entry.officer,
        "url": _absolute(reverse("integrity:entry_edit", args=[entry.pk])),
    }
    return render_email("integrity-entry_due", notification.email, context)
