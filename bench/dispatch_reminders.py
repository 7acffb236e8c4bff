"""Dispatch 10,000 due meeting reminders with one worker; print reminders per second and SQL
queries per reminder.

It sets up its own database: a fresh PostgreSQL database next to DATABASE_URL's (dropped
afterwards) when DATABASE_URL is set, else a temporary SQLite file. E-mails go to Django's
file-based backend in a temporary folder. The measurement runs in a child process so that
its settings never mix with another benchmark's.

    python -m bench dispatch_reminders        # or: make bench
    BENCH_REMINDERS=2000 python -m bench dispatch_reminders
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    total = int(os.environ.get("BENCH_REMINDERS", "10000"))
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "EMAIL_URL": f"filemail:///{tmp}/outbox",
            "BENCH_REMINDERS": str(total),
            "REDIS_URL": "",
            "LOG_LEVEL": "WARNING",
        }
        drop = None
        if os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
            url, drop = _postgres_database(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = url
            print(f"database: PostgreSQL (temporary database {url.rsplit('/', 1)[-1]})")
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            print("database: SQLite (temporary file)")
        try:
            subprocess.run(
                [sys.executable, "-m", "bench.dispatch_reminders", "--child"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        finally:
            if drop:
                drop()


def _postgres_database(url):
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
    base = url.rsplit("/", 1)[0]
    return f"{base}/{name}", lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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

    with connection.execute_wrapper(count):
        began, cpu_began = time.perf_counter(), time.process_time()
        sent = dispatcher.dispatch_due()
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began

    failed = Notification.objects.exclude(status="sent").count()
    print(f"sent: {sent} in {elapsed:.1f} s with one worker ({failed} not sent)")
    print(f"reminders per second: {sent / elapsed:.0f}  (target: at least 300)")
    print(f"SQL queries per reminder: {queries / max(sent, 1):.2f}  ({queries} in all)")
    per = cpu / max(sent, 1)
    print(
        f"dispatcher CPU per reminder: {per * 1000:.2f} ms (so {1 / per:.0f}/s on a free core; "
        f"the database server's own CPU not included); load average: {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        _child()
    else:
        main()
