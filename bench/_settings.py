"""Settings for the benchmarks' gunicorn: production settings, minus what needs a deployment.

Static files are served from the finders (no collectstatic manifest), the dispatcher is not
nudged (no worker runs during a benchmark) and plain HTTP on 127.0.0.1 is allowed.
"""

import warnings

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

# No collectstatic for a benchmark: whitenoise serves from the finders, so an absent
# STATIC_ROOT is expected.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NOTIFICATIONS_NUDGE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The portal's URLs plus the trivial view that bench/pages.py measures as the ceiling.
ROOT_URLCONF = "bench._urls"
