"""What meetings hand to the portal's shared machinery: calendar entries (portal.calendar)
and organisations' engagement history (stakeholders.engagement)."""

from dataclasses import replace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Invitation, InvitedOrganization, Meeting
from meetings.services.reminders import alarm_offsets
from portal.calendar import CalendarEntry
from portal.notifications import queue as notifications


def entry_for(occurrence, *, alarms=()):
    """One occurrence as a calendar entry, named as every calendar file names it (one scheme
    for feeds, downloads and e-mails): the UID of its meeting's series (`Meeting.uid`) and,
    for an occurrence of a series (or one held on its own), RECURRENCE-ID its original
    start. A single meeting is its UID alone."""
    meeting = occurrence.meeting
    recurring = meeting.is_series or meeting.series_id is not None
    return CalendarEntry(
        uid=meeting.uid(),
        title=meeting.title,
        start=occurrence.start,
        end=occurrence.end,
        url=occurrence.url,
        kind="meeting",
        # The choice's label (lazy): get_kind_display() rebuilt the choices for each entry.
        kind_label=Meeting.Kind(meeting.kind).label,
        location=meeting.venue,
        online_url=meeting.online_url,
        description=meeting.description,
        cancelled=occurrence.cancelled,
        sequence=occurrence.sequence,
        last_modified=meeting.updated_at,
        public=meeting.visibility == Meeting.Visibility.PUBLIC,
        categories=(str(meeting.body),) if meeting.body_id else (),
        recurrence_id=occurrence.original_start if recurring else None,
        alarms=alarms,
    )


# The name invitations and notices give an occurrence is the one entry_for gives it.
instance_entry = entry_for


def series_entries(meeting, *, detached=None, alarms=()):
    """A series as every calendar file carries it (RFC 5545 and 5546: one UID per series):
    one recurring entry with the series' rule, EXDATE for its cancelled occurrences, and one
    entry (same UID, RECURRENCE-ID) for each occurrence moved or held on its own.

    `detached`: the occurrences held on their own that the reader may see (all of them
    unless given); one they may not see is left out, and its date with it (EXDATE)."""
    every = set(meeting.original_starts())
    exceptions = [e for e in meeting.exceptions.all() if e.original_start in every]
    children = [m for m in meeting.detached.all() if m.series_occurrence in every]
    held_apart = {m.series_occurrence for m in children}
    shown = children if detached is None else [m for m in children if m.pk in detached]
    exdates = {e.original_start for e in exceptions if e.cancelled} - held_apart
    exdates |= {m.series_occurrence for m in children if m.is_cancelled or m not in shown}
    master = replace(
        entry_for(meeting._occurrence(meeting.start, None), alarms=alarms),
        url=meeting.get_absolute_url(),
        rrule=meeting.recurrence_rule(),
        exdates=tuple(sorted(exdates)),
        recurrence_id=None,
    )
    changed = [
        meeting._occurrence(e.original_start, e)
        for e in exceptions
        if e.new_start and not e.cancelled and e.original_start not in held_apart
    ]
    changed += [child.occurrences()[0] for child in shown if not child.is_cancelled]
    changed.sort(key=lambda o: o.original_start)
    return [master, *(entry_for(o, alarms=alarms) for o in changed)]


def calendar_entries(meeting, *, alarms=()):
    """The meeting as every calendar file carries it: a series whole (series_entries),
    anything else as itself."""
    if meeting.is_series:
        return series_entries(meeting, alarms=alarms)
    return [entry_for(meeting.occurrences()[0], alarms=alarms)]


def meeting_entries(
    user,
    start,
    end,
    *,
    kind=None,
    body=None,
    organization=None,
    alarms=False,
    recurring=False,
    **filters,
):
    """The calendar provider: occurrences of the meetings `user` may see in [start, end).

    Filters: `kind` (a meeting kind; any other kind, such as "forum", is not ours), `body`
    (a dialogue body's id), `organization` (an invited organisation's id). `alarms`: each
    entry carries the reminders the portal e-mails `user` about it
    (`meetings.services.reminders.alarm_offsets`), for the personal feed. `recurring`: a
    series is given as calendar files carry it (`series_entries`: one recurring entry, its
    exceptions with RECURRENCE-ID), not as its occurrences in the period, for the feeds.
    """
    if kind and kind not in Meeting.Kind.values:
        return []
    meetings = Meeting.objects.visible_to(user).overlapping(start, end)
    if kind:
        meetings = meetings.filter(kind=kind)
    if body:
        meetings = meetings.filter(body_id=body)
    if organization:
        meetings = meetings.filter(invited_orgs__organization_id=organization)
    meetings = meetings.for_calendar()
    if recurring:
        meetings = _with_their_series(user, meetings)
    offsets = _alarms_of(user, meetings) if alarms else {}
    found = []
    if recurring:
        shown = {m.pk for m in meetings if m.series_id}
        series = {m.pk for m in meetings if m.is_series}
        for meeting in meetings:
            mine = offsets.get(meeting.pk, ())
            if meeting.is_series:
                found.extend(series_entries(meeting, detached=shown, alarms=mine))
            elif meeting.series_id not in series:  # otherwise its series carries it
                found.append(entry_for(meeting.occurrences()[0], alarms=mine))
        return found
    for meeting in meetings:
        mine = offsets.get(meeting.pk, ())
        found.extend(entry_for(occ, alarms=mine) for occ in meeting.occurrences(start, end))
    return found


def _with_their_series(user, meetings):
    """`meetings` and the series of those held on their own, when `user` may see them: an
    occurrence is written inside its series, which may lie outside the period."""
    have = {m.pk for m in meetings}
    missing = {m.series_id for m in meetings if m.series_id and m.series_id not in have}
    if not missing:
        return meetings
    more = Meeting.objects.visible_to(user).filter(pk__in=missing).for_calendar()
    more_ids = {m.pk for m in more}
    # The series' other occurrences held on their own, seen by `user`, come with it.
    children = Meeting.objects.visible_to(user).filter(series_id__in=more_ids).exclude(pk__in=have)
    return [*meetings, *more, *children.for_calendar()]


def _alarms_of(user, meetings):
    """{meeting id: its reminders for `user`} by the one rule (reminders.alarm_offsets)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    opted_out = not notifications.wants_reminders(user)
    found = {}
    # One query, with the offsets (for_calendar leaves them out).
    for meeting_id, response, stored in Invitation.objects.filter(
        user=user, meeting__in=[m.pk for m in meetings]
    ).values_list("meeting_id", "response", "meeting__reminder_offsets"):
        found[meeting_id] = alarm_offsets(stored, response=response, opted_out=opted_out)
    return found


def meeting_engagements(organization, user):
    """Meetings `organization` was invited to or attended, as `user` may see them."""
    from stakeholders.engagement import EngagementItem

    invited = InvitedOrganization.objects.filter(organization=organization).values("meeting_id")
    people = Invitation.objects.filter(organization=organization).values("meeting_id")
    present = set(
        InvitedOrganization.objects.filter(organization=organization, attended=True).values_list(
            "meeting_id", flat=True
        )
    )
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(Q(pk__in=invited) | Q(pk__in=people))
        .select_related("body")
        .order_by("-start")[:200]
    )
    items = []
    for meeting in meetings:
        if meeting.pk in present:
            detail = _("present")
        elif meeting.status == Meeting.Status.HELD:
            detail = _("invited, not present")
        else:
            detail = _("invited")
        items.append(
            EngagementItem(
                when=meeting.start,
                kind_label=_("Meeting"),
                title=meeting.title,
                url=meeting.get_absolute_url(),
                detail=detail,
            )
        )
    return items
