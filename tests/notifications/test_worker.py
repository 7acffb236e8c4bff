"""A real Celery worker, on Redis, takes the dispatch task and e-mails a due reminder."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from meetings.services import reminders, scheduling
from portal.notifications.models import Notification
from tests import services as test_services
from tests.factories import OfficerFactory, RepresentativeFactory

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(predicate, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_delivers_a_due_reminder(tmp_path):
    redis_url = test_services.redis_url()
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    person = RepresentativeFactory(email="rappel@ccim.ml", language="fr")
    start = timezone.now() + timedelta(hours=2)
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Bilatérale CCIM",
        start=start,
        end=start + timedelta(hours=1),
        venue="CCIM",
        users=[person],
        reminder_offsets=[60],
    )
    # The invitation went out earlier; the reminder has now come due.
    Notification.objects.exclude(kind=reminders.REMINDER_KIND).update(status="sent")
    reminder = Notification.objects.get(kind=reminders.REMINDER_KIND)
    Notification.objects.filter(pk=reminder.pk).update(due_at=timezone.now())

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"filemail:///{outbox}",
        "SITE_URL": settings.SITE_URL,
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        from portal.celery import app
        from portal.notifications.tasks import dispatch_due

        with app.connection_for_write(redis_url) as conn:
            dispatch_due.apply_async(connection=conn, queue=queue)

        sent = _wait_for(
            lambda: Notification.objects.filter(pk=reminder.pk, status="sent").exists()
        )
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        connection.close()

    assert sent, output[-3000:]
    written = "".join(p.read_text() for p in outbox.iterdir())
    assert "To: rappel@ccim.ml" in written
    assert "Rappel" in written and meeting.get_absolute_url() in written
