"""Rate limits: per address for visitors, per token for programs that present one (DRF's
throttles, counted in the default cache: Redis in production). A refused request answers 429
with `Retry-After` (api.problems)."""

from rest_framework.throttling import SimpleRateThrottle

from portal.ratelimit import client_address


class PerAddress(SimpleRateThrottle):
    """Requests without a token, counted per address (the one nginx saw, behind
    TRUSTED_PROXY_COUNT proxies, as every per-IP limit of the portal)."""

    scope = "address"

    def get_cache_key(self, request, view):
        if getattr(request, "auth", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class PerToken(SimpleRateThrottle):
    """Requests with a personal access token, counted per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is None or not hasattr(token, "pk"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
