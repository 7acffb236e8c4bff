"""Registration under contention: N clients over HTTP race for a forum's seats.

N (default 500) signed-in representatives press "Register" at the same moment for a forum of
100 seats, against gunicorn (several workers and threads) on PostgreSQL, with the cache (the
rate limits' counters) in Redis as in production, and the production rate limits: all clients
come from 127.0.0.1, as a whole office behind one address would. Prints registrations per
second, p50/p95 latency against the target (p95 under 2 s), the confirmed and waiting counts
(must be exactly 100 and N-100) and errors (must be 0: a 503 "too busy", a 429 or a redirect
to the sign-in page is an error); a wrong count or any error fails the benchmark, since it
would then not have timed the registrations it claims to.

Needs DATABASE_URL pointing at a PostgreSQL server: the benchmark creates its own database
there (<name>_bench_forums, dropped at the end unless BENCH_KEEP_DB=1), migrates it, starts
gunicorn on a free 127.0.0.1 port and stops it afterwards. Only 127.0.0.1 is ever contacted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal python -m bench forum_registration

Tuning: BENCH_CLIENTS (500), BENCH_SEATS (100), BENCH_WORKERS (4), BENCH_THREADS (4),
BENCH_REDIS_URL (redis://127.0.0.1:6379/11, emptied at the start).
"""

import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import figure

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


TARGET_P95_MS = 2000


def _setting(name, default):
    return int(os.environ.get(name, default))


def _database_urls():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise RuntimeError(
            "needs DATABASE_URL=postgres://user@host:port/name (a PostgreSQL server; the "
            "benchmark creates and drops its own database there)"
        )
    name = parts.path.lstrip("/") or "portal"
    bench_name = f"{name}_bench_forums"
    bench = urlunsplit(parts._replace(path=f"/{bench_name}"))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return maintenance, bench, bench_name


def _maintenance(url, statement):
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _env(bench_url):
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "bench._settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
    }
    # Redis holds the cache (the rate limits' counters) as in production, in a database of the
    # benchmark's own that each run empties first; no worker runs, and the dispatcher is not
    # nudged (bench settings).
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    return env


def _empty_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def _run(args, env):
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def _free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_until_up(port, process, attempts=120):
    for _ in range(attempts):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before it was ready")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer in time")


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _race(port, slug, clients):
    """Every client waits at a barrier, then POSTs the registration form once."""
    barrier = threading.Barrier(len(clients))
    latencies = [None] * len(clients)
    failures = []
    started = []
    path = f"/forums/{slug}/register/"

    def client(index, session_key):
        token = secrets.token_hex(16)  # a 32-character CSRF secret, in cookie and form alike
        body = f"attendance_mode=in_person&csrfmiddlewaretoken={token}"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session_key}; csrftoken={token}",
            "Host": f"{HOST}:{port}",
        }
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        barrier.wait()
        begin = time.perf_counter()
        if not started:
            started.append(begin)
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            location = response.getheader("Location", "")
            if response.status != 302 or "/forums/registrations/" not in location:
                failures.append(f"HTTP {response.status} {location}")
        except OSError as exc:
            failures.append(repr(exc))
        finally:
            latencies[index] = time.perf_counter() - begin
            connection.close()

    threads = [
        threading.Thread(target=client, args=(index, key)) for index, key in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started[0]
    return elapsed, [value for value in latencies if value is not None], failures


def _counts(bench_url, slug):
    import psycopg2

    connection = psycopg2.connect(bench_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.status, count(*) FROM forums_registration r "
                "JOIN forums_forum f ON f.id = r.forum_id WHERE f.slug = %s GROUP BY r.status",
                [slug],
            )
            return dict(cursor.fetchall())
    finally:
        connection.close()


def main():
    clients_count = _setting("BENCH_CLIENTS", 500)
    seats = _setting("BENCH_SEATS", 100)
    workers = _setting("BENCH_WORKERS", 4)
    threads = _setting("BENCH_THREADS", 4)
    maintenance, bench_url, bench_name = _database_urls()
    env = _env(bench_url)
    _maintenance(maintenance, f'DROP DATABASE IF EXISTS "{bench_name}"')
    _maintenance(maintenance, f'CREATE DATABASE "{bench_name}"')
    _empty_redis(env["REDIS_URL"])  # the last run's rate-limit counters
    server = None
    try:
        _run(["manage.py", "migrate", "--noinput", "-v0"], env)
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.forum_registration", "prepare"]
            + [str(clients_count), str(seats)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])
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
        elapsed, latencies, failures = _race(port, setup["slug"], setup["sessions"])
        _stop(server)
        counts = _counts(bench_url, setup["slug"])
    finally:
        if server is not None:
            _stop(server)
        if os.environ.get("BENCH_KEEP_DB") != "1":
            _maintenance(maintenance, f'DROP DATABASE IF EXISTS "{bench_name}"')

    quantiles = statistics.quantiles(latencies, n=100)
    confirmed, waiting = counts.get("confirmed", 0), counts.get("waiting", 0)
    print(
        f"clients: {clients_count}, seats: {seats}, gunicorn: {workers} workers x {threads} "
        "threads (gthread), PostgreSQL, Redis cache"
    )
    print(f"registrations per second: {clients_count / elapsed:.1f} (all done in {elapsed:.2f} s)")
    print(
        f"latency: p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {quantiles[94] * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    figure(
        "p95 latency",
        f"{quantiles[94] * 1000:,.0f} ms",
        f"< {TARGET_P95_MS:,} ms",
        quantiles[94] * 1000 < TARGET_P95_MS,
    )
    right = figure(
        "confirmed / waiting / errors",
        f"{confirmed} / {waiting} / {len(failures)}",
        f"{seats} / {clients_count - seats} / 0",
        (confirmed, waiting, len(failures)) == (seats, clients_count - seats, 0),
    )
    for failure in failures[:5]:
        print(f"  {failure}")
    if not right:
        raise RuntimeError(
            "the forum's capacity was not exactly respected, or requests failed: the benchmark "
            "did not time what it claims to"
        )


# --- Run inside the benchmark's database (a subprocess with Django configured) -----------


def prepare(clients_count, seats):
    """Make the forum, the representatives and their signed-in sessions; print them as JSON."""
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from forums.models import Forum
    from portal.accounts.models import User
    from stakeholders.models import Category, Contact, Membership, Organization

    now = timezone.now()
    forum = Forum.objects.create(
        title="Forum de la Journée internationale de la Douane (banc d’essai)",
        slug="bench-forum",
        scale=Forum.Scale.NATIONAL,
        start=now + timedelta(days=30),
        end=now + timedelta(days=30, hours=8),
        city="Bamako",
        capacity=seats,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=29),
        status=Forum.Status.PUBLISHED,
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Entreprise {n}", category=Category.TRADER, verified=True)
        for n in range(25)
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"client{n:04d}@bench.example.ml", full_name=f"Client {n}", password=password)
        for n in range(clients_count)
    )
    Contact.objects.bulk_create(
        Contact(organization=organizations[n % len(organizations)], name=user.full_name, user=user)
        for n, user in enumerate(users)
    )
    # Approved members: what makes the per-organisation limit count them.
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organization=organizations[n % len(organizations)],
            status=Membership.Status.APPROVED,
            role=Membership.Role.ADMINISTRATOR
            if n < len(organizations)
            else Membership.Role.MEMBER,
            decided_at=now,
        )
        for n, user in enumerate(users)
    )
    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        # The backend a real sign-in records; a session naming one that is not configured
        # is anonymous, and every POST would be sent to the sign-in page.
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    print(json.dumps({"slug": forum.slug, "sessions": sessions}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
