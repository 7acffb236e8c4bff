"""Tests that need PostgreSQL or Redis ask for them here.

Without the service they are skipped with a reason; with REQUIRE_SERVICES=1 (CI) they fail
instead, so a CI run can never pass by skipping what it claims to check.
"""

import os

import pytest
from django.conf import settings
from django.db import connection


def services_required():
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _missing(reason):
    if services_required():
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure, not a skip)")
    pytest.skip(reason)


def require_postgres():
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://...")


def redis_url():
    return settings.REDIS_URL or os.environ.get("REDIS_URL", "")


def require_redis():
    url = redis_url()
    if not url:
        _missing("needs Redis: set REDIS_URL=redis://...")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        _missing(f"needs Redis at {url}, which does not answer: {exc}")
    return url
