from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh

        # Gifts, hospitality, conflicts of interest.
        from actionplans import indicators
        from integrity import conflicts, emails  # noqa: F401  (emails: its renderers)
        from integrity.indicators import declarations_per_quarter
        from meetings import conflicts as meeting_conflicts

        meeting_conflicts.register(conflicts)
        indicators.register(declarations_per_quarter)
