"""Dispatch 10,000 due meeting reminders with one worker over SMTP; print reminders per second
(target: at least 300), SQL queries and CPU time per reminder.

It sets up its own database: a fresh PostgreSQL database next to DATABASE_URL's (dropped
afterwards) when DATABASE_URL is set, else a temporary SQLite file. E-mails go through
Django's SMTP backend (one connection per batch, as in production) to a local SMTP server
that accepts each message at once and only notes which row it came from (aiosmtpd, in a
process of its own so that its CPU is not counted as the dispatcher's). The benchmark fails
unless that server received every reminder exactly once. The measurement runs in a child
process so that its settings never mix with another benchmark's.

    python -m bench dispatch_reminders        # or: make bench
    BENCH_REMINDERS=2000 python -m bench dispatch_reminders
    BENCH_PROFILE=tottime python -m bench dispatch_reminders   # and where its time goes
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 300  # reminders per second, per worker


def main():
    total = int(os.environ.get("BENCH_REMINDERS", "10000"))
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp, _smtp_sink(tmp) as sink:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
            "BENCH_RECEIVED": str(sink.received),
            "BENCH_REMINDERS": str(total),
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        with temporary_database(tmp) as url:
            env["DATABASE_URL"] = url
            subprocess.run(
                [sys.executable, "-m", "bench.dispatch_reminders", "--child"],
                cwd=ROOT,
                env=env,
                check=True,
            )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _smtp_sink:
    """The local SMTP server, in a child process: it accepts every message at once, after
    writing the row it came from (its X-Portal-Notification header) as a line of the file
    BENCH_RECEIVED, so that what it accepted can be counted."""

    def __init__(self, tmp):
        self.received = Path(tmp) / "received"
        self.port = _free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.dispatch_reminders", "--sink", str(self.port)],
            cwd=ROOT,
            env={**os.environ, "BENCH_RECEIVED": str(self.received)},
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError("the local SMTP server did not start")

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(timeout=20)


def _sink(port):
    from aiosmtpd.controller import Controller

    header = re.compile(rb"^X-Portal-Notification: *(\d+)", re.MULTILINE | re.IGNORECASE)
    out = open(os.environ["BENCH_RECEIVED"], "a", buffering=1)  # noqa: SIM115 (lives as long)

    class Accept:
        async def handle_DATA(self, server, session, envelope):
            found = header.search(envelope.original_content or b"")
            out.write(f"{found.group(1).decode() if found else '?'}\n")
            return "250 OK"

    stopping = []
    signal.signal(signal.SIGTERM, lambda *args: stopping.append(True))
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    while not stopping:
        time.sleep(0.2)
    controller.stop()
    out.close()


def received(path):
    """How many times the SMTP server accepted each row's message."""
    lines = Path(path).read_text().split() if Path(path).exists() else []
    return Counter(int(line) if line.isdigit() else line for line in lines)


@contextmanager
def temporary_database(folder):
    """A database of the benchmark's own, dropped afterwards: a fresh PostgreSQL database
    next to DATABASE_URL's when it names PostgreSQL, else an SQLite file in `folder`."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres", "pgsql")):
        print("database: SQLite (temporary file)")
        yield f"sqlite:///{folder}/bench.sqlite3"
        return
    import environ
    import psycopg2

    config = environ.Env.db_url_config(url)
    name = f"bench_dispatch_{uuid.uuid4().hex[:8]}"
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }

    def execute(sql):
        conn = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    execute(f'CREATE DATABASE "{name}"')
    print(f"database: PostgreSQL (temporary database {name})")
    try:
        yield f"{url.rsplit('/', 1)[0]}/{name}"
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _child():
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from meetings.models import Invitation, Meeting
    from meetings.services import reminders
    from portal.accounts.models import User
    from portal.notifications import dispatcher
    from portal.notifications.models import Notification

    total = int(os.environ["BENCH_REMINDERS"])
    per_meeting = 50  # invitees per meeting, two reminders each (24 h and 1 h before)
    meeting_count = max(1, total // (per_meeting * 2))
    print(f"setting up {meeting_count} meetings x {per_meeting} invitees x 2 reminders ...")
    officer = User.objects.create_user("bench-officer@douane.gouv.ml", None, kind="customs")
    users = User.objects.bulk_create(
        User(
            email=f"invite{n}@entreprise.ml",
            full_name=f"Invité {n}",
            password="!",
            language="fr" if n % 3 else "en",
            time_zone="Africa/Bamako" if n % 4 else "Europe/Paris",
        )
        for n in range(meeting_count * per_meeting)
    )
    start = timezone.now() + timedelta(days=3)
    created = Meeting.objects.bulk_create(
        Meeting(
            title=f"Réunion de concertation n° {n}",
            kind=Meeting.Kind.BILATERAL,
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=90),
            venue="Direction générale des Douanes, Bamako",
            visibility=Meeting.Visibility.PARTNERS if n % 2 else Meeting.Visibility.INVITEES,
            organiser=officer,
        )
        for n in range(meeting_count)
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            user=user,
            name=user.full_name,
            email=user.email,
            language=user.language,
            token=uuid.uuid4().hex,
        )
        for index, meeting in enumerate(created)
        for user in users[index * per_meeting : (index + 1) * per_meeting]
    )
    for meeting in created:
        reminders.sync_meeting_reminders(meeting)
    Notification.objects.update(due_at=timezone.now())
    due = Notification.objects.due().count()
    print(f"{due} due reminders")

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
    with connection.execute_wrapper(count):
        began, cpu_began = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        sent = dispatcher.dispatch_due()
        if profile:
            profile.disable()
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    if profile:
        import pstats

        pstats.Stats(profile).sort_stats(os.environ["BENCH_PROFILE"]).print_stats(40)

    not_sent = Notification.objects.exclude(status="sent").count()
    copies = received(os.environ["BENCH_RECEIVED"])
    expected = set(Notification.objects.values_list("pk", flat=True))
    twice = sum(1 for n in copies.values() if n > 1)
    lost = len(expected - set(copies))
    print(
        f"sent: {sent} in {elapsed:.1f} s with one worker; the SMTP server accepted "
        f"{sum(copies.values())} messages: {lost} missing, {twice} more than once, "
        f"{not_sent} rows not marked sent"
    )
    rate, per = sent / elapsed, cpu / max(sent, 1)
    print(
        f"reminders per second, one worker: {rate:.0f} / {TARGET} / "
        f"{'met' if rate >= TARGET else 'NOT MET'}"
    )
    print(f"SQL queries per reminder: {queries / max(sent, 1):.2f}  ({queries} in all)")
    print(
        f"dispatcher CPU per reminder: {per * 1000:.2f} ms (so {1 / per:.0f}/s on a free core; "
        f"the database and SMTP servers' own CPU not included); "
        f"load average: {os.getloadavg()[0]:.1f}"
    )
    if set(copies) != expected or twice or not_sent or sent != due:
        raise SystemExit("not every reminder was delivered exactly once")


if __name__ == "__main__":
    if "--sink" in sys.argv:
        _sink(int(sys.argv[-1]))
    elif "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        _child()
    else:
        main()
