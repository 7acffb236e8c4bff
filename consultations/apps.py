from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from consultations import engagement, notifications  # noqa: F401  (registers renderers)
        from stakeholders import engagement as organization_history

        organization_history.register(engagement.organization_consultations)
