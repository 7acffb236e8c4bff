from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from forums import feedback as forum_feedback
        from portal import pagecache
        from surveys import emails  # noqa: F401  (registers the e-mail renderers)
        from surveys.feedback import forum_links

        # The forum's pages link to its feedback survey (forums cannot import surveys).
        forum_feedback.register(forum_links)
        # The published results are kept for visitors until a survey row changes.
        pagecache.follow(self)
