"""What meetings hand to the portal's shared machinery: calendar entries (portal.calendar)
and organisations' engagement history (stakeholders.engagement)."""

from dataclasses import replace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import Invitation, InvitedOrganization, Meeting, reminder_offsets
from portal.calendar import CalendarEntry


def entry_for(occurrence):
    meeting = occurrence.meeting
    return CalendarEntry(
        uid=meeting.uid(occurrence.original_start),
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
    )


def instance_entry(occurrence):
    """One occurrence as invitations and notices name it: with its series' UID and, for an
    occurrence of a series (or one held on its own), RECURRENCE-ID its original start. A
    single meeting's is its entry_for."""
    meeting = occurrence.meeting
    recurring = meeting.is_series or meeting.series_id is not None
    return replace(
        entry_for(occurrence),
        uid=meeting.series_uid(),
        recurrence_id=occurrence.original_start if recurring else None,
    )


def series_entries(meeting):
    """A series as invitations and notices carry it (RFC 5546: one UID per message): one
    recurring entry with the series' rule, EXDATE for its cancelled occurrences, and one
    entry (same UID, RECURRENCE-ID) for each occurrence moved or held on its own."""
    every = set(meeting.original_starts())
    exceptions = [e for e in meeting.exceptions.all() if e.original_start in every]
    detached = [m for m in meeting.detached.all() if m.series_occurrence in every]
    held_apart = {m.series_occurrence for m in detached}
    exdates = {e.original_start for e in exceptions if e.cancelled} - held_apart
    exdates |= {m.series_occurrence for m in detached if m.is_cancelled}
    master = replace(
        entry_for(meeting._occurrence(meeting.start, None)),
        uid=meeting.series_uid(),
        url=meeting.get_absolute_url(),
        rrule=meeting.recurrence_rule(),
        exdates=tuple(sorted(exdates)),
    )
    changed = [
        meeting._occurrence(e.original_start, e)
        for e in exceptions
        if e.new_start and not e.cancelled and e.original_start not in held_apart
    ]
    changed += [child.occurrences()[0] for child in detached if not child.is_cancelled]
    return [master, *(instance_entry(o) for o in sorted(changed, key=lambda o: o.original_start))]


def meeting_entries(
    user, start, end, *, kind=None, body=None, organization=None, alarms=False, **filters
):
    """The calendar provider: occurrences of the meetings `user` may see in [start, end).

    Filters: `kind` (a meeting kind; any other kind, such as "forum", is not ours), `body`
    (a dialogue body's id), `organization` (an invited organisation's id). `alarms`: each
    entry carries the reminders the portal e-mails `user` about it (the meeting's offsets for
    a meeting they are invited to and did not decline; whether they opted out of reminders is
    for the caller), for the personal feed.
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
    reminded = {}
    if alarms and getattr(user, "is_authenticated", False):
        # One query, with the offsets (for_calendar leaves them out).
        reminded = dict(
            Invitation.objects.filter(user=user, meeting__in=meetings)
            .exclude(response=Invitation.Response.DECLINED)
            .values_list("meeting_id", "meeting__reminder_offsets")
        )
    found = []
    for meeting in meetings.for_calendar():
        occurrences = meeting.occurrences(start, end)
        if meeting.pk in reminded:
            offsets = tuple(reminder_offsets(reminded[meeting.pk]))
            found.extend(replace(entry_for(occ), alarms=offsets) for occ in occurrences)
        else:
            found.extend(entry_for(occ) for occ in occurrences)
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
