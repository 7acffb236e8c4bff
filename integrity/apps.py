from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        from actionplans import indicators
        from integrity import emails, statistics  # noqa: F401  (registers the e-mails' renderers)
        from integrity.indicators import entries_on_time
        from integrity.services import register as contact_register
        from meetings.services import minutes as meeting_minutes

        # The register of contacts: an entry for each meeting held with the private sector,
        # and the share of entries completed on time.
        meeting_minutes.on_held(contact_register.on_meeting_held)
        indicators.register(entries_on_time)
        # Complaints: the shares acknowledged and closed on time.
        indicators.register(statistics.complaints_acknowledged_on_time)
        indicators.register(statistics.complaints_closed_on_time)
