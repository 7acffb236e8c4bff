"""The OpenAPI schema's generator (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): drf-spectacular's,
with the answers every operation may give besides its own documented on each of them, so that
a client (and schemathesis) knows them: problem details (api.problems) for 400, 404 and 429,
and 304 for the conditional GETs of views that name their sections (api.base.Validators)."""

from drf_spectacular import openapi

from api.problems import ProblemSerializer

CONTENT_TYPE = "application/problem+json"

REFUSALS = {
    "400": "A parameter is not valid: `errors` says which and why.",
    "404": "Nothing here, or nothing the reader may see; also a page number past the last.",
    "429": "Too many requests: try again after the seconds of `Retry-After`.",
}


class AutoSchema(openapi.AutoSchema):
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
        for status, description in REFUSALS.items():
            if status in responses:
                continue
            answer = self._get_response_for_code(
                ProblemSerializer, status, media_types=[CONTENT_TYPE], direction=direction
            )
            answer["description"] = description
            responses[status] = answer
        return responses
