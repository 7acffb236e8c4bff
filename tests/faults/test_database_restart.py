"""After PostgreSQL restarts, the portal and the dispatcher reconnect by themselves.

The first tests run a PostgreSQL server of their own (initdb into a temporary folder, on a
free port; the machine's shared cluster, which the rest of the suite uses, is never stopped):
the portal is migrated into it and served by gunicorn and a Celery worker, then the server is
really stopped (`pg_ctl stop -m fast`) and started again. The others, on the shared cluster,
end the portal's sessions with pg_terminate_backend, which is what a restart does to every
client, to cut a dispatcher run off in the middle of its batch. What an operator sees and
does is in the README.
"""

import uuid
from collections import Counter

import psycopg2
import pytest
from django.db import connection

from portal.notifications import dispatcher as notifications
from portal.notifications.models import Notification
from tests import servers
from tests.faults.backends import delivered
from tests.faults.forms import SIGN_UP
from tests.notifications.factories import due_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILE_PER_MESSAGE = "tests.faults.backends.FilePerMessageBackend"
TEMPLATE = "portal_migrated"


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL server of this module's own, with the portal migrated into a template
    database (`migrate`, as an operator runs it) that each test copies."""
    bindir = servers.PostgresCluster.required_bindir()
    own = servers.PostgresCluster(bindir)
    try:
        own.init()
        own.start()
        own.execute(f"CREATE DATABASE {TEMPLATE}")
        servers.manage("migrate", "--verbosity", "0", DATABASE_URL=own.url(TEMPLATE))
        yield own
    finally:
        own.destroy()


@pytest.fixture
def own_database(cluster):
    """A freshly migrated database on the module's own server, running."""
    if not cluster.running():
        cluster.start()
    name = f"portal_{uuid.uuid4().hex[:12]}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    return cluster.url(name), name


def test_pages_answer_503_while_postgresql_is_stopped_and_every_request_succeeds_after(
    cluster, own_database
):
    url, name = own_database
    email = "fatou@example.ml"
    seed = f"from tests.factories import RepresentativeFactory as R; R(email={email!r})"
    servers.manage("shell", "-c", seed, DATABASE_URL=url)
    workers = 2
    with servers.gunicorn(workers=workers, DATABASE_URL=url, CONN_MAX_AGE=600) as base:
        person = servers.Browser(base)
        person.sign_in(email)
        for _ in range(6):  # both processes open a connection, and keep it
            assert servers.get(f"{base}/calendar/")[0] == 200
            assert person.request("/dashboard/")[0] == 200
        (kept,) = cluster.execute(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"
        )[0]
        assert kept >= 1

        cluster.stop()  # `pg_ctl stop -m fast`: every session ends

        for status, headers, page in (person.request("/dashboard/"), person.request("/")):
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert '<html lang="fr">' in page
            assert "<h1>Le portail est momentanément indisponible</h1>" in page
        status, body = servers.get(f"{base}/calendar/")
        assert status == 503
        status, body = servers.get(f"{base}/healthz")
        assert status == 503
        assert b'"database": "error: OperationalError"' in body
        assert b'"status": "error"' in body

        cluster.start()

        # At most one failed request per process is allowed ("after the first retry"); with
        # health-checked connections there is none: each process finds its connection dead
        # before using it and opens a new one.
        statuses = []
        for _ in range(5):
            statuses.append(servers.get(f"{base}/healthz")[0])
            statuses.append(servers.get(f"{base}/calendar/")[0])
            statuses.append(person.request("/dashboard/")[0])  # still signed in
        assert statuses == [200] * 15
        status, headers, page = servers.Browser(base).post_form("/accounts/signup/", SIGN_UP)
        assert status == 302, page[page.find("<main") : page.find("</main>")]

    ((people,),) = cluster.execute(
        "SELECT count(*) FROM accounts_user WHERE email = 'awa@example.ml'", name
    )
    assert people == 1


def test_a_dispatcher_run_while_postgresql_is_stopped_loses_nothing_and_sends_nothing_twice(
    cluster, own_database, broker_port, tmp_path
):
    url, name = own_database
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    log = tmp_path / "worker.log"
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": broker,
        "EMAIL_URL": f"filemail:///{mails}",
        "EMAIL_BACKEND": FILE_PER_MESSAGE,
    }

    def rows(sql):
        return cluster.execute(sql, name)

    def failed_runs():
        return log.read_text().count("raised unexpected: OperationalError")

    with servers.redis_server(broker_port), servers.celery_worker(log=log, **env):
        # A first run. (Celery closes a task's database connections when it ends: the next
        # run connects afresh, so no stale connection is left for the restart to break.)
        servers.dispatch_via(broker)
        assert servers.wait_for(lambda: rows("SELECT 1 FROM notifications_heartbeat"))
        servers.manage(
            "shell",
            "-c",
            "from tests.notifications.factories import due_rows; due_rows(30)",
            DATABASE_URL=url,
        )
        ids = {pk for (pk,) in rows("SELECT id FROM notifications_notification")}
        assert len(ids) == 30

        cluster.stop()
        servers.dispatch_via(broker)  # beat's run during the outage
        assert servers.wait_for(lambda: failed_runs() == 1)

        cluster.start()
        servers.dispatch_via(broker)  # beat's next run
        assert servers.wait_for(
            lambda: (
                rows("SELECT count(*) FROM notifications_notification WHERE status = 'sent'")[0][0]
                == len(ids)
            )
        )

    assert failed_runs() == 1  # the run after the restart worked at once
    assert rows("SELECT DISTINCT status FROM notifications_notification") == [("sent",)]
    assert Counter(pk for pk, _ in delivered(mails)) == dict.fromkeys(ids, 1)


def drop_other_connections():
    killer = psycopg2.connect(**connection.get_connection_params())
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND pid <> %s",
            [connection.connection.info.backend_pid],
        )
        (dropped,) = cursor.fetchone()
    killer.close()
    return dropped


def count(status):
    return Notification.objects.filter(status=status).count()


def test_the_first_request_after_the_database_dropped_its_connections_succeeds():
    connection.ensure_connection()
    with servers.gunicorn(workers=1, CONN_MAX_AGE=600) as base:
        assert servers.get(f"{base}/healthz")[0] == 200

        assert drop_other_connections() >= 1

        status, body = servers.get(f"{base}/healthz")
        assert status == 200, body
        assert servers.get(f"{base}/")[0] == 200


def test_no_request_fails_after_the_database_dropped_every_web_process_connection():
    connection.ensure_connection()
    with servers.gunicorn(workers=2, CONN_MAX_AGE=600) as base:
        for _ in range(6):  # both processes open a connection they keep
            assert servers.get(f"{base}/calendar/")[0] == 200

        assert drop_other_connections() >= 1

        statuses = [servers.get(f"{base}{path}")[0] for path in ["/", "/calendar/"] * 5]
        assert statuses == [200] * 10


def test_a_dispatcher_run_whose_connection_drops_goes_on_and_loses_nothing(
    broker_port, tmp_path, settings
):
    """A restart in the middle of a dispatcher run (here: the worker's session ended) costs
    the row it was sending at that moment one try, as a refusing mail server would: the run
    goes on over a new connection and sends the rest, and that row goes out again after its
    back-off. It may have reached the mail server before its "sent" mark was lost: at most
    that one is sent twice."""
    connection.ensure_connection()
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    ids = {row.pk for row in due_rows(40)}
    with (
        servers.redis_server(broker_port),
        servers.celery_worker(
            REDIS_URL=broker,
            EMAIL_URL=f"filemail:///{mails}",
            EMAIL_BACKEND="tests.faults.backends.FilePerMessageBackend",
            MAIL_DELAY_SECONDS=0.2,
            NOTIFICATIONS_BATCH_SIZE=20,
        ),
    ):
        servers.dispatch_via(broker)
        assert servers.wait_for(lambda: count("sent") >= 5, interval=0.05)
        assert drop_other_connections() >= 1  # the worker's, in the middle of its first batch

        assert servers.wait_for(lambda: count("sent") == len(ids) - 1)
        (retried,) = Notification.objects.filter(status="pending")
        assert retried.attempts == 1 and retried.last_error
        assert count("sending") == count("failed") == 0

    # Its back-off over, beat's run sends it.
    settings.EMAIL_BACKEND = "tests.faults.backends.FilePerMessageBackend"
    settings.EMAIL_FILE_PATH = str(mails)
    assert notifications.dispatch_due(now=retried.due_at) == 1

    copies = Counter(pk for pk, _ in delivered(mails))
    assert set(copies) == ids
    assert sum(n - 1 for n in copies.values()) <= 1
