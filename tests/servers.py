"""Run the portal in real server processes for the fault tests (gunicorn, Celery workers)."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The URL of the database the current test uses (the test database, not the real one)."""
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        user = params["USER"] or "postgres"
        host = params["HOST"] or "127.0.0.1"
        port = params["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{params['NAME']}"
    return f"sqlite:///{params['NAME']}"


def portal_env(**extra):
    env = {
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "fault-tests-" + "k" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def gunicorn(workers=1, **env):
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=portal_env(**env),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A cookie-keeping HTTP client for a real server, enough to post Django forms."""

    def __init__(self, base):
        import http.cookiejar

        self.base = base
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path, data=None, timeout=15):
        import urllib.parse

        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(f"{self.base}{path}", body, timeout=timeout) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def csrf_token(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post_form(self, path, data):
        """GET the form (for the CSRF cookie), then POST it."""
        self.request(path)
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token()})

    def sign_in(self, email):
        """Sign in through the forms, answering the second-factor step when it is asked."""
        from tests.factories import PASSWORD, totp_code

        status, headers, page = self.post_form(
            "/accounts/login/", {"login": email, "password": PASSWORD}
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        if "/2fa/authenticate/" in headers["Location"]:
            status, headers, page = self.post_form(headers["Location"], {"code": totp_code()})
            assert status == 302, page[page.find("<main") : page.find("</main>")]
        return headers["Location"]


@contextmanager
def redis_server(port=None):
    """A throwaway Redis on its own port, which a test may stop and start at will."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port, socket_connect_timeout=0.5)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.RedisError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def dispatch_via(redis_url):
    """What beat does every minute: ask a worker to run the dispatcher."""
    from celery import Celery

    app = Celery(broker=redis_url)
    app.send_task("portal.notifications.tasks.dispatch_due")
    app.close()


@contextmanager
def celery_worker(**env):
    """A real Celery worker process (prefork, one child) with the portal's settings.

    It leads its own process group, so that `kill_hard` can kill it with its pool at once,
    as when its machine dies or the kernel's OOM killer steps in.
    """
    process = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "portal",
            "worker",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=portal_env(**env),
        start_new_session=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        kill_hard(process)  # and any pool process left behind


def kill_hard(process):
    """SIGKILL a worker and its pool processes: no chance to finish or clean up anything."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=15)


def wait_for(predicate, timeout=45, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
