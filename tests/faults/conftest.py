import shutil

import pytest

from tests import servers
from tests.services import _missing


@pytest.fixture
def broker_port():
    """A free port for a Redis of the test's own, which it may stop and start at will."""
    if not shutil.which("redis-server"):
        _missing("needs redis-server to run a Redis of the test's own")
    return servers.free_port()


@pytest.fixture(autouse=True)
def _empty_server_cache(transactional_db):
    """The server processes keep their cache (allauth's rate limits among it) in the test's
    own Redis, which starts empty, and while that Redis is down in the database's cache table,
    which flushing the test database does not empty: without this, a re-run within minutes
    (with --reuse-db) would find "one confirmation e-mail per address every three minutes"
    already spent."""
    from django.db import connection

    table = "portal_cache"  # settings.CACHES names it; the test process itself uses locmem
    with connection.cursor() as cursor:
        if table in connection.introspection.table_names(cursor):
            cursor.execute(f"DELETE FROM {table}")
