"""A request cut off by a database error gets the 503 page, even once the database answers.

While PostgreSQL starts (or fails over, or an administrator cancels a query), a request can
fail on the database and the database answer again a moment later, by the time the error page
is drawn. That request still failed for a reason that is not a bug: the visitor is told to come
back in a moment (503 with Retry-After), never the generic 500. Here PostgreSQL really cancels
the request's query (pg_cancel_backend from another session, what `pg_ctl stop -m fast` and an
operator's cancel do to a query), and the database is fine again at once.
"""

import threading

import psycopg2
import pytest
from django.db import connection
from django.test import Client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _cancel_the_first_query_on(table):
    """An execute wrapper: the request's first query on `table` is cancelled by PostgreSQL
    while it runs (it waits on pg_sleep so that the cancel finds it running)."""
    done = []
    dsn = connection.get_connection_params()

    def wrapper(execute, sql, params, many, context):
        if done or table not in sql:
            return execute(sql, params, many, context)
        done.append(sql)
        pid = connection.connection.info.backend_pid
        side = psycopg2.connect(**dsn)
        side.autocommit = True

        def cancel():
            with side.cursor() as cursor:
                cursor.execute("SELECT pg_cancel_backend(%s)", [pid])

        timer = threading.Timer(0.2, cancel)
        timer.start()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(10)")
            return execute(sql, params, many, context)
        finally:
            timer.join()
            side.close()

    return wrapper, done


@pytest.mark.parametrize("path", ["/calendar/", "/forums/"])
def test_a_query_cancelled_by_postgresql_gives_the_503_page_though_the_database_answers(
    settings, path
):
    settings.DEBUG = False
    wrapper, cancelled = _cancel_the_first_query_on("_")
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(wrapper):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")

    assert cancelled
    with connection.cursor() as cursor:  # the database answers: only the request failed
        cursor.execute("SELECT 1")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "<h1>Le portail est momentanément indisponible</h1>" in page
    assert client.get(path).status_code == 200
