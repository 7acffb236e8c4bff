from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations import (
            agenda,
            engagement,
            notifications,  # noqa: F401  (registers the e-mail renderers)
        )
        from consultations.services.audiences import dialogue_body_members_changed
        from meetings.services import bodies
        from portal import agenda as agendas
        from stakeholders import engagement as organization_history

        organization_history.register(engagement.organization_consultations)
        agendas.register(agenda)
        bodies.on_members_changed(dialogue_body_members_changed)

        from consultations import opendata
        from portal import opendata as portal_opendata
        from portal import pagecache

        portal_opendata.register(opendata.DATASET)  # the list's downloads
        portal_opendata.register(opendata.REPORTS)  # each published report's PDF
        pagecache.follow(self)  # public pages showing these rows are drawn afresh
