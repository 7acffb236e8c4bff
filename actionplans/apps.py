from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self):
        from actionplans import commitments, digest, emails, engagement  # noqa: F401  (renderers)
        from meetings import tracking
        from stakeholders import engagement as stakeholder_engagement

        stakeholder_engagement.register(engagement.partner_actions)
        tracking.register(commitments.tracker)

        from actionplans import opendata
        from portal import opendata as portal_opendata
        from portal import pagecache

        portal_opendata.register(opendata.DATASET)  # the board's downloads on the open data page
        pagecache.follow(self)  # public pages showing these rows are drawn afresh
