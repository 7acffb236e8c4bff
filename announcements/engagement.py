"""What an organisation took part in, for its page: the announcements it received."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from announcements.models import Announcement, AnnouncementOrganization
from stakeholders.engagement import EngagementItem


def announcement_engagements(organization, user):
    """The announcements `organization` received, for those who may see announcements."""
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
