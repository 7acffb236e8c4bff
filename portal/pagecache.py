"""Public pages kept for visitors: rendered once, served from the cache until what they show
changes.

A page decorated with `@for_visitors("forums", ...)` names the *sections* it shows. Each
section is an app whose rows the page draws (`forums`, `meetings`, `consultations`,
`actionplans`, `stakeholders`); the app says so once, in its `AppConfig.ready()`, with
`follow(self)`, and from then on every row of the app that is saved or deleted (through a
service, the admin, an import, the demo) moves the section to a new *generation* once the
transaction commits (portal.generations, which says why after the commit). A page is kept
under a key made of its address and the language and time zone it is drawn in, with the
generations of its sections at the time it was drawn; it is served only while they are
still the current ones, read with it in one cache call. A change moves a generation, so the
next visitor gets the page as it is now (seats left, a cancelled meeting) and the copy is
replaced; nothing has to find and delete pages.
PAGE_CACHE_SECONDS bounds how long a copy lives anyway: pages that show "upcoming" things
change with time alone, and a change made while Redis was down (the fallback cache knows
other generations) is seen at the latest then.

Only what is the same for every visitor is kept, and only for visitors:

- Signed-in people always get their own page (and `Cache-Control: private, no-store` from
  portal.middleware). A visitor with messages waiting (after signing out, say) gets a fresh
  page, so the message shows and is not kept for others.
- A page that asked for a CSRF token, wrote to the session or sets a cookie is not kept: the
  token is this visitor's, and so is the cookie. For that reason the language switcher of
  the base template carries a CSRF token only for signed-in people; a visitor's switch is
  checked by its Origin instead (portal.accounts.views.set_language says why that is safe).
- Only a 200 answer to a GET without a `Cache-Control: private/no-store` of its own, and only
  for an address without a query string: the pages as they are reached from the menu and
  from links (a forum, a consultation, this month's calendar), which are what a crowd of
  visitors asks for. A filtered or paged view (`?month=`, `?q=`, `?page=`) is drawn each
  time: keeping those would let anyone fill Redis, which holds the security markers and the
  rate limits' counters too, with one page per made-up query string. A download names the
  few query strings that choose its format (`queries=("format=csv", "format=json")`): those
  exact ones are kept too, a bounded set.

A kept page is stored gzipped, as GZipMiddleware would send it, and sent as it is to the
browsers that take gzip (nearly all): a hit costs one cache read and no rendering and no
compression. Without the BREACH padding GZipMiddleware adds: that padding protects secrets in
a page (a CSRF token), and a kept page has none. The middleware around the view still runs:
security headers, CSP, `Vary` (Cookie, Accept-Language, Accept-Encoding) and the language's
`Content-Language` are set on each answer as on any other.

A failing cache never fails a page: the page is rendered as if nothing were kept.
"""

import gzip
import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

from portal import generations

logger = logging.getLogger(__name__)

# Headers of the view's answer kept with the page; the middleware sets the others each time.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Cache-Control", "Content-Disposition")


def follow(app_config):
    """The section of an app's rows is the app itself: any of its rows saved or deleted
    renews it (portal.generations). Called in the app's `ready()`."""
    generations.follow(app_config.label, app_config.get_models())


# --- Pages ------------------------------------------------------------------------------------


def _for_everyone(request, queries=()):
    """Whether this request may get, and leave, the copy every visitor gets."""
    query = request.META.get("QUERY_STRING", "")
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and (not query or query in queries)
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def _page_key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return ":".join(
        [
            "pagecache:page",
            digest,
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        ]
    )


def _shareable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _kept(response, generations):
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return {
        "generations": generations,
        "headers": headers,
        "gzip": compress_string(response.content),
    }


def _answer(request, page, content=None):
    """The kept page as this browser takes it: gzipped as kept, or plain."""
    if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(page["gzip"], headers=page["headers"])
        response["Content-Encoding"] = "gzip"
    else:
        content = gzip.decompress(page["gzip"]) if content is None else content
        response = HttpResponse(content, headers=page["headers"])
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def for_visitors(*sections, queries=()):
    """Keep the page a visitor gets until one of `sections` changes (see the module's doc);
    at its address without a query string, and with each of the exact `queries`."""

    generation_keys = [generations.key(section) for section in sections]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _for_everyone(request, queries):
                return view(request, *args, **kwargs)
            try:
                key = _page_key(request)
                found = cache.get_many([key, *generation_keys])
                drawn_under = generations.current(*sections, found=found)
            except Exception:
                logger.exception("The page cache does not answer; drawing the page.")
                return view(request, *args, **kwargs)
            page = found.get(key)
            if page is not None and page["generations"] == drawn_under:
                return _answer(request, page)
            response = view(request, *args, **kwargs)
            if not _shareable(request, response):
                return response
            page = _kept(response, drawn_under)
            try:
                cache.set(key, page, settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Could not keep the page; it is drawn again next time.")
            return _answer(request, page, response.content)

        wrapped.page_sections = sections
        return wrapped

    return decorator
