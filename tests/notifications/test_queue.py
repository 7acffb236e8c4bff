"""The queue: one row per e-mail and addressee, reminders kept exactly as wanted, keys that
make the same notification once."""

from datetime import timedelta

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from portal.notifications import queue
from portal.notifications.models import Notification
from portal.notifications.queue import Reminder
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def test_a_message_to_several_people_goes_out_as_one_email_each(deliver):
    message = EmailMultiAlternatives(
        "Annonce",
        "Texte",
        to=["a@example.ml", "b@example.ml"],
        cc=["c@example.ml"],
        bcc=["d@example.ml"],
    )

    rows = queue.queue_message(message)
    sent = deliver()

    assert len(rows) == 4
    assert sorted(m.to[0] for m in sent) == [
        "a@example.ml",
        "b@example.ml",
        "c@example.ml",
        "d@example.ml",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in sent)


def _wanted(user, start, offsets=(timedelta(hours=24), timedelta(hours=1))):
    return [Reminder(email=user.email, occurrence=start, offset=o, recipient=user) for o in offsets]


def test_sync_reminders_is_idempotent():
    user = RepresentativeFactory()
    start = timezone.now() + timedelta(days=3)

    assert queue.sync_reminders("tests.r", user, _wanted(user, start)) == (2, 0, 0)
    assert queue.sync_reminders("tests.r", user, _wanted(user, start)) == (0, 0, 0)


def test_sync_reminders_leaves_a_due_but_unsent_reminder_alone():
    user = RepresentativeFactory()
    start = timezone.now() + timedelta(hours=3)
    queue.sync_reminders("tests.r", user, _wanted(user, start, [timedelta(hours=2)]))

    # Two hours later the reminder is due; the dispatcher has not run yet; an invitee is added.
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1), tick=False):
        queue.sync_reminders("tests.r", user, _wanted(user, start, [timedelta(hours=2)]))

    assert Notification.objects.get().status == "pending"


def test_sync_reminders_never_touches_a_sent_reminder():
    user = RepresentativeFactory()
    start = timezone.now() + timedelta(days=3)
    queue.sync_reminders("tests.r", user, _wanted(user, start))
    Notification.objects.update(status="sent")

    assert queue.sync_reminders("tests.r", user, []) == (0, 0, 0)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_very_long_address_still_gets_a_unique_key():
    user = RepresentativeFactory()
    long_address = "x" * 200 + "@" + "y" * 50 + ".ml"
    start = timezone.now() + timedelta(days=3)

    queue.sync_reminders(
        "tests.r", user, [Reminder(email=long_address, occurrence=start, offset=timedelta(hours=1))]
    )

    (row,) = Notification.objects.all()
    assert len(row.key) <= 255


def test_notify_with_a_key_outside_a_transaction_revives_a_cancelled_row():
    user = RepresentativeFactory()
    first = queue.notify("tests.k", target=user, email=user.email, key="tests.k:1")
    Notification.objects.filter(pk=first.pk).update(status="cancelled")

    again = queue.notify("tests.k", target=user, email=user.email, key="tests.k:1")

    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.status == "pending"
