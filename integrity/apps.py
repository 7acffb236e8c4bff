from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from integrity import opendata
        from portal import opendata as portal_opendata
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh
        portal_opendata.register(opendata.REGISTER_DATASET)
        portal_opendata.register(opendata.GIFTS_DATASET)

        from actionplans import indicators
        from integrity import conflicts, emails, statistics  # noqa: F401  (emails: renderers)
        from integrity.indicators import declarations_per_quarter, entries_on_time
        from integrity.services import register as contact_register
        from meetings import conflicts as meeting_conflicts
        from meetings.services import minutes as meeting_minutes

        # The register of contacts: an entry for each meeting held with the private sector.
        meeting_minutes.on_held(contact_register.on_meeting_held)
        # Declared conflicts of interest: the warnings on meetings' invitations and co-chairs.
        meeting_conflicts.register(conflicts)

        # The registry's "last contact": the latest entry naming the organisation.
        from integrity import last_contact
        from stakeholders import contacts as stakeholder_contacts

        stakeholder_contacts.register(last_contact.latest_contact, help_text=last_contact.HELP_TEXT)
        # The action-plan dashboards' integrity indicators.
        for indicator in (
            entries_on_time,
            declarations_per_quarter,
            statistics.complaints_acknowledged_on_time,
            statistics.complaints_closed_on_time,
        ):
            indicators.register(indicator, group=_("Integrity indicators"))
