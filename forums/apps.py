from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from forums import emails  # noqa: F401  (registers the e-mail renderers)
        from forums.models import Forum, Registration
        from forums.providers import forum_engagements, forum_entries
        from portal import calendar
        from stakeholders import engagement

        calendar.register(forum_entries, models=[Forum, Registration])
        engagement.register(forum_engagements)

        from forums import opendata
        from portal import opendata as portal_opendata
        from portal import pagecache

        # The public calendar's feed (meetings and forums) and each public forum's file.
        portal_opendata.register(opendata.CALENDAR)
        portal_opendata.register(opendata.FORUMS)
        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        from forums import gauges

        gauges.register()  # seats left per forum on /metrics
