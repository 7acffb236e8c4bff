"""After PostgreSQL restarts, the portal reconnects by itself.

A restart drops every client connection. Terminating the portal's server processes' sessions
with pg_terminate_backend does exactly that to the portal, without stopping the server under
the rest of the suite. What an operator sees and does is in the README.
"""

import psycopg2
import pytest
from django.db import connection

from tests import servers

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


def test_the_first_request_after_the_database_dropped_its_connections_succeeds():
    connection.ensure_connection()
    with servers.gunicorn(workers=1, CONN_MAX_AGE=600) as base:
        assert servers.get(f"{base}/healthz")[0] == 200

        assert drop_other_connections() >= 1

        status, body = servers.get(f"{base}/healthz")
        assert status == 200, body
        assert servers.get(f"{base}/")[0] == 200
