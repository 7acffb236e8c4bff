from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from meetings import emails  # noqa: F401  (registers the e-mail renderers)
        from meetings.entries import meeting_engagements, meeting_entries, meeting_stamp
        from meetings.filters import BODY_FILTER
        from portal import calendar
        from stakeholders import engagement, filters

        calendar.register(meeting_entries, stamp=meeting_stamp)
        engagement.register(meeting_engagements)
        filters.register(BODY_FILTER)
