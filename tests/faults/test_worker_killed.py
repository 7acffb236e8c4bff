"""A worker killed in the middle of a batch loses no reminder, and sends at most one twice.

The dispatcher claims a batch (rows marked `sending`, committed) before sending any of it,
and marks each row `sent` right after the mail server accepted it. A worker killed with
SIGKILL (its machine dies, the OOM killer) leaves the rest of its batch `sending`; the next
dispatcher run after CLAIM_TIMEOUT gives those rows back and another worker sends them. The
one message that can go out twice is the one in flight: accepted by the mail server, not yet
marked sent. So: at most one duplicate per kill.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.meetings import services as meetings
from portal.notifications import services as notifications
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.faults.backends import delivered
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 100
OFFSETS = [1440, 120, 60]  # three reminders each: 300 in all
BATCH = 100
# Slow enough that killing the worker lands in the middle of a batch, whatever the load.
MAIL_DELAY = 0.05


@pytest.fixture
def due_reminders(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    people = [RepresentativeFactory(email=f"rappel{n}@example.ml") for n in range(PEOPLE)]
    meetings.create_meeting(
        acting_user=OfficerFactory(),
        title="Cadre de concertation",
        kind="plenary",
        visibility="partners",
        start=in_days(3),
        end=in_days(3, 13),
        venue="Hôtel de l’Amitié, Bamako",
        users=people,
        reminder_offsets=OFFSETS,
    )
    # The invitations went out long ago; now the reminders have all come due.
    Notification.objects.exclude(kind=meetings.REMINDER_KIND).update(status="sent")
    reminders = Notification.objects.filter(kind=meetings.REMINDER_KIND)
    reminders.update(due_at=timezone.now())
    ids = set(reminders.values_list("pk", flat=True))
    assert len(ids) == PEOPLE * len(OFFSETS)
    return ids


def count(status):
    return Notification.objects.filter(kind=meetings.REMINDER_KIND, status=status).count()


def test_a_worker_killed_mid_batch_loses_no_reminder_and_sends_at_most_one_twice(
    broker_port, tmp_path, due_reminders
):
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    env = {
        "REDIS_URL": broker,
        "EMAIL_URL": f"filemail:///{mails}",
        "EMAIL_BACKEND": "tests.faults.backends.FilePerMessageBackend",
        "NOTIFICATIONS_BATCH_SIZE": BATCH,
    }

    with servers.redis_server(broker_port):
        with servers.celery_worker(MAIL_DELAY_SECONDS=MAIL_DELAY, **env) as worker:
            servers.dispatch_via(broker)
            # Into the second batch: its first rows sent, the rest claimed and waiting.
            assert servers.wait_for(lambda: count("sent") >= BATCH + 10, interval=0.05)
            servers.kill_hard(worker)

        # What the killed worker left: a batch claimed and half sent, the rest not claimed.
        stuck = count("sending")
        assert 0 < stuck < BATCH
        assert count("pending") == len(due_reminders) - 2 * BATCH

        # Beat's run CLAIM_TIMEOUT later gives the stuck rows back. (The test moves the clock
        # rather than wait ten minutes; no other dispatcher is running, so every row still
        # `sending` is the dead worker's.)
        later = timezone.now() + notifications.CLAIM_TIMEOUT + timedelta(seconds=1)
        assert notifications.release_stale_claims(now=later) == stuck

        with servers.celery_worker(**env):
            servers.dispatch_via(broker)
            assert servers.wait_for(lambda: count("sent") == len(due_reminders))

    assert count("sending") == count("pending") == count("failed") == 0
    copies = Counter(pk for pk, _ in delivered(mails))
    assert set(copies) == due_reminders  # none lost
    duplicates = sum(n - 1 for n in copies.values())
    assert duplicates <= 1  # at most the message in flight when the worker was killed
