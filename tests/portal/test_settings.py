"""Settings that refuse to let the portal start unsafely. Each case starts a fresh Python
process, since the settings are read once per process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
REAL_KEY = "k3y-" + "x7Q9z" * 12


def start(**env):
    """Load the portal's settings as gunicorn or celery would; (return code, stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        },
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stderr


def test_the_portal_refuses_to_start_without_a_secret_key_when_debug_is_off():
    code, errors = start(DEBUG="0")

    assert code != 0
    assert "ImproperlyConfigured" in errors
    assert "SECRET_KEY" in errors and "DEBUG=1" in errors


def test_the_portal_refuses_to_start_with_a_weak_or_placeholder_secret_key():
    for key in ("", "short", "django-insecure-laptop-only-key-change-me", "a" * 60):
        code, errors = start(DEBUG="0", SECRET_KEY=key)

        assert code != 0, key
        assert "ImproperlyConfigured" in errors, key


def test_the_portal_starts_with_a_real_secret_key():
    assert start(DEBUG="0", SECRET_KEY=REAL_KEY) == (0, "")


def test_a_developers_machine_starts_without_a_secret_key():
    code, errors = start(DEBUG="1")

    assert (code, errors) == (0, "")


def test_the_embedded_celery_transport_keeps_all_its_folders_under_var():
    """kombu's file-system transport writes its control exchange to ./control unless told."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['control_folder'])",
        ],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "DEBUG": "1",
        },
        capture_output=True,
        text=True,
    )

    folder = Path(done.stdout.strip())
    assert folder.is_relative_to(ROOT / "var"), done.stderr


def test_an_unknown_database_pooler_stops_the_portal_from_starting():
    """A typo must not leave server-side cursors on behind PgBouncer (docs/operations.md,
    "Scaling out"); what the setting does is shown in tests/deploy/test_pgbouncer.py."""
    code, errors = start(DEBUG="1", DATABASE_POOLER="pgbouncr")

    assert code != 0
    assert "ImproperlyConfigured" in errors and "DATABASE_POOLER" in errors
    assert start(DEBUG="1", DATABASE_POOLER="pgbouncer") == (0, "")


def test_a_malformed_address_allowed_to_read_metrics_stops_the_portal_at_start():
    code, errors = start(DEBUG="1", METRICS_ALLOWED_IPS="10.0.0.0/8,intranet")

    assert code != 0
    assert "ImproperlyConfigured" in errors and "'intranet'" in errors
