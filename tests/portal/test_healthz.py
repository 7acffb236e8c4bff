import subprocess
import sys

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from portal.notifications import dispatcher as notifications
from tests import services

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_the_broker(client):
    notifications.dispatch_due()  # the dispatcher has just run

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in ("ok",) or body["broker"].startswith("error")
    assert body["status"] == "ok"


def test_healthz_reports_a_silent_dispatcher_and_a_running_one(client):
    assert client.get(reverse("healthz")).json()["dispatcher"] == "silent"

    notifications.dispatch_due()

    assert client.get(reverse("healthz")).json()["dispatcher"] == "ok"


def test_healthz_says_degraded_with_the_reason_but_answers_200_when_the_dispatcher_is_silent(
    client,
):
    response = client.get(reverse("healthz"))  # no dispatcher run yet

    assert response.status_code == 200  # the web is up: pages are served
    body = response.json()
    assert body["status"] == "degraded"
    assert body["dispatcher"] == "silent"
    assert any(reason.startswith("dispatcher silent") for reason in body["reasons"])


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"].startswith("error")


def test_a_broker_that_does_not_answer_is_reported_but_not_fatal(client, settings):
    from portal.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = original

    assert response.status_code == 200
    assert response.json()["broker"].startswith("error")


@pytest.mark.redis
def test_healthz_sees_a_real_redis_broker(client):
    from portal.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = services.redis_url()
    try:
        body = client.get(reverse("healthz")).json()
    finally:
        app.conf.broker_url = original

    assert body["broker"] == "ok"


def test_healthz_is_not_redirected_to_https_when_other_pages_are(client, settings):
    """A load balancer probes over plain HTTP; the SSL redirect must leave /healthz alone."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200


def _production_env():
    import os

    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x7Q9z" * 12,
        "ALLOWED_HOSTS": "portal.example.ml",
    }


def test_check_deploy_has_no_warning_under_production_settings():
    env = _production_env()

    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )

    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_a_missing_service_skips_the_test_and_fails_it_when_services_are_required(monkeypatch):
    monkeypatch.delenv("REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs PostgreSQL"):
        services._missing("needs PostgreSQL")

    monkeypatch.setenv("REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="needs PostgreSQL"):
        services._missing("needs PostgreSQL")
