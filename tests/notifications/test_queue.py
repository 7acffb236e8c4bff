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


def test_sync_reminders_rechecks_claimed_rows_and_makes_again_a_sent_one_whose_time_moved():
    """Rows a dispatcher has claimed are not sent yet: a change re-plans them, cancels those
    no longer wanted, gives back those still right (to be rendered afresh); a reminder sent
    for the old time of an occurrence moved later is made again for the new time."""
    target = RepresentativeFactory()
    start = timezone.now() + timedelta(hours=2)
    hour = timedelta(hours=1)

    def wanted(start, *people):
        return [Reminder(email=f"{p}@example.ml", occurrence=start, offset=hour) for p in people]

    def row(person):
        return Notification.objects.get(email=f"{person}@example.ml")

    queue.sync_reminders("tests.r", target, wanted(start, "moved", "gone", "sent"))
    # An hour later, their time has come: one was sent, the others claimed by a dispatcher.
    claimed_at = timezone.now() + hour
    with time_machine.travel(claimed_at, tick=False):
        Notification.objects.exclude(email="sent@example.ml").update(
            status="sending", claimed_at=claimed_at
        )
        Notification.objects.filter(email="sent@example.ml").update(status="sent")

        # The meeting moves half an hour later; "gone" is no longer invited.
        later = start + timedelta(minutes=30)
        assert queue.sync_reminders("tests.r", target, wanted(later, "moved", "sent")) == (0, 2, 1)

    for person in ("moved", "sent"):
        assert (row(person).status, row(person).due_at, row(person).occurrence) == (
            "pending",
            later - hour,
            later,
        )
        assert row(person).claimed_at is None
    assert (row("gone").status, row("gone").claimed_at) == ("cancelled", None)


def test_sync_reminders_gives_back_a_claimed_reminder_still_right_to_be_rendered_afresh():
    target = RepresentativeFactory()
    start = timezone.now() + timedelta(hours=2)
    wanted = [Reminder(email="a@example.ml", occurrence=start, offset=timedelta(hours=1))]
    queue.sync_reminders("tests.r", target, wanted)
    claimed_at = timezone.now() + timedelta(hours=1, minutes=1)
    with time_machine.travel(claimed_at, tick=False):
        Notification.objects.update(status="sending", claimed_at=claimed_at)

        # Something the reminder shows changed (the venue, say), not its time.
        assert queue.sync_reminders("tests.r", target, wanted) == (0, 1, 0)

    row = Notification.objects.get()
    assert (row.status, row.claimed_at, row.due_at) == ("pending", None, start - timedelta(hours=1))


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
