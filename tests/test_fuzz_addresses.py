"""Hostile values in the address of every page: in its path and in its query string.

For every row of the permission matrix (tests/test_permission_matrix.py TABLE), as a role the
matrix lets in (see role_for), the test:

- puts each value of HOSTILE in place of each argument of the URL's path (a pk of twenty
  digits, a token with a NUL byte, an occurrence stamp of the year 9999...);
- asks the page once and notes every query parameter the view reads (request.GET is
  replaced by a QueryDict that remembers each name asked of it: forms bound to the query
  string, paginators and filters included), then gives each of those parameters, one at a
  time, each value of HOSTILE.

Whatever it sends, nothing answers 500 (the client re-raises any exception, reported with
the address). What a page answers otherwise (200, a redirect, 400, 404) is the matrix's and
the views' own tests' business. Runs on SQLite and on PostgreSQL, where a NUL byte in a text
is refused by the database itself.

The admin's pages are left out: they are Django's own code, for superusers only.
"""

import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import override_settings
from django.urls import NoReverseMatch, resolve
from django.utils.functional import cached_property

from tests import permission_world
from tests.factories import PortalClient
from tests.test_permission_matrix import TABLE

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\x00",
    "99999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "99991231T235959Z",
    "00010101T000000Z",
    "١٢",
    "²",
    "é" * 300,
    "' OR 1=1 --",
]
# Who asks each page: the first of these the matrix lets in (a page that shows more to Customs
# is asked by the superuser, who reaches every Customs page); when none is let in, a visitor,
# whose hostile path still reaches the view's first lines.
ROLES = ("superuser", "rep_a", "visitor")
ROWS = [row for row in TABLE if not row.name.startswith("admin:")]


def role_for(row):
    return next((role for role in ROLES if row.expected[role] == 200), "visitor")


_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# The names asked of request.GET during one request (see ReadNames).
_read = set()


class ReadNames(QueryDict):
    """request.GET that notes every name a view asks it for (copies too: same class)."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        _read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        _read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)


@pytest.fixture
def recording_query(monkeypatch):
    def get(request):
        return ReadNames(request.environ.get("QUERY_STRING", ""), encoding=request._encoding)

    prop = cached_property(get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world, built once for the module and rolled back at its end
    (its uploaded files in a folder of its own)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        with transaction.atomic():
            world = permission_world.build()
            world.media_root = media
            yield world
            transaction.set_rollback(True)


def ask(client, url):
    """None, or what went wrong: a 500, or the exception the view raised."""
    try:
        response = client.get(url)
    except Exception as exc:
        return f"{url}: {exc.__class__.__name__}: {exc}"[:300]
    if response.streaming:
        b"".join(response.streaming_content)
    if response.status_code >= 500:
        return f"{url}: {response.status_code}"
    return None


def path_variants(url):
    """The URL with each argument of its path replaced, in turn, by each hostile value."""
    path, _, query = url.partition("?")
    match = resolve(path)
    route = match.route
    if not route or route.startswith("^") or "<" not in route:
        return
    found = list(_CONVERTER.finditer(route))
    for target in found:
        for value in HOSTILE:
            built, last = [], 0
            for part in found:
                built.append(route[last : part.start()])
                given = value if part is target else str(match.kwargs[part["name"]])
                built.append(quote(given, safe=""))
                last = part.end()
            built.append(route[last:])
            yield "/" + "".join(built) + (f"?{query}" if query else "")


def names_read(client, url):
    """The query parameters the page reads, when asked with a query string (so that forms
    bound to `request.GET or None` are bound)."""
    _read.clear()
    separator = "&" if "?" in url else "?"
    ask(client, f"{url}{separator}fuzz-marker=1")
    return sorted(_read - {"fuzz-marker"})


def query_variants(url, names):
    path, _, query = url.partition("?")
    for name in names:
        for value in HOSTILE:
            params = QueryDict(query, mutable=True)
            params[name] = value
            yield f"{path}?{urlencode(list(params.lists()), doseq=True)}"


@pytest.mark.parametrize("entry", ROWS, ids=lambda row: f"{row} as {role_for(row)}")
def test_no_page_answers_500_to_a_hostile_value_in_its_address(
    entry, world, recording_query, settings
):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MEDIA_ROOT = world.media_root
    role = role_for(entry)
    client = PortalClient(raise_request_exception=True)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    try:
        url = entry.url(world)
    except NoReverseMatch:
        pytest.skip("the permission matrix reports it")
    assert urlsplit(url).path

    wrong = [problem for variant in path_variants(url) if (problem := ask(client, variant))]
    names = names_read(client, url)
    wrong += [
        problem for variant in query_variants(url, names) if (problem := ask(client, variant))
    ]

    assert not wrong, f"{len(wrong)} hostile address(es) answered 500:\n" + "\n".join(wrong)
