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
}.items():
    os.environ.setdefault(name, value)
