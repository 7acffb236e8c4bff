"""Loaded with `-p tests.pytest_env` (see pyproject.toml), before Django reads its settings.

Tests speak plain HTTP to the test client and to the live server of the browser tests, so
the production defaults that need HTTPS are switched off here, through the same environment
variables an operator would use. Tests run with DEBUG off, as production does, so they need a
SECRET_KEY (the portal refuses to start without one): a key for tests only. Values already set
in the environment win.
"""

import os

for name, value in {
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATIC_MANIFEST": "0",
    "SECRET_KEY": "tests-only-key-" + "Qm7vR2xK" * 6,
    # Every test client comes from 127.0.0.1: the API's limits would count the whole run's
    # requests together. The tests of the limits lower them for themselves.
    "API_RATE_PER_ADDRESS": "100000/minute",
    "API_RATE_PER_TOKEN": "100000/minute",
}.items():
    os.environ.setdefault(name, value)
