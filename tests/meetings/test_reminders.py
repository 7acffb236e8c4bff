from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail

from meetings.models import Meeting
from meetings.services import invitations, reminders, scheduling
from portal.notifications import dispatcher, queue
from portal.notifications.models import Notification
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

KIND = reminders.REMINDER_KIND


def _meeting(users, **kwargs):
    fields = {
        "title": "Réunion bilatérale CCIM",
        "start": in_days(5),
        "end": in_days(5, 12),
        "venue": "CCIM, Bamako",
        "visibility": "partners",
    }
    fields.update(kwargs)
    return scheduling.create_meeting(acting_user=OfficerFactory(), users=users, **fields)


def _reminders(**filters):
    return Notification.objects.filter(kind=KIND, **filters)


def _send_invitations():
    dispatcher.dispatch_due()
    mail.outbox.clear()


def _dispatch_at(moment):
    with time_machine.travel(moment, tick=False):
        before = len(mail.outbox)
        dispatcher.dispatch_due()
        return mail.outbox[before:]


def test_reminders_are_computed_per_invitee_and_default_offset():
    meeting = _meeting([RepresentativeFactory(), RepresentativeFactory()])

    rows = _reminders(status="pending")

    assert rows.count() == 4
    assert {r.due_at for r in rows} == {
        meeting.start - timedelta(hours=24),
        meeting.start - timedelta(hours=1),
    }


def test_a_meeting_can_choose_its_own_offsets():
    meeting = _meeting(
        [RepresentativeFactory()],
        start=in_days(10),
        end=in_days(10, 12),
        reminder_offsets=[7 * 24 * 60],
    )

    assert [r.due_at for r in _reminders()] == [meeting.start - timedelta(days=7)]


def test_rescheduling_recomputes_the_pending_reminders():
    meeting = _meeting([RepresentativeFactory()])
    ids = set(_reminders().values_list("pk", flat=True))

    scheduling.update_meeting(
        meeting, acting_user=OfficerFactory(), start=in_days(8), end=in_days(8, 12)
    )

    rows = _reminders(status="pending")
    assert set(rows.values_list("pk", flat=True)) == ids  # the same rows, moved
    assert {r.due_at for r in rows} == {
        in_days(8) - timedelta(hours=24),
        in_days(8) - timedelta(hours=1),
    }


def test_cancelling_cancels_the_reminders_and_sends_a_cancellation_notice(deliver):
    meeting = _meeting(
        [RepresentativeFactory(email="a@ent.ml"), RepresentativeFactory(email="b@ent.ml")]
    )
    deliver()  # the invitations

    scheduling.cancel_meeting(meeting, acting_user=OfficerFactory())

    assert not _reminders(status="pending").exists()
    notices = deliver()
    assert sorted(m.to[0] for m in notices) == ["a@ent.ml", "b@ent.ml"]
    attachment = notices[0].attachments[0]
    cal = icalendar.Calendar.from_ical(attachment[1])
    assert str(cal["method"]) == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_declining_cancels_that_persons_reminders_only():
    stays, leaves = RepresentativeFactory(), RepresentativeFactory()
    meeting = _meeting([stays, leaves])

    invitations.respond(meeting.invitations.get(user=leaves), response="declined")

    assert not _reminders(email=leaves.email, status="pending").exists()
    assert _reminders(email=stays.email, status="pending").count() == 2


def test_cancelling_one_occurrence_cancels_only_its_reminders():
    meeting = _meeting(
        [RepresentativeFactory()], recurrence=Meeting.Recurrence.WEEKLY, recurrence_count=3
    )
    assert _reminders(status="pending").count() == 6
    second = meeting.occurrences()[1]

    scheduling.cancel_occurrence(meeting, second.original_start, acting_user=OfficerFactory())

    pending = _reminders(status="pending")
    assert pending.count() == 4
    assert second.start not in {r.occurrence for r in pending}


def test_a_due_reminder_goes_out_in_the_recipients_language_and_time_zone():
    person = RepresentativeFactory(email="paris@ent.ml", language="en", time_zone="Europe/Paris")
    meeting = _meeting([person], reminder_offsets=[60])
    _send_invitations()

    (message,) = _dispatch_at(meeting.start - timedelta(minutes=59))

    local = meeting.start.astimezone(ZoneInfo("Europe/Paris"))
    assert message.to == ["paris@ent.ml"]
    assert message.subject.startswith("Reminder:")
    assert local.strftime("%H:%M") in message.subject
    assert "Europe/Paris" in message.subject
    assert "CCIM, Bamako" in message.body
    assert meeting.get_absolute_url() in message.body
    html = message.alternatives[0][0]
    assert "Europe/Paris" in html
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(event["uid"]) == meeting.uid()


def test_each_invitee_gets_exactly_one_reminder_per_offset():
    people = [RepresentativeFactory() for _ in range(3)]
    meeting = _meeting(people)
    _send_invitations()

    first = _dispatch_at(meeting.start - timedelta(hours=23))
    again = _dispatch_at(meeting.start - timedelta(hours=22))
    last = _dispatch_at(meeting.start - timedelta(minutes=30))

    assert sorted(m.to[0] for m in first) == sorted(p.email for p in people)
    assert again == []
    assert sorted(m.to[0] for m in last) == sorted(p.email for p in people)
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in first + last)


def test_a_reminder_for_a_meeting_moved_since_the_row_was_made_is_dropped():
    meeting = _meeting([RepresentativeFactory()], reminder_offsets=[60])
    _send_invitations()
    # Moved behind the services' back: the row still has the old time.
    Meeting.objects.filter(pk=meeting.pk).update(start=in_days(9), end=in_days(9, 12))

    sent = _dispatch_at(meeting.start - timedelta(minutes=30))

    assert sent == []
    assert _reminders().get().status == "cancelled"


def test_a_reminder_for_a_meeting_made_internal_since_is_dropped():
    meeting = _meeting([RepresentativeFactory()], reminder_offsets=[60])
    _send_invitations()
    Meeting.objects.filter(pk=meeting.pk).update(visibility="internal")

    assert _dispatch_at(meeting.start - timedelta(minutes=30)) == []


def test_a_person_who_opted_out_gets_no_reminder(client):
    person = RepresentativeFactory()
    meeting = _meeting([person], reminder_offsets=[60])
    client.force_login(person)
    client.post("/calendar/subscribe/", {})  # the box unticked: no reminders
    _send_invitations()

    assert _dispatch_at(meeting.start - timedelta(minutes=30)) == []
    assert not queue.wants_reminders(person)


def test_reminders_of_a_series_follow_each_occurrence():
    meeting = _meeting(
        [RepresentativeFactory()],
        recurrence=Meeting.Recurrence.MONTHLY,
        recurrence_count=3,
        reminder_offsets=[60],
    )

    rows = _reminders(status="pending").order_by("due_at")

    assert [r.occurrence for r in rows] == [o.start for o in meeting.occurrences()]


def test_postponing_cancels_reminders_and_rescheduling_brings_them_back():
    meeting = _meeting([RepresentativeFactory()], reminder_offsets=[60])
    officer = OfficerFactory()

    scheduling.postpone_meeting(meeting, acting_user=officer)
    assert not _reminders(status="pending").exists()

    scheduling.update_meeting(meeting, acting_user=officer, start=in_days(20), end=in_days(20, 11))
    assert [r.due_at for r in _reminders(status="pending")] == [in_days(20) - timedelta(hours=1)]
