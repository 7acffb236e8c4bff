import json
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import servers, services
from tests.deploy import stack as shape
from tests.deploy.kit import ROOT


@dataclass
class Stack:
    https_port: int
    http_port: int
    web_ports: list
    metrics_ports: list
    static_root: Path
    mails: Path
    logs: Path
    env: dict

    def client(self, **kwargs):
        """A browser talking to nginx over TLS."""
        origin = f"https://127.0.0.1:{self.https_port}"
        return shape.Client(self.https_port, origin=origin, **kwargs)

    def instance(self, index):
        """A client talking to one gunicorn instance directly, with the headers nginx adds
        (HTTPS, the client's address, the host name nginx passes on)."""
        return shape.Client(
            self.web_ports[index],
            tls=False,
            origin=f"https://127.0.0.1:{self.https_port}",
            headers={
                "Host": "127.0.0.1",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "127.0.0.1",
            },
        )

    def health(self):
        status, _, body = self.client().request("/healthz")
        return status, json.loads(body)

    def logs_text(self):
        return "\n".join(
            f"--- {path.name}\n{shape.read_log(path)}" for path in sorted(self.logs.iterdir())
        )


def _nginx():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    nginx = _nginx()
    if not nginx:
        services._missing("needs nginx (Debian package nginx) for the production-shape test")
    if not shutil.which("openssl"):
        services._missing("needs openssl for the test's certificate")
    if not shutil.which("redis-server"):
        services._missing("needs redis-server to run a Redis of the test's own")
    with django_db_blocker.unblock():
        services.require_postgres()
        database_url = servers.database_url()
    # A Redis of the stack's own: its worker and beat share no queue with another test's (the
    # module's tests may run in two xdist processes, each with its stack and test database),
    # and its rate-limit counters start at zero.
    redis = servers.RedisServer()
    redis_url = redis.url

    folder = tmp_path_factory.mktemp("deploy")
    logs = folder / "logs"
    logs.mkdir()
    static_root, mails = folder / "static", folder / "mails"
    https_port, http_port = servers.free_port(), servers.free_port()
    web_ports = [servers.free_port(), servers.free_port()]
    metrics_ports = [servers.free_port(), servers.free_port()]
    env = shape.portal_environment(
        PATH=f"{servers.BIN}:/usr/bin:/bin",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="deploy-test-" + secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"https://127.0.0.1:{https_port}",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{https_port}",
        EMAIL_URL=f"filemail:///{mails}",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=folder / "media",
        PRIVATE_MEDIA_ROOT=folder / "private",
        BEAT_SCHEDULE_FILE=folder / "celerybeat-schedule",
        NOTIFICATIONS_DISPATCH_SECONDS=2,  # beat's period; a minute in production
        WEB_CONCURRENCY=1,  # the machine running the suite has two cores for everything
        WORKER_CONCURRENCY=1,
        LOG_LEVEL="WARNING",
    )
    # As install.md does: collect the static files (hashed names: STATIC_MANIFEST=1 from the
    # environment file).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    cert, key = shape.self_signed_certificate(folder)
    conf = shape.nginx_configuration(
        folder,
        http_port=http_port,
        https_port=https_port,
        upstreams=[f"127.0.0.1:{port}" for port in web_ports],
        metrics_ports=metrics_ports,
        static_root=static_root,
        cert=cert,
        key=key,
    )
    checked = subprocess.run(
        [nginx, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr

    processes = []
    opened = []

    def log(name):
        handle = open(logs / f"{name}.log", "ab")
        opened.append(handle)
        return handle

    try:
        redis.start()
        for index, port in enumerate(web_ports, start=1):
            processes.append(
                shape.start_unit(
                    shape.WEB_UNIT,
                    env,
                    log(f"web{index}"),
                    instance=str(port),
                    runtime=folder / "run",
                )
            )
        processes.append(shape.start_unit("portal-worker.service", env, log("worker")))
        processes.append(shape.start_unit("portal-beat.service", env, log("beat")))
        processes.append(
            subprocess.Popen(
                [
                    nginx,
                    "-p",
                    str(folder),
                    "-e",
                    str(folder / "error.log"),
                    "-c",
                    str(conf),
                    "-g",
                    "daemon off;",
                ],
                stdout=log("nginx"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        result = Stack(
            https_port, http_port, web_ports, metrics_ports, static_root, mails, logs, env
        )

        def answering():
            try:
                return (
                    all(result.instance(i).request("/healthz")[0] == 200 for i in (0, 1))
                    and result.client().request("/healthz")[0] == 200
                )
            except OSError:
                return False

        assert servers.wait_for(answering, timeout=60, interval=0.3), result.logs_text()
        yield result
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                servers.kill_hard(process)
            else:
                servers.kill_hard(process)  # a worker's pool processes, if any are left
        for handle in opened:
            handle.close()
        redis.stop()
        with django_db_blocker.unblock():
            _forget_server_rows()


def _forget_server_rows():
    """What the servers wrote outside the transactional tests (the dispatcher's heartbeat,
    sessions): later tests of the same process expect a database as migrations left it."""
    from django.contrib.sessions.models import Session

    from portal.notifications.models import Heartbeat

    Heartbeat.objects.all().delete()
    Session.objects.all().delete()
