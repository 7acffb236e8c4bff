"""The portal's own rate limits: counted without a lock, so that a rush stays fast.

The limits are written in ACCOUNT_RATE_LIMITS beside allauth's own (sign-in, sign-up, ...), in
the same notation ("10/10m/user,2000/10m/ip"), and whoever goes over one gets the same page
(templates/429.html). allauth counts each key with a history of timestamps guarded by a lock in
the cache, waiting at most a second for that lock and answering 429 when it cannot get it: fine
for sign-ins, but when 500 people behind one address register for a forum at the same moment,
they all queue on that address's lock, and some are refused though under every limit.

Here each limit is a counter per window (the window's length is the limit's duration), which
the cache increments atomically (Redis INCR): no lock, one round trip per limit. A fixed window
lets up to twice the amount through across a window's boundary, which is what these ceilings
are for (stopping a loop, not metering). POSTs only; reading a page is never limited.
"""

import functools
import time

from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import get_ip, parse_rates
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.core.cache import cache


def rate_limit(action):
    """Refuse (429) a POST to the view beyond the limits ACCOUNT_RATE_LIMITS[action] names."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not consume(request, action):
                return respond_429(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def consume(request, action):
    """Count this request against each of the action's limits; False when one is exceeded."""
    now = time.time()
    allowed = True
    limits = settings.ACCOUNT_RATE_LIMITS or {}  # False turns every limit off, as for allauth
    for rate in parse_rates(limits.get(action)):
        if rate.per == "user":
            source = f"user:{request.user.pk}"
        elif rate.per == "ip":
            source = f"ip:{get_ip(request)}"
        else:
            raise ValueError(f"{action}: the portal's limits count per user or per ip")
        window = int(now // rate.duration)
        key = f"portal:rl:{action}:{rate}:{source}:{window}"
        if count_hit(key, timeout=int(rate.duration) + 1) > rate.amount:
            allowed = False
    return allowed


def count_hit(key, *, timeout):
    """Add one to the counter `key` (made, expiring after `timeout`, if it does not exist) and
    return its new value: one round trip to Redis in the common case."""
    try:
        return cache.incr(key)
    except ValueError:  # no such counter yet (or it just expired)
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)  # another request made it in between


def client_address(request):
    """The visitor's address, as the per-IP limits see it: the REMOTE_ADDR, or behind
    TRUSTED_PROXY_COUNT proxies the address that many places from the end of X-Forwarded-For
    (allauth's reading, the one get_ip uses). Whole, where get_ip counts an IPv6 address by its
    /64 network. ImproperlyConfigured when X-Forwarded-For has fewer addresses than there are
    trusted proxies."""
    return get_adapter().get_client_ip(request)
