from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    label = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from announcements import emails  # noqa: F401  (registers the e-mail's renderer)
        from announcements.engagement import announcement_engagements
        from stakeholders import engagement

        engagement.register(announcement_engagements)

        # The registry's action on selected organisations: write an announcement to them.
        from stakeholders import bulk

        bulk.register(bulk.BulkAction("announce", _("Write to them"), "announcements:create"))
