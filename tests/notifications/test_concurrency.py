import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from meetings.services import reminders, scheduling
from portal.notifications import dispatcher, queue
from portal.notifications.models import Notification
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.notifications import backends


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_send_each_due_reminder_exactly_once(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RecordingBackend"
    backends.SENT.clear()
    people = [RepresentativeFactory() for _ in range(40)]
    start = timezone.now() + timedelta(hours=3)
    scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Plénière",
        start=start,
        end=start + timedelta(hours=2),
        venue="Bamako",
        users=people,
        reminder_offsets=[60, 120],
    )
    Notification.objects.filter(kind=reminders.REMINDER_KIND).update(due_at=timezone.now())
    due = Notification.objects.filter(status="pending").count()
    assert due == 40 * 3  # two reminders and an invitation each

    barrier = threading.Barrier(2)
    errors = []

    def run_a_dispatcher():
        try:
            barrier.wait()
            dispatcher.dispatch_due(batch_size=7)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_a_dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    counts = Counter(backends.SENT)
    assert len(backends.SENT) == due
    assert max(counts.values()) == 1
    assert set(counts) == {str(pk) for pk in Notification.objects.values_list("pk", flat=True)}
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_notify_with_a_key_works_in_autocommit_mode():
    user = RepresentativeFactory()

    first = queue.notify("tests.k", target=user, email=user.email, key="tests.k:auto")
    again = queue.notify("tests.k", target=user, email=user.email, key="tests.k:auto")

    assert first.pk == again.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_dispatcher_gives_its_connection_back_with_synchronous_commits():
    from tests.notifications.factories import queue

    queue()

    assert dispatcher.dispatch_due() == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
