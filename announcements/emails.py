"""An announcement's e-mails: their kind and key in the notification queue, and how each is
rendered at send time.

Each e-mail is a Notification row of kind "announcement" rendered when the dispatcher sends
it, in the recipient's language, and dropped if that person withdrew their consent meanwhile.
"""

from django.conf import settings
from django.db.models.functions import Lower

from announcements.models import Announcement
from portal.markdown import render_markdown
from portal.notifications import registry
from portal.notifications.emails import render_email
from stakeholders.emails import MAILINGS
from stakeholders.models import Contact

KIND = "announcement"


def key(announcement, email):
    """The idempotency key of the e-mail of `announcement` to `email`: made once, sent once."""
    return f"{KIND}:{announcement.pk}:{email.lower()}"


@registry.preparer(KIND)
def prepare(notifications):
    """Load the batch's announcements and who may still be written to, in two queries: a
    consenting contact with that address, of an organisation the announcement reached
    (consent can be withdrawn between the sending and the e-mail)."""
    ids = {n.target_id for n in notifications}
    announcements = Announcement.objects.in_bulk(ids)
    addresses = {n.email.lower() for n in notifications}
    still = set(
        Contact.objects.reachable()
        .annotate(address=Lower("email"))
        .filter(address__in=addresses, organization__announcements_received__announcement__in=ids)
        .values_list("organization__announcements_received__announcement", "address")
    )
    for notification in notifications:
        notification.prepared = (
            announcements.get(notification.target_id),
            (notification.target_id, notification.email.lower()) in still,
        )


@registry.renderer(KIND)
def render_announcement(notification):
    if not hasattr(notification, "prepared"):  # rendered outside a dispatcher's batch
        prepare([notification])
    announcement, reachable = notification.prepared
    if announcement is None or not reachable:
        return None
    return render_email(
        "announcement",
        notification.email,
        {
            "announcement": announcement,
            "body_html": render_markdown(announcement.body),
            "url": settings.SITE_URL + "/",
        },
        unsubscribe=(MAILINGS, None),
    )


from announcements import email_previews  # noqa: E402,F401  (registers the e-mail's preview)
