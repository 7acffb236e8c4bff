"""Announcements: what a segment of the registry is, how its e-mails are rendered, and where
they show in an organisation's engagement history.

The segment is chosen with the stakeholder list's own filters (stakeholders.filters), so a
segment means what the list shows; it is written to through its contacts who agreed to be
contacted (Contact.objects.mailing_list(): one per address). Writing is
services.send_announcement; each e-mail is a Notification row rendered at send time, in the
recipient's language, and dropped if that person withdrew their consent meanwhile.
"""

from functools import cached_property

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.markdown import render_markdown
from portal.notifications import registry
from portal.notifications.emails import render_email
from portal.notifications.models import Announcement, AnnouncementOrganization
from stakeholders import filters
from stakeholders.models import Contact

KIND = "announcement"
SAMPLE_SIZE = 10


def key(announcement, email):
    """The idempotency key of the e-mail of `announcement` to `email`: made once, sent once."""
    return f"{KIND}:{announcement.pk}:{email.lower()}"


class Segment:
    """The organisations the stakeholder list's filters select for `user`, and whom of their
    contacts an announcement to them writes to. Each figure is read once, when first asked."""

    def __init__(self, params, *, user):
        self.form, self.queryset = filters.organizations(params, user=user)

    @property
    def is_valid(self):
        """An announcement needs every filter valid: an invalid one is not silently dropped
        (as the list does), since that would write to more people than the officer chose."""
        return self.form.is_valid()

    def _contacts(self):
        return Contact.objects.filter(organization__in=self.queryset.values("pk"))

    @cached_property
    def organizations(self):
        """How many organisations match the filters."""
        return self.queryset.count()

    @cached_property
    def contacts(self):
        """The contacts written to: those who consent and have an address, one per address."""
        return self._contacts().mailing_list()

    @cached_property
    def reached(self):
        """{organisation id: how many of its contacts' addresses are written to}."""
        rows = (
            self._contacts()
            .reachable()
            .order_by()
            .values("organization")
            .annotate(addresses=Count(Lower("email"), distinct=True))
        )
        return {row["organization"]: row["addresses"] for row in rows}

    @cached_property
    def unreachable_contacts(self):
        """Contacts of these organisations left out: no consent, or no address."""
        return self._contacts().filter(Q(consent=False) | Q(email="")).count()

    @cached_property
    def sample(self):
        """The first organisations of the segment by name, to check it is the one meant."""
        return [str(o) for o in self.queryset.order_by("name", "pk")[:SAMPLE_SIZE]]

    @property
    def more(self):
        """How many organisations of the segment the sample leaves out."""
        return self.organizations - len(self.sample)


# --- The e-mail -------------------------------------------------------------------------


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
    )


# --- The engagement history -------------------------------------------------------------


def announcement_engagements(organization, user):
    """The announcements `organization` received, for those who may see announcements."""
    from stakeholders.engagement import EngagementItem

    rows = (
        AnnouncementOrganization.objects.filter(
            organization=organization,
            announcement__in=Announcement.objects.visible_to(user),
        )
        .select_related("announcement")
        .order_by("-announcement__created_at", "-announcement__pk")[:200]
    )
    return [
        EngagementItem(
            when=row.announcement.sent_at or row.announcement.created_at,
            kind_label=_("Announcement"),
            title=row.announcement.subject,
            url=row.announcement.get_absolute_url(),
            detail=ngettext(
                "written to %(count)s contact", "written to %(count)s contacts", row.contacts
            )
            % {"count": row.contacts},
        )
        for row in rows
    ]
