"""Sending an announcement: the one way an Announcement, its reached organisations and its
e-mails are made."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from announcements import emails
from announcements.models import Announcement, AnnouncementOrganization
from announcements.segments import Segment
from portal import permissions
from portal.notifications import queue as notifications


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


EMPTY_SEGMENT = _("No contact in this segment agreed to be contacted.")


def send_announcement(*, acting_user, subject, body, filters, token=None, now=None):
    """Write `subject` and `body` (Markdown) to the segment of the registry that `filters`
    selects (the stakeholder list's filters, as its query string carries them).

    The segment is resolved once, here: one e-mail per address of a contact who agreed to be
    contacted, queued in that contact's language, and one record per organisation reached
    (its engagement history). The e-mails go out through the dispatcher, after the commit;
    nothing here waits on the broker or the mail server. With the preview's `token`, sending
    again (a second click) returns the announcement already made.
    """
    if not permissions.is_customs(acting_user):
        raise PermissionDenied
    try:
        with transaction.atomic():
            if token is not None and (done := Announcement.objects.filter(token=token).first()):
                return done
            segment = Segment(filters, user=acting_user)
            if not segment.is_valid:
                raise Refused(_("Some filters of the segment are not valid."))
            contacts = segment.contacts
            if not contacts:
                raise Refused(EMPTY_SEGMENT)
            announcement = Announcement(
                subject=subject,
                body=body,
                filters=segment.parameters(),
                author=acting_user,
                recipients=len(contacts),
                token=token,
                sent_at=now or timezone.now(),
            )
            announcement._history_user = acting_user
            announcement.save()
            AnnouncementOrganization.objects.bulk_create(
                AnnouncementOrganization(
                    announcement=announcement, organization_id=organization_id, contacts=count
                )
                for organization_id, count in segment.reached.items()
            )
            for contact in contacts:
                email = contact.email.lower()
                notifications.notify(
                    emails.KIND,
                    target=announcement,
                    email=email,
                    recipient=contact.user,
                    language=contact.mail_language,
                    key=emails.key(announcement, email),
                )
    except IntegrityError:
        # The same token sent twice at once: the other request's announcement stands.
        if token is not None and (done := Announcement.objects.filter(token=token).first()):
            return done
        raise
    return announcement
