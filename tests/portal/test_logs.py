"""Logs and errors (portal/logs.py): one JSON line per request and per error, the request's id
everywhere it goes (the response, the 500 page, the Celery task it causes, the error report),
and error reports to a Sentry-compatible server, or by e-mail to ADMINS, without the personal
data of whoever met the error.

The JSON and Sentry tests run the real gunicorn (and a real Celery worker) with the settings an
operator sets (LOG_FORMAT, SENTRY_DSN), and read what those processes write on their standard
error; the Sentry server is a small HTTP server of the test's own that keeps what it is sent.
The failing view is in a URLconf of the tests (tests/portal/logs_urls.py), served through
tests/portal/logs_settings.py: the portal's own URLs have no page that fails on purpose.
"""

import gzip
import json
import logging
import logging.config
import shutil
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings
from django.core import mail

from portal import logs
from tests import servers
from tests.factories import PASSWORD, RepresentativeFactory
from tests.faults.forms import SIGN_UP
from tests.services import _missing

LOGS_SETTINGS = "tests.portal.logs_settings"
RECEIPT = "RCPT-7Q4W-9X2M"  # a receipt code, as one could appear in a query string
# A reporter's address and browser, as the test client claims them (no traffic goes there).
ADDRESS, BROWSER = "198.51.100.23", "ReporterBrowser/1.0"


def json_lines(path):
    """Every line the process wrote, each parsed as JSON (a line that is not fails the test)."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _clear_server_cache():
    """The server processes keep allauth's rate limits in the test database's cache table,
    which flushing the database does not empty (see tests/faults/conftest.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if "portal_cache" in connection.introspection.table_names(cursor):
            cursor.execute("DELETE FROM portal_cache")


class FakeSentry:
    """Answers as Sentry's ingestion does (`POST /api/<project>/envelope/`) and keeps each
    request's body, uncompressed."""

    def __init__(self):
        bodies = self.bodies = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":
                    import brotli

                    body = brotli.decompress(body)
                bodies.append((self.path, body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.dsn = f"http://public@127.0.0.1:{self.server.server_port}/42"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self):
        """The events among the envelopes' items."""
        found = []
        for _path, body in self.bodies:
            lines = body.split(b"\n")
            for header, payload in zip(lines[1:], lines[2:], strict=False):
                try:
                    item = json.loads(header)
                except ValueError:
                    continue
                if isinstance(item, dict) and item.get("type") == "event":
                    found.append(json.loads(payload))
        return found

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_sentry():
    server = FakeSentry()
    yield server
    server.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_json_logs_and_the_sentry_event_of_a_forced_error_carry_its_request_id_and_no_personal_data(
    tmp_path, fake_sentry
):
    _clear_server_cache()
    user = RepresentativeFactory(email="awa.konate@example.ml")
    log = tmp_path / "web.log"
    with servers.gunicorn(
        log=log,
        DJANGO_SETTINGS_MODULE=LOGS_SETTINGS,
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        SENTRY_DSN=fake_sentry.dsn,
        SENTRY_ENVIRONMENT="recette",
        ADMINS="ops@example.ml",  # not used: Sentry is configured
    ) as base:
        browser = servers.Browser(base)
        browser.sign_in(user.email)
        status, headers, _page = browser.request("/dashboard/")
        assert status == 200
        page_id = headers["X-Request-ID"]
        # A form sent to the failing page: a password in its body, a receipt code in its
        # query string, the session cookie with it.
        status, headers, page = browser.request(
            f"/fail/?code={RECEIPT}",
            {"password": PASSWORD, "csrfmiddlewaretoken": browser.csrf_token()},
        )
        assert status == 500
        error_id = headers["X-Request-ID"]
    # (gunicorn has stopped: the Sentry client sent what it had before its process ended.)

    assert error_id != page_id
    # The 500 page gives the reference an operator searches for.
    assert error_id in page
    assert "recorded in the portal" in page or "journal du portail" in page

    entries = json_lines(log)
    # One error line for the error, with its traceback and its request's id.
    (error,) = [entry for entry in entries if entry["level"] == "ERROR"]
    assert error["request_id"] == error_id
    assert error["logger"] == "django.request"
    assert "RuntimeError: a bug in a view" in error["exception"]
    assert error["time"].endswith("Z")
    # One access line per request, with the person's numeric id (never the e-mail).
    access = {
        entry["request_id"]: entry for entry in entries if entry["logger"] == "portal.request"
    }
    page_line = access[page_id]
    assert (page_line["method"], page_line["path"], page_line["status"]) == (
        "GET",
        "/dashboard/",
        200,
    )
    assert page_line["user_id"] == user.pk
    assert isinstance(page_line["duration_ms"], float | int)
    assert access[error_id]["status"] == 500
    assert access[error_id]["path"] == "/fail/"  # no query string
    assert access[error_id]["user_id"] == user.pk
    # Nothing in the whole log of the client's address, browser, query string or password.
    text = log.read_text()
    for secret in (RECEIPT, PASSWORD, "Python-urllib", "127.0.0.1"):
        assert secret not in text
    for entry in access.values():
        assert user.email not in json.dumps(entry)

    # Exactly one event in Sentry, tagged with the request's id, scrubbed.
    (event,) = fake_sentry.events()
    assert event["tags"]["request_id"] == error_id
    assert event["environment"] == "recette"
    assert event["user"] == {"id": str(user.pk)}
    assert event["request"]["url"].endswith("/fail/")
    assert fake_sentry.bodies[0][0] == "/api/42/envelope/"
    sent = b"".join(body for _path, body in fake_sentry.bodies).decode()
    cookies = [cookie.value for cookie in browser.cookies]
    assert cookies  # the session and CSRF cookies were sent with the failing request
    for secret in (user.email, PASSWORD, RECEIPT, "Python-urllib", *cookies):
        assert secret not in sent


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_celery_task_a_request_causes_logs_the_requests_id(tmp_path):
    if not shutil.which("redis-server"):
        _missing("needs redis-server to run a Redis of the test's own")
    _clear_server_cache()
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    env = {
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "EMAIL_URL": f"filemail:///{tmp_path / 'mails'}",
    }
    with servers.redis_server() as broker:
        with (
            servers.celery_worker(log=worker_log, REDIS_URL=broker, **env),
            servers.gunicorn(log=web_log, REDIS_URL=broker, **env) as base,
        ):
            # A sign-up queues its confirmation e-mail and nudges a worker to send it now.
            status, headers, _page = servers.Browser(base).post_form("/accounts/signup/", SIGN_UP)
            assert status == 302
            request_id = headers["X-Request-ID"]

            def sent_line():
                lines = [
                    json.loads(line)
                    for line in worker_log.read_text().splitlines()
                    if line.startswith("{")
                ]
                return [entry for entry in lines if entry["message"].startswith("Sent ")]

            assert servers.wait_for(sent_line, timeout=30)

    (sent,) = sent_line()
    assert sent["request_id"] == request_id
    assert sent["task"] == "portal.notifications.tasks.dispatch_due"
    assert sent["logger"] == "portal.notifications.dispatcher"
    signup = [entry for entry in json_lines(web_log) if entry.get("request_id") == request_id]
    assert [entry["status"] for entry in signup if entry["logger"] == "portal.request"] == [302]


# --- In the test's own process ------------------------------------------------------------


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.portal.logs_urls"


@pytest.fixture
def admins(settings):
    """The logging an operator gets with ADMINS set and no SENTRY_DSN (portal/settings.py)."""
    settings.ADMINS = [("ops@example.ml", "ops@example.ml")]
    logging.config.dictConfig(logs.logging_config(admins=True))
    yield settings.ADMINS
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.mark.django_db
def test_without_sentry_an_error_is_emailed_to_the_admins_without_personal_data(
    client, failing_urls, admins
):
    user = RepresentativeFactory(email="awa.konate@example.ml")
    client.force_login(user)
    client.raise_request_exception = False

    response = client.post(
        f"/fail/?code={RECEIPT}",
        {"password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["ops@example.ml"]
    assert message.from_email == django_settings.SERVER_EMAIL
    assert "Internal Server Error: /fail/" in message.subject
    assert request_id in message.body
    assert f"user #{user.pk}" in message.body
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    for secret in (user.email, PASSWORD, RECEIPT, session, ADDRESS, BROWSER):
        assert secret not in message.body
        assert secret not in message.subject


@pytest.mark.django_db
def test_each_request_gets_an_id_kept_from_the_proxy_when_it_looks_like_one(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        from_nginx = client.get("/healthz", HTTP_X_REQUEST_ID="0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e0f")
        forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nINFO forged line")
        none = client.get("/healthz")

    assert from_nginx["X-Request-ID"] == "0f3c9a1e5b7d4c2a8e6f1b3d5a7c9e0f"
    assert forged["X-Request-ID"] != "x\nINFO forged line"
    assert len(forged["X-Request-ID"]) == 32 and len(none["X-Request-ID"]) == 32
    lines = [r for r in caplog.records if r.name == "portal.request"]
    assert [r.request_id for r in lines] == [
        from_nginx["X-Request-ID"],
        forged["X-Request-ID"],
        none["X-Request-ID"],
    ]
    assert [r.status for r in lines] == [200, 200, 200]


@pytest.mark.django_db
def test_a_secret_in_a_path_is_masked_in_the_request_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        client.get("/calendar/feed/s3cretFeedT0ken.ics")

    (line,) = [r for r in caplog.records if r.name == "portal.request"]
    assert line.path == "/calendar/feed/[hidden].ics"
    assert line.status == 404
    # Django's own "Not Found" line about it too.
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Not Found: /calendar/feed/[hidden].ics"
    ]
    assert "s3cretFeedT0ken" not in caplog.text


def test_a_text_line_reads_as_a_sentence_and_a_json_line_parses():
    record = logging.LogRecord("portal.request", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.request_id = "abc123def456"
    record.status = 200

    text = logs.TextFormatter().format(record)
    entry = json.loads(logs.JsonFormatter().format(record))

    assert text.endswith("INFO portal.request [abc123def456] GET / 200")
    assert entry["request_id"] == "abc123def456" and entry["status"] == 200
    assert entry["level"] == "INFO" and entry["message"] == "GET / 200"
