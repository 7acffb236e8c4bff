from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from portal import pagecache

        pagecache.follow(self)  # public pages showing these rows are drawn afresh
