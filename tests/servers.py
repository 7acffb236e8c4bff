"""Run the portal in real server processes for the fault tests (gunicorn, Celery workers)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, nullcontext
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
def gunicorn(workers=1, log=None, options=(), **env):
    """gunicorn serving the portal on a free port, with `env` and the extra command-line
    `options` (e.g. ("--config", "deploy/gunicorn.conf.py")); its output (the portal's log)
    goes to the file `log` when given. Yields its base URL."""
    port = free_port()
    output = open(log, "ab") if log else None  # noqa: SIM115  (closed in the finally below)
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
            *options,
        ],
        cwd=ROOT,
        env=portal_env(**env),
        stdout=output,
        stderr=output,
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
        if output:
            output.close()


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


class RedisServer:
    """A throwaway Redis on its own port, which a test may stop and start at will, under the
    feet of the portal's processes (the port stays the same, so their URL stays right)."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def answers(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(self.answers, timeout=10, interval=0.1), "Redis did not start"

    def stop(self):
        """As `systemctl stop redis` does: SIGTERM, and every client connection drops."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()


@contextmanager
def redis_server(port=None):
    with RedisServer(port) as server:
        yield server.url


def dispatch_via(redis_url):
    """What beat does every minute: ask a worker to run the dispatcher."""
    from celery import Celery

    app = Celery(broker=redis_url)
    app.send_task("portal.notifications.tasks.dispatch_due")
    app.close()


@contextmanager
def celery_worker(log=None, **env):
    """A real Celery worker process (prefork, one child) with the portal's settings; its
    output goes to the file `log` when given.

    It leads its own process group, so that `kill_hard` can kill it with its pool at once,
    as when its machine dies or the kernel's OOM killer steps in.
    """
    command = ["worker", "--concurrency", "1", "--without-gossip", "--without-mingle"]
    with _celery([*command, "--without-heartbeat"], log, env) as process:
        yield process


@contextmanager
def celery_beat(schedule, log=None, **env):
    """The real Celery beat, keeping its schedule in the file `schedule` (not the shared one
    under var/). NOTIFICATIONS_DISPATCH_SECONDS in `env` sets how often it runs the dispatcher."""
    with _celery(["beat", "--schedule", str(schedule)], log, env) as process:
        yield process


@contextmanager
def _celery(arguments, log, env):
    with open(log, "ab") if log else nullcontext() as output:
        process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "portal", *arguments, "--loglevel", "WARNING"],
            cwd=ROOT,
            env=portal_env(**env),
            start_new_session=True,
            stdout=output,
            stderr=output,
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


class PostgresCluster:
    """A PostgreSQL server of the test's own (initdb into a temporary folder, on a free port),
    which a test may stop and start without disturbing the machine's shared cluster.

    initdb and the server refuse to run as root, so as root they run as the `postgres` user,
    in a folder it owns. Fast rather than durable (fsync off): it lives for one test module.
    """

    def __init__(self, bindir):
        self.bindir = Path(bindir)
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        else:
            self.prefix = []

    @staticmethod
    def find_bindir():
        """The newest installed PostgreSQL's bin folder (Debian layout), or the one on PATH."""
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda path: (
                int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0
            ),
        )
        if versions:
            return versions[-1].parent
        initdb = shutil.which("initdb")
        return Path(initdb).resolve().parent if initdb else None

    @classmethod
    def required_bindir(cls):
        """find_bindir(), or the test skipped (failed with REQUIRE_SERVICES=1) saying what is
        missing to run a server of its own."""
        import pwd

        from tests.services import _missing

        bindir = cls.find_bindir()
        if bindir is None or not (bindir / "pg_ctl").exists():
            _missing("needs PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/<version>/bin)")
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                _missing("initdb refuses root, and there is no `postgres` user to run it as")
        return bindir

    def _run(self, program, *arguments):
        subprocess.run(
            [*self.prefix, str(self.bindir / program), *arguments],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def init(self, auth=("--auth", "trust")):
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            *auth,
            "--encoding",
            "UTF8",
            "--no-sync",
        )
        return self

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            "pg_ctl", "start", "--wait", "-D", str(self.data), "-l", str(self.log), "-o", options
        )

    def stop(self, mode="fast"):
        """`fast`: what `systemctl stop postgresql` and a restart do, every session ends."""
        self._run("pg_ctl", "stop", "--wait", "-D", str(self.data), "-m", mode)

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def connect(self, name="postgres"):
        import psycopg2

        db = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=name)
        db.autocommit = True
        return db

    def execute(self, sql, name="postgres"):
        """Run one statement in its own connection; return all rows (or None)."""
        db = self.connect(name)
        try:
            with db.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            db.close()

    def destroy(self):
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def manage(*arguments, **env):
    """Run a manage.py command as an operator would, with the portal's settings and `env`."""
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=portal_env(**env),
        check=True,
        stdout=subprocess.DEVNULL,
    )
