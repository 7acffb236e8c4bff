"""Errors as RFC 9457 problem details (`application/problem+json`), in the reader's language.

The API's answers (api/) and the portal's own error handlers for addresses under /api/ build
their error bodies here, so that a program reading the API gets the same shape for a 404 from
the URL resolver as for a 404 from a view, a refused token or a rate limit.
"""

from django.http import JsonResponse

CONTENT_TYPE = "application/problem+json"
# Problem types: stable identifiers a program may test; the title is for people and follows
# the request's language. RFC 9457 §4.2.1: "about:blank" means "nothing more than the status".
ABOUT_BLANK = "about:blank"


def is_api(request):
    """Whether `request` asked for an address under /api/; False for a request too broken to
    say (the 500 handler must answer whatever state the request is in)."""
    try:
        return request.path.startswith("/api/")
    except Exception:
        return False


def response(request, status, title, detail="", *, type=ABOUT_BLANK, headers=None, **extra):
    """A problem details answer for `request`. `extra`: members the problem type defines
    (RFC 9457 §3.2), e.g. `errors` for a refused field."""
    body = {"type": type, "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    body["instance"] = request.get_full_path()
    body.update(extra)
    answer = JsonResponse(
        body,
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    answer["Cache-Control"] = "no-store"
    return answer
