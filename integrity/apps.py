from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        # Complaints: their e-mails, and the dashboard's on-time indicators.
        from actionplans import indicators
        from integrity import emails, statistics  # noqa: F401  (registers the renderers)

        indicators.register(statistics.complaints_acknowledged_on_time)
        indicators.register(statistics.complaints_closed_on_time)
