"""The key pages under load, on a large data set, against gunicorn on PostgreSQL and Redis.

Seeds a dedicated database (5,000 organisations, 20,000 contacts, 2,000 meetings, 20 forums
with 10,000 registrations, 300 actions, 1,000 comments: bench/_pages_seed.py), serves it with
gunicorn (bench settings: production settings, DEBUG off) and loads each key page with locust,
headless, at 10 and then 50 concurrent users with no think time. Prints per page:

- requests per second, p50 and p95 latency (locust's figures, from its own clock);
- SQL queries per request: the page requested twice in-process through Django's test client
  with the same session cookie, all middleware included, the second request counted with
  CaptureQueriesContext (the first warms per-process caches such as ContentType's);
- CPU ms: the median CPU time of nine more such requests in that process (Django's own work,
  PostgreSQL's aside): what the page costs, whatever else loads the machine;
- bytes of a first visit: the HTML plus every stylesheet, script and image the page
  references, each counted once, as sent to a browser that accepts gzip: pages compressed by
  Django's GZipMiddleware, static files collected as in production (hashed names, .gz files
  written by collectstatic, served by whitenoise);
- the same load figures for a trivial view through the same middleware and gunicorn
  (bench/_urls.py): the ceiling of this machine; each page's throughput is given as a share of it.

Targets (issue 8): under 20 queries per page whatever the data size, p95 under 200 ms at 10
users, under 200 KB for a first visit, at least 15% of the ceiling's throughput.

Needs DATABASE_URL pointing at a PostgreSQL server; the benchmark creates its own database
there (<name>_bench_pages, dropped at the end unless BENCH_KEEP_DB=1; BENCH_REUSE_DB=1 reuses a
kept one instead of seeding again). REDIS_URL (default redis://127.0.0.1:6379/10) is the
portal's broker as in production; no page waits on it. Only 127.0.0.1 is ever contacted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python -m bench pages

Tuning: BENCH_DURATION seconds per page and concurrency (12), BENCH_USERS ("10,50"),
BENCH_WORKERS (4), BENCH_THREADS (4), BENCH_PAGES (comma-separated page names, default all).
About 9 minutes with the defaults on 2 cores (seeding ~1-2 min, load 20 runs x ~15 s).
"""

import csv
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

# name, path (formatted with the seed's ids), who asks for it
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
]
CEILING = ("ceiling (trivial view)", "/bench/ceiling", "")

TARGET_QUERIES = 20
TARGET_P95_MS = 200
TARGET_KB = 200
TARGET_SHARE = 0.15
# Requests timed in-process for the CPU column (this process's CPU: Django's own work,
# PostgreSQL's aside).
CPU_SAMPLES = 9


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
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
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


def count_queries():
    """Run in the benchmark's database: each page's status and query count, as JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = json.loads(sys.argv[2])
    figures = {}
    for name, path, cookie in pages:
        client = Client(HTTP_HOST=HOST)
        if cookie:
            client.cookies["sessionid"] = cookie
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Read now: the next request empties the connection's query log.
        query_count = len(queries)
        cpu = []
        for _ in range(CPU_SAMPLES):
            begin = time.process_time()
            client.get(path)
            cpu.append(time.process_time() - begin)
        figures[name] = {
            "status": response.status_code,
            "queries": query_count,
            "cpu_ms": statistics.median(cpu) * 1000,
            "html_bytes": len(response.content),
        }
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


def _report(rows, concurrencies, ceiling):
    print()
    print(
        "page".ljust(24)
        + "queries".rjust(8)
        + "CPU ms".rjust(8)
        + "  first visit KB".rjust(16)
        + "".join(
            f"  | {users:>3} users: req/s   p50   p95 ms  % ceiling".ljust(0)
            for users in concurrencies
        )
    )
    for name, figures in rows:
        line = name.ljust(24)
        queries = figures.get("queries")
        line += (
            (f"{queries:>7}" + _mark(queries is None or queries < TARGET_QUERIES))
            if (queries is not None)
            else "      -"
        )
        cpu_ms = figures.get("cpu_ms")
        line += f"{cpu_ms:>8.0f}" if cpu_ms is not None else "       -"
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
            line += f"   {share:>6.0%}" + _mark(name.startswith("ceiling") or share >= TARGET_SHARE)
            if failures:
                line += f" ({failures} failed)"
        print(line)
    print(
        f"\n! marks a missed target: >= {TARGET_QUERIES} queries, p95 >= {TARGET_P95_MS} ms at 10 "
        f"users, >= {TARGET_KB} KB for a first visit, < {TARGET_SHARE:.0%} of the ceiling."
    )


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
                try:
                    sent, assets = first_visit(port, path, cookie)
                    figures.update(kb=sent / 1024, assets=assets)
                except (OSError, RuntimeError) as exc:  # report the page's other figures
                    print(f"  {name}: first visit failed: {exc!r}", flush=True)
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["count"]:
        count_queries()
    else:
        main()
