"""The OpenAPI schema's generator (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): drf-spectacular's,
with the answers every operation may give besides its own documented on each of them, so that
a client (and schemathesis) knows them: problem details (api.problems) for 400, 404 and 429,
and 304 for the conditional GETs of views that name their sections (api.base.Validators)."""

from drf_spectacular import openapi
from rest_framework.permissions import SAFE_METHODS

from api.authentication import ScopedWrites
from api.problems import ProblemSerializer

CONTENT_TYPE = "application/problem+json"

REFUSALS = {
    "400": "A parameter is not valid: `errors` says which and why.",
    "404": "Nothing here, or nothing the reader may see; also a page number past the last.",
    "429": "Too many requests: try again after the seconds of `Retry-After`.",
}
# And those of an operation that needs someone signed in or a token.
AUTHENTICATED_REFUSALS = {
    "401": "No token (or an unknown, expired or revoked one) and no session: `WWW-Authenticate`.",
    "403": "A write with a read-only token (`WWW-Authenticate: Bearer "
    'error="insufficient_scope"`), or a session\'s write without its CSRF token.',
}


class AutoSchema(openapi.AutoSchema):
    def open_to_anyone(self):
        """Whether the operation is a read whose only permission is the default (ScopedWrites:
        a token or a session is needed to write, nothing to read)."""
        return self.method in SAFE_METHODS and all(
            isinstance(p, ScopedWrites) for p in self.view.get_permissions()
        )

    def get_auth(self):
        """An operation open to anyone has, beside the token and the session, the security
        requirement of nothing at all (`{}`)."""
        auths = super().get_auth()
        if self.open_to_anyone() and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        if self.method == "GET" and getattr(self.view, "sections", ()):
            responses.setdefault(
                "304",
                {
                    "description": (
                        "Not modified: the ETag of If-None-Match (or the date of "
                        "If-Modified-Since) is still the answer's."
                    )
                },
            )
        refusals = dict(REFUSALS)
        if not self.open_to_anyone():
            refusals.update(AUTHENTICATED_REFUSALS)
        for status, description in refusals.items():
            if status in responses:
                continue
            answer = self._get_response_for_code(
                ProblemSerializer, status, media_types=[CONTENT_TYPE], direction=direction
            )
            answer["description"] = description
            responses[status] = answer
        return responses
