"""A meeting changed while its reminders are going out: no reminder leaves with what was true
before the change once it has committed, and every invitee gets one that is right.

Meetings are often moved shortly before they start, exactly when the "1 hour before"
reminders go out. Here a dispatcher (in a thread, on its own database connection, as a worker
would be) has claimed the 1-hour reminders of a meeting with 200 invitees and is half-way
through its first batch, one message held by the mail server, when an officer moves the
meeting (or changes its venue) through the meetings' service, in another thread. Then the
mail server lets the message go and the dispatcher finishes.
"""

import threading
import zoneinfo
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings.services import reminders as meeting_reminders
from meetings.services import scheduling
from portal.notifications import dispatcher
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.faults.backends import ACCEPTED, GATE, close_gate, in_thread

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 200
BATCH = 100
HELD_AT = 40  # the message the mail server holds: 39 sent before it, the rest of the batch after
BAMAKO = zoneinfo.ZoneInfo("Africa/Bamako")  # the invitees' zone (the portal's)


@pytest.fixture
def meeting(settings):
    """A meeting starting in an hour and two minutes, its 1-hour reminders due in two."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "tests.faults.backends.GatedBackend"
    settings.NOTIFICATIONS_BATCH_SIZE = BATCH
    people = [RepresentativeFactory(email=f"invite{n}@example.ml") for n in range(PEOPLE)]
    start = (timezone.now() + timedelta(hours=1, minutes=2)).replace(second=0, microsecond=0)
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Comité de suivi",
        kind="plenary",
        visibility="partners",
        start=start,
        end=start + timedelta(hours=2),
        venue="Direction générale des Douanes, Bamako",
        users=people,
        reminder_offsets=[60],
    )
    Notification.objects.exclude(kind=meeting_reminders.REMINDER_KIND).update(status="sent")
    assert reminders().count() == PEOPLE
    return meeting


def reminders():
    return Notification.objects.filter(kind=meeting_reminders.REMINDER_KIND)


def only_reminders(messages):
    """The reminders among the messages (the change's notices to the invitees go out too)."""
    ids = {str(pk) for pk in reminders().values_list("pk", flat=True)}
    return [m for m in messages if m.extra_headers["X-Portal-Notification"] in ids]


def shows(message, moment):
    """Whether a reminder names `moment` (its subject says "… le 6 décembre, 10:00 …")."""
    return f"{timezone.localtime(moment, BAMAKO):%H:%M}" in message.subject


def waiting_on_a_lock():
    """Whether another session of the test database waits on a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def change_mid_batch(meeting, **fields):
    """Dispatch the due reminders; while the HELD_AT-th message is in flight, change the
    meeting. Return how many messages the mail server had accepted when the change was done
    (committed), and the dispatcher's and the change's results."""
    close_gate(HELD_AT)
    results = {}
    due = meeting.start - timedelta(minutes=59)  # the dispatcher's clock: the reminders are due
    sending = in_thread(lambda: dispatcher.dispatch_due(now=due), results, "sent")
    assert GATE["holding"].wait(timeout=60)
    done = threading.Event()
    change = in_thread(
        lambda: (
            scheduling.update_meeting(meeting, acting_user=meeting.organiser, **fields),
            done.set(),
        ),
        results,
        "change",
    )
    # The change either waits for the message in flight (its row is locked while it is being
    # sent) or is done at once; either way the mail server then lets the message go.
    assert servers.wait_for(lambda: done.is_set() or waiting_on_a_lock(), timeout=30)
    GATE["open"].set()
    change.join(timeout=60)
    accepted_by_then = len(ACCEPTED)
    sending.join(timeout=120)
    assert not isinstance(results["change"], Exception), results["change"]
    assert not isinstance(results["sent"], Exception), results["sent"]
    return accepted_by_then


def test_a_meeting_moved_while_its_reminders_go_out_gets_reminders_for_the_new_time_only(meeting):
    old, new = meeting.start, meeting.start + timedelta(hours=1)

    accepted_by_then = change_mid_batch(meeting, start=new, end=new + timedelta(hours=2))

    # No reminder with the old time after the move committed. Before, they showed the time
    # then right, the one in flight among them: the move waited for it.
    late = [m.to[0] for m in only_reminders(ACCEPTED[accepted_by_then:]) if not shows(m, new)]
    assert late == [], f"{len(late)} reminders sent after the move with the old time"
    assert accepted_by_then >= HELD_AT
    assert all(shows(m, old) for m in only_reminders(ACCEPTED[:accepted_by_then]))

    # Every invitee has a reminder for the new time, due an hour before it, sent or not yet:
    # those who got one for the old time get another.
    for_new_time = reminders().filter(occurrence=new, due_at=new - timedelta(hours=1))
    assert for_new_time.filter(status="pending").count() == PEOPLE
    assert not reminders().exclude(pk__in=for_new_time).exists()

    # When that time comes, each goes out once, showing the new time.
    close_gate(0)
    dispatcher.dispatch_due(now=new - timedelta(minutes=59))
    sent = only_reminders(ACCEPTED)
    assert all(shows(m, new) for m in sent)
    assert Counter(m.to[0] for m in sent) == {f"invite{n}@example.ml": 1 for n in range(PEOPLE)}


def test_a_venue_changed_while_the_reminders_go_out_is_in_every_reminder_sent_after(meeting):
    new_venue = "Hôtel de l’Amitié, salle Niger"

    accepted_by_then = change_mid_batch(meeting, venue=new_venue)

    after = only_reminders(ACCEPTED[accepted_by_then:])
    assert after, "the reminders not sent before the change went out after it"
    stale = [m.to[0] for m in after if new_venue not in m.body]
    assert stale == [], f"{len(stale)} reminders sent after the change with the old venue"
    # Each invitee got exactly one reminder (the change did not make them due again).
    sent = only_reminders(ACCEPTED)
    assert Counter(m.to[0] for m in sent) == {f"invite{n}@example.ml": 1 for n in range(PEOPLE)}
    assert reminders().filter(status="sent").count() == PEOPLE
