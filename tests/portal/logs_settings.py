"""The portal's settings (read from the environment, as in production: LOG_FORMAT, SENTRY_DSN,
ADMINS...) with tests/portal/logs_urls.py as the URLconf: DJANGO_SETTINGS_MODULE of the real
gunicorn in tests/portal/test_logs.py."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.portal.logs_urls"
