"""After PostgreSQL restarts, the portal and the dispatcher reconnect by themselves.

A restart drops every client connection. Terminating the sessions of the portal's server
processes with pg_terminate_backend does exactly that to the portal, without stopping the
server under the rest of the suite (other test processes share it; only this test's own
database is touched). What an operator sees and does is in the README.
"""

from collections import Counter
from datetime import timedelta

import psycopg2
import pytest
from django.db import connection
from django.utils import timezone

from portal.notifications import services as notifications
from portal.notifications.models import Heartbeat, Notification
from tests import servers
from tests.faults.backends import delivered
from tests.notifications.factories import due_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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


def test_a_dispatcher_run_cut_off_by_the_restart_loses_nothing_and_the_next_run_works(
    broker_port, tmp_path
):
    """Celery closes a task's database connections when it ends, so a restart between two
    dispatcher runs costs nothing. One in the middle of a run fails that run: the next run
    (beat's, a minute later) sends what was waiting, and the rows the cut-off run had claimed
    go out once CLAIM_TIMEOUT has passed; at most the one in flight is sent twice."""
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

        servers.dispatch_via(broker)  # beat's next run
        # Only a run that finished records the heartbeat: the cut-off one never did.
        assert servers.wait_for(lambda: Heartbeat.objects.filter(name="dispatcher").exists())
        stuck = count("sending")
        assert 0 < stuck < 20
        assert count("pending") == count("failed") == 0

        later = timezone.now() + notifications.CLAIM_TIMEOUT + timedelta(seconds=1)
        assert notifications.release_stale_claims(now=later) == stuck
        servers.dispatch_via(broker)
        assert servers.wait_for(lambda: count("sent") == len(ids))

    copies = Counter(pk for pk, _ in delivered(mails))
    assert set(copies) == ids
    assert sum(n - 1 for n in copies.values()) <= 1
