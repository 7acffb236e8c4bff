"""Settings for the benchmarks' gunicorn: production settings, minus what needs a deployment.

Static files are collected into a temporary STATIC_ROOT with the production storage (hashed,
pre-compressed names that whitenoise serves), the dispatcher is not nudged (no worker runs
during a benchmark) and plain HTTP on 127.0.0.1 is allowed.
"""

from portal.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
NOTIFICATIONS_NUDGE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The portal's URLs plus the trivial view that bench/pages.py measures as the ceiling.
ROOT_URLCONF = "bench._urls"

# Benchmarks of several databases may run at once on one Redis: each keeps its own cache keys
# (a page kept for visitors of one database is not served for another's).
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "default": {**CACHES["default"], "KEY_PREFIX": f"bench-{DATABASES['default']['NAME']}"},  # noqa: F405
}
