from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from portal.accounts import hooks
        from stakeholders import (
            emails,  # noqa: F401  (registers the membership e-mails)
            membership,
        )

        hooks.on_signed_up(membership.request_at_signup)
        hooks.on_address_confirmed(membership.address_now_confirmed)

        from portal import opendata as portal_opendata
        from portal import pagecache
        from stakeholders import opendata

        portal_opendata.register(opendata.DATASET)  # the directory's downloads
        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        # The registry's own action on selected organisations (meetings and announcements
        # add theirs in their ready()).
        from stakeholders import bulk

        bulk.register(
            bulk.BulkAction("export", _("Export the selection"), "stakeholders:selection_export")
        )
