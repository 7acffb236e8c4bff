"""The cache holds security markers: allauth's "this TOTP code was already used" (for as long
as the code stays valid) and the rate limits' counters. A marker that the cache drops early
lets the same code in twice, so the cache must keep every marker for its whole lifetime,
however busy the portal is: Redis when REDIS_URL is set, otherwise the database cache with a
limit no burst of writes reaches. The tests use the cache settings the portal runs with
(portal/settings.py), not the test run's own (tests/conftest.py gives each test a local one).
"""

import importlib
import time
from datetime import UTC, datetime

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import servers
from tests.factories import PASSWORD, TOTP_SECRET, OfficerFactory, RepresentativeFactory, totp_code

pytestmark = pytest.mark.django_db

production = importlib.import_module("portal.settings")

OTHER_WRITES = 10_000


def database_cache():
    """The database cache as the portal configures it (its cache when REDIS_URL is unset)."""
    return next(
        config
        for config in production.CACHES.values()
        if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    )


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def give_code(client, officer, code):
    """Sign in through the form and answer the second-factor step with `code`."""
    response = client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code})


def busy_morning(writes=OTHER_WRITES):
    """`writes` rate-limit counters, as a registration morning leaves them: one per address,
    each kept a minute (keys sort after the TOTP markers', which a cull by key takes first)."""
    for number in range(writes):
        address = f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"
        key = f"allauth:rl:allauth.account:signup:20/60.0/ip:ip:{address}"
        cache.set(key, [time.time()], timeout=60)


def start_of_a_totp_period():
    now = int(time.time())
    return datetime.fromtimestamp(now - now % 30 + 1, UTC)


def assert_used_code_refused_after_a_busy_morning(client):
    officer = OfficerFactory()
    # Time stands still, so the code stays valid throughout: only the marker can refuse it.
    with time_machine.travel(start_of_a_totp_period(), tick=False):
        code = totp_code(TOTP_SECRET)
        first = give_code(client, officer, code)
        assert first["Location"] == reverse("dashboard")

        busy_morning()

        elsewhere = Client()  # another browser, another web process: the same shared cache
        again = give_code(elsewhere, officer, code)
        assert totp_code(TOTP_SECRET) == code  # still the current code...
        assert again.status_code == 200  # ...and yet refused: the form again, with its error
        assert "_auth_user_id" not in elsewhere.session


def test_a_used_totp_code_is_refused_after_ten_thousand_other_database_cache_writes(
    client, settings, _fast_passwords
):
    settings.CACHES = {"default": database_cache()}

    assert_used_code_refused_after_a_busy_morning(client)


@pytest.mark.redis
def test_a_used_totp_code_is_refused_after_ten_thousand_other_redis_cache_writes(
    client, redis_cache, _fast_passwords
):
    assert_used_code_refused_after_a_busy_morning(client)


@pytest.mark.redis
def test_the_portal_caches_in_redis_whenever_redis_url_is_set():
    assert production.REDIS_URL
    assert production.CACHES["default"]["BACKEND"] == "portal.cache.RedisCache"
    assert production.CACHES["default"]["KEY_PREFIX"]
    assert production.CACHES["default"]["OPTIONS"]["FALLBACK"] == "database"


@pytest.mark.redis
def test_sign_in_limits_count_in_the_redis_cache(client, redis_cache, _fast_passwords):
    RepresentativeFactory(email="rep@example.ml")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "rep@example.ml", "password": "nope"})

    response = client.post(
        reverse("account_login"), {"login": "rep@example.ml", "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session  # refused, the right password notwithstanding
    assert "Trop de tentatives" in response.content.decode()
    assert any(key.startswith(f"{redis_cache.key_prefix}:") for key in redis_keys())


def redis_keys():
    from tests.services import redis_url

    return [key.decode() for key in redis.Redis.from_url(redis_url()).keys("*")]


@pytest.mark.redis
def test_clearing_the_cache_deletes_only_its_own_keys_from_redis(redis_cache):
    from tests.services import redis_url

    other = redis.Redis.from_url(redis_url())
    other.set("celery-like-key-of-the-broker", "kept", ex=60)
    cache.set("marker", "y")

    cache.clear()

    assert cache.get("marker") is None
    assert other.get("celery-like-key-of-the-broker") == b"kept"
    other.delete("celery-like-key-of-the-broker")


@pytest.fixture
def redis_down(settings):
    """The portal's Redis cache, pointed at a port where nothing answers."""
    dead = f"redis://127.0.0.1:{servers.free_port()}/0"
    settings.CACHES = {
        "default": {**production.REDIS_CACHE, "LOCATION": dead},
        "database": production.DATABASE_CACHE,
    }


def test_an_officer_signs_in_with_the_second_factor_while_the_redis_cache_is_down(
    client, redis_down, _fast_passwords
):
    officer = OfficerFactory()
    with time_machine.travel(start_of_a_totp_period(), tick=False):
        code = totp_code(TOTP_SECRET)

        assert give_code(client, officer, code)["Location"] == reverse("dashboard")
        assert client.get(reverse("dashboard")).status_code == 200
        # The markers went to the database meanwhile: the code is still used only once.
        again = give_code(Client(), officer, code)
        assert again.status_code == 200


def test_sign_in_limits_still_count_while_the_redis_cache_is_down(
    client, redis_down, _fast_passwords
):
    RepresentativeFactory(email="rep@example.ml")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "rep@example.ml", "password": "nope"})

    response = client.post(
        reverse("account_login"), {"login": "rep@example.ml", "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session  # refused, the right password notwithstanding
    assert "Trop de tentatives" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache WHERE cache_key LIKE '%allauth:rl:%'")
        assert cursor.fetchone()[0] > 0  # the counters went to the database meanwhile


def test_after_redis_fails_to_answer_a_process_leaves_it_alone_for_ten_seconds(
    redis_down, monkeypatch
):
    from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

    from portal.cache import RedisCache

    asked = []
    ask_redis = DjangoRedisCache.get
    monkeypatch.setattr(
        DjangoRedisCache, "get", lambda self, *a, **k: asked.append(a) or ask_redis(self, *a, **k)
    )
    now = [1000.0]
    monkeypatch.setattr(RedisCache, "_clock", staticmethod(lambda: now[0]))

    cache.get("first")
    cache.get("second")
    now[0] += RedisCache.RETRY_AFTER - 1
    cache.get("third")
    now[0] += 2
    cache.get("fourth")

    assert [key for key, *_ in asked] == ["first", "fourth"]


@pytest.mark.redis
def test_a_code_used_just_before_the_redis_cache_goes_down_is_accepted_once_more_meanwhile(
    client, redis_cache, settings, _fast_passwords
):
    """The price of signing in while Redis is down (README, "The cache"): the database cache
    that stands in does not know the markers Redis holds."""
    officer = OfficerFactory()
    with time_machine.travel(start_of_a_totp_period(), tick=False):
        code = totp_code(TOTP_SECRET)
        assert give_code(client, officer, code)["Location"] == reverse("dashboard")

        dead = f"redis://127.0.0.1:{servers.free_port()}/0"
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": dead},
        }

        assert give_code(Client(), officer, code)["Location"] == reverse("dashboard")
