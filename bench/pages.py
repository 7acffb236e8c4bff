"""The key pages under load, on a large data set, against gunicorn on PostgreSQL and Redis.

Seeds a dedicated database (5,000 organisations, 20,000 contacts, 2,000 meetings, 20 forums
with 10,000 registrations, 300 actions, 1,000 comments: bench/_pages_seed.py), serves it with
gunicorn (bench settings: production settings, DEBUG off) and loads each page with locust,
headless, at 10 and then 50 concurrent users with no think time. The pages: signed-in ones
with pre-made sessions, and the public pages as a visitor gets them (no session), which are
kept whole in the cache (portal/pagecache.py). Prints per page:

- requests per second, p50 and p95 latency (locust's figures, from its own clock);
- SQL queries per request: the page requested twice in-process through Django's test client
  with the same session cookie, all middleware included, the second request counted with
  CaptureQueriesContext (the first warms per-process caches such as ContentType's); for a
  kept page, the second request is a miss (its sections just changed), since a hit makes none;
- CPU ms: the median CPU time of nine more such requests in that process (Django's own work,
  PostgreSQL's aside): what the page costs, whatever else loads the machine; for a kept page,
  a hit, and in the targets the CPU of a miss against the page drawn with the cache off;
- bytes of a first visit: the HTML plus every stylesheet, script and image the page
  references, each counted once, as sent to a browser that accepts gzip: pages compressed by
  Django's GZipMiddleware, static files collected as in production (hashed names, .gz files
  written by collectstatic, served by whitenoise);
- the same load figures for a trivial view through the same middleware and gunicorn
  (bench/_urls.py): the ceiling of this machine; each page's throughput is given as a share of it.

Then every target, one line each, as measured / target / met: under 20 queries per page
whatever the data size, p95 under 200 ms at 10 users, under 40 KB for a first visit, at least
15% of the ceiling's throughput at 10 users (25% for a page kept for visitors), and a kept
page's miss no slower than the page without the cache (within 10%, the CPU median's noise).

It checks that it times the work it claims: before the load, each page must answer 200
in-process, a signed-in page to a session that signs its person in (a session naming an
authentication backend no longer in AUTHENTICATION_BACKENDS is anonymous and would time the
sign-in redirect), a visitor's page to no one; under load, any answer but 200 (a redirect
included) is counted, and the benchmark fails if there is one.

Needs DATABASE_URL pointing at a PostgreSQL server; the benchmark creates its own database
there (<name>_bench_pages, dropped at the end unless BENCH_KEEP_DB=1; BENCH_REUSE_DB=1 reuses a
kept one instead of seeding again). REDIS_URL (default redis://127.0.0.1:6379/10) is the
portal's broker and cache as in production, under a key prefix of the bench database's name.
Only 127.0.0.1 is ever contacted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python -m bench pages

Tuning: BENCH_DURATION seconds per page and concurrency (12), BENCH_USERS ("10,50"),
BENCH_WORKERS (4), BENCH_THREADS (4), BENCH_PAGES (comma-separated page names, default all).
About 12 minutes with the defaults on 2 cores (seeding ~1 min, load 30 runs x ~15 s).
"""

import csv
import functools
import gzip
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.forum_registration import (
    HOST,
    ROOT,
    _free_port,
    _maintenance,
    _run,
    _stop,
    _wait_until_up,
)

# name, path (formatted with the seed's ids), who asks for it (None: a visitor, no session)
PAGES = [
    ("home", "/", None),
    ("calendar month", "/calendar/", "representative"),
    ("stakeholder list", "/stakeholders/organisations/", "officer"),
    ("stakeholder map", "/stakeholders/map/", "officer"),
    ("forum page", "/forums/{forum}/", "representative"),
    ("my registrations", "/forums/registrations/", "representative"),
    ("action-plan dashboard", "/action-plans/{plan}/dashboard/", "officer"),
    ("commitments board", "/commitments/", None),
    ("consultation page", "/consultations/{consultation}/", "representative"),
    # The public pages as a visitor gets them: kept whole in the cache (portal/pagecache.py).
    ("forum page (visitor)", "/forums/{forum}/", None),
    ("calendar month (visitor)", "/calendar/", None),
    ("agenda (visitor)", "/calendar/agenda/", None),
    ("consultation page (visitor)", "/consultations/{consultation}/", None),
    ("directory (visitor)", "/stakeholders/directory/", None),
]
CEILING = ("ceiling (trivial view)", "/bench/ceiling", "")

TARGET_QUERIES = 20
TARGET_P95_MS = 200
TARGET_KB = 40  # a first visit, gzip: HTML, stylesheets, scripts, images (issue 18)
TARGET_SHARE = 0.15  # of the ceiling's throughput at 10 users (issue 8)
TARGET_SHARE_KEPT = 0.25  # for a page kept for visitors (issue 14)
# A kept page's miss (drawn, then kept) against the same page drawn without the cache at
# all: no slower, within the noise of a median of nine CPU times.
TARGET_MISS_RATIO = 1.10
# Requests timed in-process for the CPU column (this process's CPU: Django's own work,
# PostgreSQL's aside).
CPU_SAMPLES = 9
# A kept page's misses and requests with the cache off, timed in turns.
MISS_SAMPLES = 25


def _setting(name, default):
    return os.environ.get(name, default)


def _database_urls():
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise RuntimeError(
            "needs DATABASE_URL=postgres://user@host:port/name (a PostgreSQL server; the "
            "benchmark creates and drops its own database there)"
        )
    name = parts.path.lstrip("/") or "portal"
    bench_name = f"{name}_bench_pages"
    bench = urlunsplit(parts._replace(path=f"/{bench_name}"))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return maintenance, bench, bench_name


def _env(bench_url, static_root):
    return {
        **os.environ,
        "DATABASE_URL": bench_url,
        "STATIC_ROOT": static_root,
        "STATIC_MANIFEST": "1",
        "WHITENOISE_USE_FINDERS": "0",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10"),
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
    }


def _database_exists(maintenance, name):
    import psycopg2

    connection = psycopg2.connect(maintenance)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def _python(args, env):
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=False, capture_output=True, text=True
    )
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"python {' '.join(args[:2])} failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare(maintenance, bench_url, bench_name, env):
    """The seeded database's ids and sessions: reused (BENCH_REUSE_DB=1) or made afresh."""
    state_file = Path(tempfile.gettempdir()) / f"{bench_name}.json"
    if (
        os.environ.get("BENCH_REUSE_DB") == "1"
        and state_file.exists()
        and _database_exists(maintenance, bench_name)
    ):
        _run(["manage.py", "migrate", "--noinput", "-v0"], env)
        print("reusing the seeded database", bench_name, flush=True)
        return json.loads(state_file.read_text())
    _maintenance(maintenance, f'DROP DATABASE IF EXISTS "{bench_name}"')
    _maintenance(maintenance, f'CREATE DATABASE "{bench_name}"')
    _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    import time

    begin = time.perf_counter()
    state = _python(["-m", "bench._pages_seed"], env)
    print(f"seeded {bench_name} in {time.perf_counter() - begin:.0f} s", flush=True)
    _maintenance(bench_url, "VACUUM ANALYZE")
    state_file.write_text(json.dumps(state))
    return state


def _pages(state):
    wanted = [name.strip() for name in _setting("BENCH_PAGES", "").split(",") if name.strip()]
    pages = [
        (name, path.format(**state), state[who] if who else "")
        for name, path, who in PAGES
        if not wanted or name in wanted
    ]
    return pages


# --- Queries per request (in-process, through the test client) --------------------------


def _cpu_ms(request, before=None, samples=CPU_SAMPLES):
    """The median CPU time of `samples` calls of `request()`, in ms; `before()` (untimed)
    runs before each one."""
    cpu = []
    for _ in range(samples):
        if before is not None:
            before()
        begin = time.process_time()
        request()
        cpu.append(time.process_time() - begin)
    return statistics.median(cpu) * 1000


def _check_answer(name, response, cookie):
    """Refuse to time a page that does not do its work: anything but 200 (a redirect to
    sign-in is a 302), or a session that does not sign its person in (a session naming an
    authentication backend that is no longer in AUTHENTICATION_BACKENDS is anonymous)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY

    request = response.wsgi_request
    if response.status_code != 200:
        where = response.get("Location", "")
        raise RuntimeError(f"{name}: HTTP {response.status_code} {where}".strip())
    if cookie:
        backend = request.session.get(BACKEND_SESSION_KEY)
        if backend not in settings.AUTHENTICATION_BACKENDS:
            raise RuntimeError(f"{name}: its session names {backend!r}, not a backend in use")
        if not request.user.is_authenticated:
            raise RuntimeError(f"{name}: its session does not sign anyone in")
    elif request.user.is_authenticated:
        raise RuntimeError(f"{name}: a visitor's request came out signed in")


def count_queries():
    """Run in the benchmark's database: each page's status, query count and CPU, as JSON.

    For a page kept for visitors (portal/pagecache.py), with the `Accept-Encoding: gzip` of
    a browser: the CPU of a hit (the page served from the cache), of a miss (its sections
    just changed: drawn, then kept) and of the page drawn with the cache off (as before it
    existed), and the queries of a miss (a hit makes none)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    from portal import generations

    pages = json.loads(sys.argv[2])
    figures = {}
    for name, path, cookie in pages:
        sections = getattr(resolve(path.split("?")[0]).func, "page_sections", None)
        kept = bool(sections) and not cookie
        client = Client(HTTP_HOST=HOST, **({"HTTP_ACCEPT_ENCODING": "gzip"} if kept else {}))
        if cookie:
            client.cookies["sessionid"] = cookie
        _check_answer(name, client.get(path), cookie)

        get = functools.partial(client.get, path)
        change = functools.partial(generations.changed, *(sections or ()))
        if kept:
            change()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Read now: the next request empties the connection's query log.
        query_count = len(queries)
        _check_answer(name, response, cookie)
        figures[name] = {
            "status": response.status_code,
            "queries": query_count,
            "cpu_ms": _cpu_ms(get),
            "html_bytes": len(response.content),
        }
        if kept:
            # One of each in turn, so that the machine's load and the garbage collector weigh
            # on both alike.
            miss, uncached = [], []
            for _ in range(MISS_SAMPLES):
                miss.append(_cpu_ms(get, before=change, samples=1))
                with override_settings(PAGE_CACHE_SECONDS=0):
                    uncached.append(_cpu_ms(get, samples=1))
            figures[name]["miss_cpu_ms"] = statistics.median(miss)
            figures[name]["uncached_cpu_ms"] = statistics.median(uncached)
    print(json.dumps(figures))


# --- Bytes of a first visit --------------------------------------------------------------

_ASSET = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/(?:static|media)/[^"]+)""")


def _fetch(port, path, cookie):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "fr"}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}"
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        encoding = response.getheader("Content-Encoding", "")
        raw = gzip.decompress(body) if encoding == "gzip" else body
        return response.status, len(body), raw
    finally:
        connection.close()


def first_visit(port, path, cookie):
    """(bytes as sent, number of assets) of a first visit."""
    status, total, html = _fetch(port, path, cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered HTTP {status}")
    assets = sorted(set(_ASSET.findall(html.decode("utf-8", "replace"))))
    for asset in assets:
        status, sent, _raw = _fetch(port, asset.replace("&amp;", "&"), cookie)
        if status != 200:
            raise RuntimeError(f"{asset} answered HTTP {status}")
        total += sent
    return total, len(assets)


# --- Load ----------------------------------------------------------------------------------


def load(port, path, cookie, users, duration):
    """Locust, headless, in its own process: (requests/s, p50 ms, p95 ms, failures)."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = os.path.join(folder, "run")
        env = {**os.environ, "BENCH_PATH": path, "BENCH_COOKIE": cookie}
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "_pages_locust.py")]
            + ["--headless", "--host", f"http://{HOST}:{port}", "--users", str(users)]
            + ["--spawn-rate", str(users), "--run-time", f"{duration}s", "--csv", prefix]
            + ["--only-summary", "--loglevel", "ERROR", "--stop-timeout", "5"],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", newline="") as handle:
            row = next((r for r in csv.DictReader(handle) if r["Name"] == "page"), None)
    if row is None:  # not a single request completed
        return 0.0, 0.0, 0.0, 0, 0
    return (
        float(row["Requests/s"]),
        float(row["50%"]),
        float(row["95%"]),
        int(row["Failure Count"]),
        int(row["Request Count"]),
    )


# --- The run -------------------------------------------------------------------------------


def _mark(ok):
    return " " if ok else "!"


def _share_target(figures):
    return TARGET_SHARE_KEPT if "miss_cpu_ms" in figures else TARGET_SHARE


def _report(rows, concurrencies, ceiling):
    print()
    print(
        "page".ljust(28)
        + "queries".rjust(8)
        + "CPU ms".rjust(8)
        + "  first visit KB".rjust(16)
        + "".join(
            f"  | {users:>3} users: req/s   p50   p95 ms  % ceiling".ljust(0)
            for users in concurrencies
        )
    )
    for name, figures in rows:
        line = name.ljust(28)
        queries = figures.get("queries")
        line += (
            (f"{queries:>7}" + _mark(queries < TARGET_QUERIES))
            if queries is not None
            else "      -"
        )
        cpu_ms = figures.get("cpu_ms")
        line += f"{cpu_ms:>8.1f}" if cpu_ms is not None else "       -"
        if "kb" in figures:
            kb = figures["kb"]
            line += f"{kb:>15.0f}{_mark(kb < TARGET_KB)}"
        else:
            line += " " * 16
        for users in concurrencies:
            rps, p50, p95, failures, _count = figures[users]
            share = rps / ceiling[users] if ceiling.get(users) else 0
            line += f"  | {'':>9}{rps:>7.1f} {p50:>5.0f} {p95:>5.0f}"
            line += _mark(users != 10 or p95 < TARGET_P95_MS)
            line += f"   {share:>6.0%}"
            line += _mark(name.startswith("ceiling") or share >= _share_target(figures))
            if failures:
                line += f" ({failures} not 200)"
        print(line)
    print(
        "\nqueries: of a request drawn in full (for a page kept for visitors: a miss; a hit makes "
        "none). CPU ms: median of one request in-process (for a kept page: a hit). ! marks a "
        "missed target."
    )


def _targets(rows, concurrencies, ceiling):
    """Every target, one line each: measured / target / met."""
    lines = []

    def target(what, measured, goal, met):
        lines.append(f"  {what:<58} {measured:>10} / {goal:<12} {'met' if met else 'MISSED'}")

    for name, figures in rows:
        if name.startswith("ceiling"):
            continue
        if figures.get("queries") is not None:
            queries = figures["queries"]
            target(f"{name}: queries", queries, f"< {TARGET_QUERIES}", queries < TARGET_QUERIES)
        if "kb" in figures:
            kb = figures["kb"]
            target(f"{name}: first visit", f"{kb:.0f} KB", f"< {TARGET_KB} KB", kb < TARGET_KB)
        if 10 in concurrencies:
            rps, _p50, p95, _failures, _count = figures[10]
            target(
                f"{name}: p95 at 10 users",
                f"{p95:.0f} ms",
                f"< {TARGET_P95_MS} ms",
                p95 < TARGET_P95_MS,
            )
            share = rps / ceiling[10] if ceiling.get(10) else 0
            goal = _share_target(figures)
            target(
                f"{name}: share of the ceiling at 10 users",
                f"{share:.0%}",
                f">= {goal:.0%}",
                share >= goal,
            )
        if "miss_cpu_ms" in figures:
            miss, before = figures["miss_cpu_ms"], figures["uncached_cpu_ms"]
            target(
                f"{name}: CPU of a miss / without the cache",
                f"{miss:.1f}/{before:.1f}",
                f"<= {TARGET_MISS_RATIO:.2f}x",
                miss <= before * TARGET_MISS_RATIO,
            )
            target(f"{name}: CPU of a hit", f"{figures['cpu_ms']:.1f} ms", "-", True)
    print("\ntargets: measured / target / met")
    print("\n".join(lines))


def main():
    concurrencies = [int(n) for n in _setting("BENCH_USERS", "10,50").split(",")]
    duration = int(_setting("BENCH_DURATION", "12"))
    workers = int(_setting("BENCH_WORKERS", "4"))
    threads = int(_setting("BENCH_THREADS", "4"))
    maintenance, bench_url, bench_name = _database_urls()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = _env(bench_url, static_root)
    server = None
    try:
        _run(["manage.py", "collectstatic", "--noinput", "-v0"], env)
        state = _prepare(maintenance, bench_url, bench_name, env)
        pages = _pages(state)
        counted = _python(["-m", "bench.pages", "count", json.dumps(pages)], env)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi:application"]
            + ["--bind", f"{HOST}:{port}", "--workers", str(workers)]
            + ["--worker-class", "gthread", "--threads", str(threads)]
            + ["--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        _wait_until_up(port, server)
        rows = []
        for name, path, cookie in [CEILING, *pages]:
            figures = dict(counted.get(name, {}))
            if name != CEILING[0]:
                sent, assets = first_visit(port, path, cookie)  # fails on anything but 200
                figures.update(kb=sent / 1024, assets=assets)
            for users in concurrencies:
                load(port, path, cookie, 2, 2)  # warm every worker's connection and caches
                figures[users] = load(port, path, cookie, users, duration)
                print(f"  {name} at {users} users: {figures[users][0]:.1f} req/s", flush=True)
            rows.append((name, figures))
    finally:
        if server is not None:
            _stop(server)
        shutil.rmtree(static_root, ignore_errors=True)
        if os.environ.get("BENCH_KEEP_DB") != "1" and os.environ.get("BENCH_REUSE_DB") != "1":
            _maintenance(maintenance, f'DROP DATABASE IF EXISTS "{bench_name}"')

    ceiling = {users: rows[0][1][users][0] for users in concurrencies}
    print(
        f"\ngunicorn: {workers} workers x {threads} threads (gthread), PostgreSQL, DEBUG off; "
        f"locust: closed loop, no think time, {duration} s per page and concurrency, "
        f"on the same machine ({os.cpu_count()} cores) as the server"
    )
    _report(rows, concurrencies, ceiling)
    _targets(rows, concurrencies, ceiling)
    failed = [
        f"{name} at {users} users: {figures[users][3]} of {figures[users][4]}"
        for name, figures in rows
        for users in concurrencies
        if figures[users][3] or not figures[users][4]
    ]
    if failed:
        # Any answer but 200 (a redirect to sign-in included): the figures time something else.
        raise RuntimeError("answers other than 200 under load: " + "; ".join(failed))


if __name__ == "__main__":
    if sys.argv[1:2] == ["count"]:
        count_queries()
    else:
        main()
