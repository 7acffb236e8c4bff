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
