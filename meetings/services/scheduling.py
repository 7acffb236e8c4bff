"""Meetings and their occurrences: scheduling, changing, cancelling or postponing a meeting,
cancelling, moving or detaching one occurrence of a series, and telling the invitees.

Every change a calendar program must see increases the meeting's (or the occurrence's)
SEQUENCE counter; every change of time or status recomputes the reminders.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Invitation, InvitedOrganization, Meeting, OccurrenceException, new_token
from meetings.services._common import MeetingError, is_over, lock_meeting
from meetings.services.invitations import add_invitations, check_internal
from meetings.services.reminders import sync_meeting_reminders
from portal import agenda, dates, holidays_calendar
from portal.notifications import queue as notifications

NOTICE_KIND = "meetings.notice"

# Fields whose change a calendar program must see (SEQUENCE increases).
SCHEDULE_FIELDS = {"start", "end", "recurrence", "recurrence_until", "recurrence_count"}
CALENDAR_FIELDS = SCHEDULE_FIELDS | {"title", "venue", "online_url", "description"}
MEETING_FIELDS = {
    "title",
    "kind",
    "description",
    "agenda",
    "start",
    "end",
    "venue",
    "online_url",
    "body",
    "visibility",
    "recurrence",
    "recurrence_until",
    "recurrence_count",
    "reminder_offsets",
}


def create_meeting(
    *, acting_user, users=(), contacts=(), organizations=(), consultations=(), **fields
):
    """Schedule a meeting (or a series) and invite people and organisations to it; the
    consultations given are put on its agenda."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    consultations = agenda.consultations_for_agenda(consultations, acting_user=acting_user)
    with transaction.atomic():
        meeting = Meeting.objects.create(organiser=acting_user, **fields)
        if consultations:
            meeting.consultations.set(consultations)
        add_invitations(meeting, users=users, contacts=contacts, organizations=organizations)
        check_internal(meeting)
        sync_meeting_reminders(meeting)
    return meeting


def update_meeting(meeting, *, acting_user, consultations=None, **fields):
    """Change a meeting. A new time or place increases SEQUENCE, recomputes the reminders
    and tells the invitees (with an updated calendar invitation). `consultations`, when
    given, become the consultations on its agenda. Making it internal is refused while it
    has invitees other than customs officers (MeetingError "internal" names them).

    A series' occurrences are known by their original start, and so are its exceptions
    (cancelled or moved occurrences) and the occurrences held on their own (detached). When
    the schedule changes, they follow their occurrence (`_carry_exceptions`): a new start
    moves every occurrence by the same amount (of wall-clock time in the portal's zone, as
    the series repeats), and the exceptions' and detached occurrences' original starts move
    with them. If the new schedule no longer has an occurrence there (a shorter series, a
    new rule, no longer a series), a cancelled occurrence is simply dropped (nothing is left
    to cancel), while a moved one or one held on its own makes the change refused
    (MeetingError "occurrences_outside" names them): its date was chosen, or it happened,
    and the series cannot drop it silently. A moved occurrence keeps the time it was moved
    to. Reminders are then recomputed from the new schedule, exceptions applied."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    if consultations is not None:
        consultations = agenda.consultations_for_agenda(consultations, acting_user=acting_user)
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("closed")
        changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
        before_start = meeting.start
        before_starts = set(meeting.original_starts()) if meeting.is_series else set()
        for name in changed:
            setattr(meeting, name, fields[name])
        if "visibility" in changed:
            check_internal(meeting)
        if changed & SCHEDULE_FIELDS and before_starts:
            _carry_exceptions(meeting, before_start, before_starts)
        if changed & CALENDAR_FIELDS:
            meeting.sequence += 1
        if changed & SCHEDULE_FIELDS and meeting.status == Meeting.Status.POSTPONED:
            meeting.status = Meeting.Status.SCHEDULED  # a postponed meeting gets its new date
        meeting.save()
        if consultations is not None and set(consultations) != set(meeting.consultations.all()):
            meeting.consultations.set(consultations)
        sync_meeting_reminders(meeting)
        if changed & CALENDAR_FIELDS:
            _notify_invitees(meeting, "updated")
    return meeting


def _wall_clock_shift(before, after):
    """The function moving a moment as a series moves when its start goes from `before` to
    `after`: by the same wall-clock amount in the portal's zone, where the series repeats."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    delta = timezone.localtime(after, zone).replace(tzinfo=None) - timezone.localtime(
        before, zone
    ).replace(tzinfo=None)

    def shift(moment):
        local = timezone.localtime(moment, zone).replace(tzinfo=None) + delta
        return local.replace(tzinfo=zone).astimezone(UTC)

    return shift, delta


def _carry_exceptions(meeting, before_start, before_starts):
    """Move a series' exceptions and detached occurrences with their occurrences after a
    change of schedule (`meeting` holds the new one, unsaved); see update_meeting for the
    rule. Exceptions that were not occurrences before either are left as they are."""
    shift, delta = _wall_clock_shift(before_start, meeting.start)
    every = set(meeting.original_starts()) if meeting.is_series else set()
    exceptions = [
        e
        for e in meeting.exceptions.order_by("original_start")
        if e.original_start in before_starts
    ]
    detached = [
        m
        for m in meeting.detached.order_by("series_occurrence")
        if m.series_occurrence in before_starts
    ]
    outside = [e for e in exceptions if not e.cancelled and shift(e.original_start) not in every]
    outside += [m for m in detached if shift(m.series_occurrence) not in every]
    if outside:
        raise MeetingError("occurrences_outside", _outside_message(outside))
    for exc in exceptions:
        if shift(exc.original_start) not in every:
            exc.delete()  # a cancelled occurrence the new schedule does not have
    if not delta:
        return
    # One row at a time, the farthest first in the direction of the move, so no two rows
    # share an original start on the way (each key is unique per series).
    later_first = delta > timedelta(0)
    for exc in sorted(
        (e for e in exceptions if e.pk is not None),
        key=lambda e: e.original_start,
        reverse=later_first,
    ):
        exc.original_start = shift(exc.original_start)
        exc.save(update_fields=["original_start"])
    for child in sorted(detached, key=lambda m: m.series_occurrence, reverse=later_first):
        child.series_occurrence = shift(child.series_occurrence)
        child.save(update_fields=["series_occurrence", "updated_at"])


def _outside_message(outside):
    moments = sorted(
        e.original_start if isinstance(e, OccurrenceException) else e.series_occurrence
        for e in outside
    )
    when = ", ".join(dates.date_format(moment, "DATETIME_FORMAT") for moment in moments)
    return _(
        "The new schedule would drop occurrences that were moved or held on their own: "
        "%(occurrences)s. Choose a schedule that keeps them."
    ) % {"occurrences": when}


def cancel_meeting(meeting, *, acting_user):
    """Cancel a meeting (every occurrence of a series): its reminders are cancelled and the
    invitees get a cancellation notice instead."""
    return _close(meeting, Meeting.Status.CANCELLED, "cancelled")


def postpone_meeting(meeting, *, acting_user):
    """Postpone a meeting to a date not yet known: like a cancellation until it is rescheduled."""
    return _close(meeting, Meeting.Status.POSTPONED, "postponed")


def _close(meeting, status, change):
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.POSTPONED):
            raise MeetingError("closed")
        if meeting.status == status:
            return meeting
        meeting.status = status
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        sync_meeting_reminders(meeting)
        _notify_invitees(meeting, change)
    return meeting


def cancel_occurrence(meeting, original_start, *, acting_user):
    """Cancel one occurrence of a series, leaving the others as they are."""
    return _change_occurrence(meeting, original_start, cancelled=True)


def move_occurrence(meeting, original_start, *, acting_user, start, end):
    """Move one occurrence of a series; it keeps its identity (UID) in calendars."""
    if end <= start:
        raise MeetingError("end")
    return _change_occurrence(meeting, original_start, new_start=start, new_end=end)


def shift_to_working_day(meeting, original_start, *, acting_user, step=1):
    """Move an occurrence that falls on a day off (a weekend or a public holiday,
    portal.holidays_calendar) to the next working day (step=1) or the previous one (step=-1),
    at the same time of day, through `move_occurrence`: it keeps its identity (RECURRENCE-ID)
    and the invitees are told. Refused ("working_day") once it is on a working day, so a
    second click moves nothing; ("past") when the previous working day has gone by."""
    if step not in (1, -1):
        raise MeetingError("occurrence")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        occurrence = meeting.occurrence(original_start) if meeting.is_series else None
        if occurrence is None or occurrence.cancelled:
            raise MeetingError("occurrence")
        local = timezone.localtime(occurrence.start, zone)
        if not holidays_calendar.is_day_off(local.date()):
            raise MeetingError("working_day")
        day = holidays_calendar.working_day(local.date(), step=step)
        start = datetime.combine(day, local.time(), zone)
        if start <= timezone.now():
            raise MeetingError("past")
        end = start + (occurrence.end - occurrence.start)
        return move_occurrence(
            meeting, original_start, acting_user=acting_user, start=start, end=end
        )


def _change_occurrence(meeting, original_start, **changes):
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if not meeting.is_series or meeting.status != Meeting.Status.SCHEDULED:
            raise MeetingError("closed")
        if meeting.occurrence(original_start) is None:
            raise MeetingError("occurrence")
        exc, _ = OccurrenceException.objects.get_or_create(
            meeting=meeting, original_start=original_start
        )
        if exc.cancelled:
            raise MeetingError("closed")
        for name, value in changes.items():
            setattr(exc, name, value)
        exc.sequence += 1  # the meeting's lock above serialises changes to its occurrences
        exc.save()
        sync_meeting_reminders(meeting)
        change = "occurrence_cancelled" if changes.get("cancelled") else "occurrence_moved"
        _notify_invitees(meeting, change, original_start=original_start, version=exc.sequence)
    return exc


def detach_occurrence(meeting, original_start, *, acting_user):
    """Give one occurrence of a series a meeting of its own (to record its attendance,
    minutes and commitments). It keeps the occurrence's UID, so calendars see the same event.
    Returns the occurrence's meeting (the existing one if it was detached before)."""
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        existing = meeting.detached.filter(series_occurrence=original_start).first()
        if existing:
            return existing
        occ = meeting.occurrence(original_start)
        if occ is None:
            raise MeetingError("occurrence")
        child = Meeting.objects.create(
            title=meeting.title,
            kind=meeting.kind,
            description=meeting.description,
            agenda=meeting.agenda,
            start=occ.start,
            end=occ.end,
            venue=meeting.venue,
            online_url=meeting.online_url,
            organiser=meeting.organiser,
            body=meeting.body,
            visibility=meeting.visibility,
            status=Meeting.Status.CANCELLED if occ.cancelled else Meeting.Status.SCHEDULED,
            reminder_offsets=meeting.reminder_offsets,
            series=meeting,
            series_occurrence=original_start,
            sequence=occ.sequence + 1,
        )
        child.consultations.set(meeting.consultations.all())
        InvitedOrganization.objects.bulk_create(
            InvitedOrganization(meeting=child, organization_id=org_id)
            for org_id in meeting.invited_orgs.values_list("organization_id", flat=True)
        )
        Invitation.objects.bulk_create(
            Invitation(
                meeting=child,
                user_id=inv.user_id,
                contact_id=inv.contact_id,
                organization_id=inv.organization_id,
                name=inv.name,
                email=inv.email,
                language=inv.language,
                response=inv.response,
                responded_at=inv.responded_at,
                token=new_token(),
            )
            for inv in meeting.invitations.all()
        )
        # The series' reminders for that occurrence move to the occurrence's own meeting.
        sync_meeting_reminders(meeting)
        sync_meeting_reminders(child)
    return child


def _notify_invitees(meeting, change, *, original_start=None, version=0):
    """Tell every invitee who has not declined about a change, one e-mail each."""
    if is_over(meeting) and change == "updated":
        return
    stamp = original_start.isoformat() if original_start else ""
    if version:
        stamp = f"{stamp}:{version}"
    for invitation in meeting.invitations.exclude(response=Invitation.Response.DECLINED):
        notifications.notify(
            NOTICE_KIND,
            target=invitation,
            email=invitation.email,
            recipient=invitation.user,
            language=invitation.language,
            key=f"{NOTICE_KIND}:{invitation.pk}:{meeting.sequence}:{change}:{stamp}",
            payload={
                "change": change,
                "occurrence": original_start.isoformat() if original_start else "",
            },
        )
