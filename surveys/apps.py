from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from portal import pagecache

        # The published results are kept for visitors until a survey row changes.
        pagecache.follow(self)
