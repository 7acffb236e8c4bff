from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from portal.notifications.announcements import announcement_engagements
        from stakeholders import engagement

        engagement.register(announcement_engagements)
