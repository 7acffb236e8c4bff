from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The open data page's datasets the API serves, and the endpoint that serves each.
DATASETS = {
    "forums": "api:forum-list",
    "public-calendar": "api:calendar-list",
    "consultations": "api:consultation-list",
    "commitments": "api:commitment-list",
    "register-of-contacts": "api:register-list",
    "directory": "api:directory-list",
}


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from portal import opendata

        for slug, url_name in DATASETS.items():
            opendata.served_by_api(slug, url_name)
