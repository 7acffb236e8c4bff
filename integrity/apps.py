from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        # The register of contacts: an entry for each meeting held with the private sector,
        # the officers' reminders, and the share of entries completed on time.
        from actionplans import indicators as actionplan_indicators
        from integrity import emails  # noqa: F401  (registers the e-mails' renderers)
        from integrity.indicators import entries_on_time
        from integrity.services import register as contact_register
        from meetings.services import minutes as meeting_minutes

        meeting_minutes.on_held(contact_register.on_meeting_held)
        actionplan_indicators.register(entries_on_time)
