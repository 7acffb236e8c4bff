from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "portal.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from portal import calendar
        from portal.meetings import emails  # noqa: F401  (registers the e-mail renderers)
        from portal.meetings.entries import meeting_engagements, meeting_entries
        from stakeholders import engagement

        calendar.register(meeting_entries)
        engagement.register(meeting_engagements)
