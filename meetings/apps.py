from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from meetings import emails  # noqa: F401  (registers the e-mail renderers)
        from meetings.entries import meeting_engagements, meeting_entries
        from meetings.filters import BODY_FILTER
        from meetings.models import (
            DialogueBody,
            Invitation,
            InvitedOrganization,
            Meeting,
            OccurrenceException,
        )
        from portal import calendar
        from stakeholders import engagement, filters
        from stakeholders.models import Contact, Membership

        # Who sees a meeting: its visibility, the invitations (in person, through a contact
        # record, through an organisation one represents) and the viewer's groups.
        calendar.register(
            meeting_entries,
            models=[
                Meeting,
                OccurrenceException,
                DialogueBody,
                Invitation,
                InvitedOrganization,
                Contact,
                Membership,
                get_user_model().groups.through,
            ],
        )
        engagement.register(meeting_engagements)
        filters.register(BODY_FILTER)

        # The registry's action on selected organisations: invite them to a meeting.
        from stakeholders import bulk

        bulk.register(
            bulk.BulkAction("invite", _("Invite to a meeting"), "meetings:invite_organizations")
        )

        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh
