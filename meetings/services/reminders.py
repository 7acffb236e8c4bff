"""Meetings' reminders: the ones a meeting should have, and keeping its rows in line with them.

Whenever something that a reminder depends on changes (time, status, invitees, replies), the
service that changed it calls `sync_meeting_reminders`, which recomputes the meeting's
reminder rows through notifications.queue.sync_reminders: the one way reminders are made.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meetings.models import Invitation, Meeting, reminder_offsets
from meetings.services._common import lock_meeting
from portal.notifications import queue as notifications

REMINDER_KIND = "meetings.reminder"
# Reminders are made for the occurrences of the coming year; the daily refresh task
# (tasks.refresh_reminders) extends long series as time passes.
REMINDER_HORIZON = timedelta(days=400)


def alarm_offsets(stored_offsets, *, response, opted_out):
    """The one rule of who is reminded of a meeting and when: how long before each start
    an invitee is reminded (the meeting's stored `reminder_offsets`), none when they declined
    (`response`) or opted out of reminders. The e-mailed reminders (`wanted_reminders`; the
    dispatcher drops an opted-out person's when they fall due), the VALARMs of an e-mailed
    invitation (meetings.emails) and those of the personal feed (meetings.entries) all ask
    it."""
    if opted_out or response == Invitation.Response.DECLINED:
        return ()
    return tuple(reminder_offsets(stored_offsets))


def wanted_reminders(meeting, *, now=None):
    """The reminders a meeting should have: one per invitee who has not declined, per
    upcoming occurrence, per offset."""
    from portal.notifications.queue import Reminder

    now = now or timezone.now()
    if meeting.status != Meeting.Status.SCHEDULED:
        return []
    if not meeting.offsets():
        return []
    occurrences = [
        occ
        for occ in meeting.occurrences(now, now + REMINDER_HORIZON)
        if not occ.cancelled and occ.start > now
    ]
    if not occurrences:
        return []
    invitations = meeting.invitations.exclude(response=Invitation.Response.DECLINED).select_related(
        "user"
    )
    wanted = []
    for invitation in invitations:
        user = invitation.user
        # Opted out or not, the rows are made: the dispatcher drops them (set_reminders).
        offsets = alarm_offsets(
            meeting.reminder_offsets, response=invitation.response, opted_out=False
        )
        for occ in occurrences:
            for offset in offsets:
                wanted.append(
                    Reminder(
                        email=invitation.email,
                        occurrence=occ.start,
                        offset=offset,
                        occurrence_id=occ.occurrence_id,
                        recipient=user,
                        language=(user.language if user else invitation.language) or "",
                        time_zone=(user.time_zone if user else settings.TIME_ZONE) or "",
                    )
                )
    return wanted


def sync_meeting_reminders(meeting, *, now=None):
    return notifications.sync_reminders(
        REMINDER_KIND, meeting, wanted_reminders(meeting, now=now), now=now
    )


def refresh_reminders(*, now=None):
    """Re-sync every scheduled series (their horizon moves on); returns how many."""
    count = 0
    for meeting in Meeting.objects.filter(status=Meeting.Status.SCHEDULED).exclude(recurrence=""):
        with transaction.atomic():
            sync_meeting_reminders(lock_meeting(meeting), now=now)
        count += 1
    return count
