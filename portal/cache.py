"""The portal's Redis cache: Django's, made safe to share Redis with Celery and to lose.

The cache holds security markers (allauth's "this TOTP code was already used", the rate
limits' counters), so it must not drop them early: with REDIS_URL set, it lives in Redis
(portal/settings.py). Two things Django's RedisCache does not do, this one does:

- `clear()` deletes the cache's own keys (those under its KEY_PREFIX) instead of flushing the
  whole Redis database, which holds Celery's queue too.
- While Redis does not answer, it serves from a fallback cache (the database cache, named by
  OPTIONS["FALLBACK"]) instead of failing: the portal keeps working with Redis down, sign-in
  included, as it promises (README, "When something fails"). After a failure the process
  stops asking Redis for RETRY_AFTER seconds, so a page does not wait on a dead Redis for every
  cache call. What the fallback does not know: markers and counters written to Redis before
  the outage (and, once Redis is back, those written to the fallback during it). So a TOTP
  code used in the 30 seconds before Redis went down (or came back) can be used once more,
  and rate-limit counts start again from zero, at each switch.
"""

import logging
import re
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.exceptions import ImproperlyConfigured
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# Redis answers a cache call in well under a millisecond; one that does not answer within a
# second is treated as down. One retry, at once, covers a pooled connection Redis has closed.
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "retry": Retry(NoBackoff(), 1),
}


class _OneClientPerPool(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every cache call, which costs about
    0.35 ms of CPU (it copies its table of some 170 reply parsers), three times what the call
    itself costs. One per connection pool serves every thread: the client holds no connection
    of its own, the pool hands each call one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    RETRY_AFTER = 10  # seconds without asking Redis after it failed to answer

    # Shared by the threads of a process (each thread has its own cache object), per Redis.
    _down_until = {}
    _lock = threading.Lock()
    _clock = staticmethod(time.monotonic)

    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **(params.get("OPTIONS") or {})}
        self._fallback_alias = options.pop("FALLBACK", None)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _OneClientPerPool
        if not self.key_prefix:
            raise ImproperlyConfigured(
                "portal.cache.RedisCache needs a KEY_PREFIX: it shares Redis with Celery."
            )
        self._location = server if isinstance(server, str) else ",".join(server)

    # --- Falling back while Redis is down ---------------------------------------------------

    def _redis_is_down(self):
        return self._clock() < self._down_until.get(self._location, 0)

    def _mark(self, down, error=None):
        with self._lock:
            was_down = self._location in self._down_until
            if down:
                self._down_until[self._location] = self._clock() + self.RETRY_AFTER
            else:
                self._down_until.pop(self._location, None)
        if down and not was_down:
            logger.warning(
                "The Redis cache does not answer (%s); using the %r cache meanwhile.",
                error.__class__.__name__,
                self._fallback_alias,
            )
        elif not down and was_down:
            logger.warning("The Redis cache answers again; back to it.")

    def _call(self, name, *args, **kwargs):
        return self._either(getattr(super(), name), name, *args, **kwargs)

    def _either(self, in_redis, name, *args, **kwargs):
        """`in_redis(*args, **kwargs)`, or the fallback cache's `name` while Redis is down."""
        if self._fallback_alias is None:
            return in_redis(*args, **kwargs)
        if not self._redis_is_down():
            try:
                result = in_redis(*args, **kwargs)
            except UNREACHABLE as error:
                self._mark(True, error)
            else:
                if self._location in self._down_until:
                    self._mark(False)
                return result
        return getattr(caches[self._fallback_alias], name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._either(self._clear_own_keys, "clear")

    # --- Clearing only the cache's own keys -------------------------------------------------

    def _clear_own_keys(self):
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
