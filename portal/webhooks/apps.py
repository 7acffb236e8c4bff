from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # The notification kinds this app sends: a delivery (a POST, not an e-mail) and the
        # e-mail telling officers an endpoint was switched off.
        from portal.webhooks import emails, sending  # noqa: F401
