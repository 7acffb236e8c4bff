"""A worker killed in the middle of a batch loses no reminder, and sends at most one twice.

The dispatcher claims a batch (rows marked `sending`, committed) before sending any of it,
and marks each row `sent` right after the mail server accepted it. A worker killed with
SIGKILL (its machine dies, the OOM killer) leaves the rest of its batch `sending`; the next
dispatcher run after CLAIM_TIMEOUT gives those rows back and another worker sends them. The
one message that can go out twice is the one in flight: accepted by the mail server, not yet
marked sent. So: no duplicate when the kill lands while the worker waits on the mail server
(where a worker spends its time: the common case), one when it lands in the instant between
the mail server's "accepted" and the "sent" mark. The test kills the worker at each of these
two points (the mail backend hangs there, so the kill lands exactly there, whatever the load).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.services import reminders as meeting_reminders
from meetings.services import scheduling
from portal.notifications import dispatcher as notifications
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.faults.backends import HANGING, delivered
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 100
OFFSETS = [1440, 120, 60]  # three reminders each: 300 in all
BATCH = 100
# The worker is killed in its second batch, with the 110 messages before this one sent.
KILLED_AT = BATCH + 11


@pytest.fixture
def due_reminders(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    people = [RepresentativeFactory(email=f"rappel{n}@example.ml") for n in range(PEOPLE)]
    scheduling.create_meeting(
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
    Notification.objects.exclude(kind=meeting_reminders.REMINDER_KIND).update(status="sent")
    reminders = Notification.objects.filter(kind=meeting_reminders.REMINDER_KIND)
    reminders.update(due_at=timezone.now())
    ids = set(reminders.values_list("pk", flat=True))
    assert len(ids) == PEOPLE * len(OFFSETS)
    return ids


def count(status):
    return Notification.objects.filter(kind=meeting_reminders.REMINDER_KIND, status=status).count()


@pytest.mark.parametrize(
    ("hang", "duplicates"),
    [
        ("before", 0),  # waiting on the mail server, which has not accepted the message yet
        ("after", 1),  # the mail server accepted it, the worker has not marked it sent
    ],
)
def test_a_worker_killed_mid_batch_loses_no_reminder_and_sends_at_most_the_one_in_flight_twice(
    broker_port, tmp_path, due_reminders, hang, duplicates
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
        with servers.celery_worker(MAIL_HANG_AT=KILLED_AT, MAIL_HANG=hang, **env) as worker:
            servers.dispatch_via(broker)
            assert servers.wait_for((mails / HANGING).exists, timeout=60)
            servers.kill_hard(worker)

        # What the killed worker left: its second batch claimed, 10 of it sent, the rest of
        # it (the message in flight among them) `sending`, the third batch not claimed.
        assert count("sent") == KILLED_AT - 1
        stuck = count("sending")
        assert stuck == 2 * BATCH - (KILLED_AT - 1)
        assert count("pending") == len(due_reminders) - 2 * BATCH
        reminders = Notification.objects.filter(kind=meeting_reminders.REMINDER_KIND)
        in_flight = reminders.order_by("due_at", "id")[KILLED_AT - 1]
        assert in_flight.status == Notification.Status.SENDING

        # Beat's run CLAIM_TIMEOUT later gives the stuck rows back. (The test moves the clock
        # rather than wait ten minutes; no other dispatcher is running, so every row still
        # `sending` is the dead worker's.)
        later = timezone.now() + notifications.claim_timeout() + timedelta(seconds=1)
        assert notifications.release_stale_claims(now=later) == stuck

        with servers.celery_worker(**env):
            servers.dispatch_via(broker)
            assert servers.wait_for(lambda: count("sent") == len(due_reminders))

    assert count("sending") == count("pending") == count("failed") == 0
    copies = Counter(pk for pk, _ in delivered(mails))
    assert set(copies) == due_reminders  # none lost
    twice = {pk for pk, n in copies.items() if n > 1}
    assert twice == ({in_flight.pk} if duplicates else set())
    assert copies[in_flight.pk] == 1 + duplicates
