"""A worker killed in the middle of a batch loses no reminder, and sends at most one twice.

The dispatcher claims a batch (rows marked `sending`, committed) before sending any of it,
and sends each row in a transaction of its own that marks it `sent` (a synchronous commit)
right after the mail server accepted it. A worker killed with SIGKILL (its machine dies, the
OOM killer) leaves the rest of its batch `sending`; once NOTIFICATIONS_CLAIM_TIMEOUT has
passed, the next dispatcher run gives those rows back and another worker sends them. The one
message that can go out twice is the one in flight: accepted by the mail server, not yet
marked sent. So: no duplicate when the kill lands while the worker waits for the mail server
to take the message (where a worker spends its time: the common case), exactly one when it
lands after the mail server has stored the message but before its "250" reached the worker.

The mail server is a real SMTP server (aiosmtpd, in the test's process) reached through
Django's SMTP backend, as in production; it hangs on the chosen message at one of these two
points, so the kill lands exactly there, whatever the load.
"""

import asyncio
import re
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings.services import reminders as meeting_reminders
from meetings.services import scheduling
from portal.notifications import dispatcher as notifications
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 100
OFFSETS = [1440, 120, 60]  # three reminders each: 300 in all
BATCH = 100
# The worker is killed in its second batch, with the 110 messages before this one sent.
KILLED_AT = BATCH + 11
HEADER = re.compile(rb"^X-Portal-Notification: *(\d+)", re.MULTILINE | re.IGNORECASE)


class MailServer:
    """A real SMTP server on a free port that stores the row each message came from, and
    hangs on its `hang_at`-th message: `before` storing it (the worker still waits for the
    mail server to take it) or `after` (stored, so delivered, but no "250" answered yet)."""

    def __init__(self, hang_at=0, hang=""):
        self.hang_at, self.hang = hang_at, hang
        self.received = []
        self.count = 0
        self.hanging = threading.Event()
        self.port = servers.free_port()

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        hang = self.count == self.hang_at
        if hang and self.hang == "before":
            await self._hang()
        self.received.append(int(HEADER.search(envelope.original_content).group(1)))
        if hang and self.hang == "after":
            await self._hang()
        return "250 Message accepted for delivery"

    async def _hang(self):
        self.hanging.set()
        await asyncio.sleep(3600)

    def __enter__(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


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


def sessions_of_others():
    """The process ids of the other clients' sessions of the test database (a killed
    worker's ends once PostgreSQL has noticed its connection closed, and its row lock with
    it). Only client backends: an autovacuum worker tidying the test database after its many
    writes is no dispatcher."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        return {pid for (pid,) in cursor.fetchall()}


def others_described():
    """Who the other sessions are, for the message of a failure."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_type, application_name, client_port, state, left(query, 80)"
            " FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return cursor.fetchall()


@pytest.mark.parametrize(
    ("hang", "duplicates"),
    [
        ("before", 0),  # waiting for the mail server to take the message
        ("after", 1),  # the mail server stored it; the worker has not had its "250" yet
    ],
)
def test_a_worker_killed_mid_batch_loses_no_reminder_and_sends_at_most_the_one_in_flight_twice(
    broker_port, due_reminders, hang, duplicates
):
    broker = f"redis://127.0.0.1:{broker_port}/0"

    with servers.redis_server(broker_port), MailServer(KILLED_AT, hang) as mail_server:
        env = {
            "REDIS_URL": broker,
            "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
            "NOTIFICATIONS_BATCH_SIZE": BATCH,
        }
        # Sessions opened before the worker (an idle connection another test's process left
        # for the garbage collector) are not the worker's: only the worker's must end.
        before = sessions_of_others()
        with servers.celery_worker(**env) as worker:
            servers.dispatch_via(broker)
            assert mail_server.hanging.wait(timeout=90)
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

        # Beat's run NOTIFICATIONS_CLAIM_TIMEOUT later gives the stuck rows back. (The test
        # moves the clock rather than wait; no other dispatcher is running, so every row
        # still `sending` is the dead worker's, once PostgreSQL has ended its sessions.)
        assert servers.wait_for(lambda: sessions_of_others() <= before, timeout=30), (
            others_described()
        )
        later = timezone.now() + notifications.claim_timeout() + timedelta(seconds=1)
        assert notifications.release_stale_claims(now=later) == stuck

        with servers.celery_worker(**env):
            servers.dispatch_via(broker)
            assert servers.wait_for(lambda: count("sent") == len(due_reminders), timeout=90)

    assert count("sending") == count("pending") == count("failed") == 0
    copies = Counter(mail_server.received)
    assert set(copies) == due_reminders  # none lost
    twice = {pk for pk, n in copies.items() if n > 1}
    assert twice == ({in_flight.pk} if duplicates else set())
    assert copies[in_flight.pk] == 1 + duplicates
