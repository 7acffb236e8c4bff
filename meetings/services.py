"""Writes for meetings: each function keeps one invariant, inside one transaction.

Views, the admin, the demo and tasks all call these; nothing else writes meetings, their
invitations, occurrence changes, minutes or commitments. Whenever something that a reminder
depends on changes (time, status, invitees, replies), `sync_meeting_reminders` recomputes the
meeting's reminder rows through notifications.queue.sync_reminders: the one way reminders
are made. Every change a calendar program must see increases the meeting's (or the
occurrence's) SEQUENCE counter.
"""

import zoneinfo
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import (
    AgendaProposal,
    CalendarFeed,
    Commitment,
    DialogueBody,
    Invitation,
    InvitedOrganization,
    Meeting,
    MeetingRequest,
    OccurrenceException,
    new_token,
)
from portal import agenda, permissions
from portal.notifications import queue as notifications
from stakeholders.models import Organization

REMINDER_KIND = "meetings.reminder"
INVITATION_KIND = "meetings.invitation"
NOTICE_KIND = "meetings.notice"
REQUEST_ANSWER_KIND = "meetings.request_answer"
# Reminders are made for the occurrences of the coming year; the daily refresh task
# (tasks.refresh_reminders) extends long series as time passes.
REMINDER_HORIZON = timedelta(days=400)

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


class MeetingError(Exception):
    """A change that the meeting's state does not allow (shown to the user).

    `str(error)` is its code (the views' ERRORS map codes to messages); a `message`, when
    given, is the sentence to show instead, for errors that must name what is in the way.
    """

    def __init__(self, code, message=None):
        super().__init__(code)
        self.code = code
        self.message = message


def _locked(meeting):
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- Meetings ---------------------------------------------------------------------------


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
        _invite(meeting, users=users, contacts=contacts, organizations=organizations)
        _check_internal(meeting)
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
        meeting = _locked(meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("closed")
        changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
        before_start = meeting.start
        before_starts = set(meeting.original_starts()) if meeting.is_series else set()
        for name in changed:
            setattr(meeting, name, fields[name])
        if "visibility" in changed:
            _check_internal(meeting)
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
    when = ", ".join(
        date_format(timezone.localtime(moment), "DATETIME_FORMAT") for moment in moments
    )
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
        meeting = _locked(meeting)
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


def _change_occurrence(meeting, original_start, **changes):
    with transaction.atomic():
        meeting = _locked(meeting)
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
        meeting = _locked(meeting)
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


# --- Invitations and replies ------------------------------------------------------------


def invite(meeting, *, acting_user, users=(), contacts=(), organizations=()):
    """Invite people (portal users or contacts) and organisations (their contacts who have
    an account or agreed to be contacted). Each new invitee gets one invitation e-mail."""
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("closed")
        created = _invite(meeting, users=users, contacts=contacts, organizations=organizations)
        _check_internal(meeting)
        sync_meeting_reminders(meeting)
    return created


# How many of the invitees in the way an error names; the rest are counted.
NAMED_OUTSIDERS = 10


def _check_internal(meeting):
    """An internal meeting is for customs officers only: refuse (MeetingError "internal",
    naming them) while it has other invitees, organisations or people, whether they are
    being invited to it or the meeting is being made internal. The caller's transaction then
    rolls back whatever it did."""
    if meeting.visibility != Meeting.Visibility.INTERNAL:
        return
    outsiders = [
        str(link.organization)
        for link in meeting.invited_orgs.select_related("organization").order_by(
            "organization__name"
        )
    ] + [
        invitation.name or invitation.email
        # Those who may see an internal meeting: the one officers rule, as visible_to has it.
        for invitation in meeting.invitations.exclude(
            user__in=get_user_model().objects.filter(permissions.customs_officers_q())
        ).order_by("name", "email")
    ]
    if not outsiders:
        return
    names = ", ".join(outsiders[:NAMED_OUTSIDERS])
    more = len(outsiders) - NAMED_OUTSIDERS
    if more > 0:
        names = ngettext(
            "%(names)s and %(count)d other", "%(names)s and %(count)d others", more
        ) % {"names": names, "count": more}
    raise MeetingError(
        "internal",
        _(
            "An internal meeting can only have customs officers as invitees. Withdraw these "
            "invitations first: %(names)s."
        )
        % {"names": names},
    )


def _invite(meeting, *, users=(), contacts=(), organizations=()):
    taken = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    wanted = []
    for user in users:
        contact = getattr(user, "contact", None)
        wanted.append(
            {
                "user": user,
                "contact": contact,
                "organization": contact.organization if contact else None,
                "name": user.full_name or user.email,
                "email": user.email,
                "language": user.language,
            }
        )
    org_contacts = []
    for organization in organizations:
        InvitedOrganization.objects.get_or_create(meeting=meeting, organization=organization)
        org_contacts.extend(
            c
            for c in organization.contacts.select_related("user", "organization")
            if c.user_id or (c.consent and c.email)
        )
    for contact in [*contacts, *org_contacts]:
        user = contact.user if contact.user_id else None
        email = user.email if user else contact.email
        if not email:
            continue
        wanted.append(
            {
                "user": user,
                "contact": contact,
                "organization": contact.organization,
                "name": contact.name,
                "email": email,
                "language": user.language if user else contact.language,
            }
        )
    created = []
    for fields in wanted:
        if fields["email"].lower() in taken:
            continue
        taken.add(fields["email"].lower())
        invitation = Invitation.objects.create(meeting=meeting, **fields)
        created.append(invitation)
        if meeting.status == Meeting.Status.SCHEDULED and not _is_over(meeting):
            _send_invitation(invitation)
    return created


def _is_over(meeting):
    if meeting.is_series:
        return meeting.next_occurrence() is None
    return meeting.end <= timezone.now()


def _send_invitation(invitation, *, update=False):
    meeting = invitation.meeting
    notifications.notify(
        INVITATION_KIND,
        target=invitation,
        email=invitation.email,
        recipient=invitation.user,
        language=invitation.language,
        key=f"{INVITATION_KIND}:{invitation.pk}:{meeting.sequence}",
        payload={"update": update},
    )


def uninvite(invitation, *, acting_user):
    """Withdraw one person's invitation: their pending e-mails and reminders are cancelled."""
    with transaction.atomic():
        meeting = _locked(invitation.meeting)
        notifications.cancel_for(invitation)
        invitation.delete()
        sync_meeting_reminders(meeting)


def uninvite_organization(meeting, organization, *, acting_user):
    """Withdraw an organisation's invitation, and those of its people invited with it."""
    with transaction.atomic():
        meeting = _locked(meeting)
        InvitedOrganization.objects.filter(meeting=meeting, organization=organization).delete()
        for invitation in meeting.invitations.filter(organization=organization):
            notifications.cancel_for(invitation)
            invitation.delete()
        sync_meeting_reminders(meeting)


def respond(invitation, *, response, acting_user=None):
    """Record a reply (accept, tentative, decline). Declining stops the reminders. A cancelled
    meeting, or one already held, takes no more replies."""
    if response not in (
        Invitation.Response.ACCEPTED,
        Invitation.Response.TENTATIVE,
        Invitation.Response.DECLINED,
    ):
        raise MeetingError("response")
    with transaction.atomic():
        meeting = _locked(invitation.meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("replies_closed")
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.response = response
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "responded_at"])
        sync_meeting_reminders(meeting)
    return invitation


def propose_agenda_item(meeting, *, acting_user, title, details=""):
    """A participant proposes an agenda item, before the meeting."""
    if _is_over(meeting) or meeting.status != Meeting.Status.SCHEDULED:
        raise MeetingError("closed")
    with transaction.atomic():
        return AgendaProposal.objects.create(
            meeting=meeting,
            proposed_by=acting_user,
            organization=Organization.objects.represented_by(acting_user).first(),
            title=title,
            details=details,
        )


def decide_agenda_item(proposal, *, acting_user, accept):
    """The organiser adds a proposed item to the agenda, or does not retain it."""
    with transaction.atomic():
        meeting = _locked(proposal.meeting)
        proposal = AgendaProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != AgendaProposal.Status.PROPOSED:
            return proposal
        proposal.status = (
            AgendaProposal.Status.ACCEPTED if accept else AgendaProposal.Status.DECLINED
        )
        proposal.save(update_fields=["status"])
        if accept:
            meeting.agenda = f"{meeting.agenda.rstrip()}\n{proposal.title}".strip()
            meeting.save(update_fields=["agenda", "updated_at"])
    return proposal


# --- Minutes and commitments ------------------------------------------------------------


def record_minutes(
    meeting, *, acting_user, minutes, present_invitations=(), present_organizations=()
):
    """Mark a meeting held, with its attendance and minutes (Markdown).

    The organisations present are those ticked and those of the people present.
    """
    with transaction.atomic():
        meeting = _locked(meeting)
        if meeting.is_series:
            raise MeetingError("series")
        if meeting.status == Meeting.Status.CANCELLED or meeting.start > timezone.now():
            raise MeetingError("not_held")
        present_ids = {inv.pk for inv in present_invitations}
        invitations = list(meeting.invitations.all())
        for inv in invitations:
            inv.attended = inv.pk in present_ids
        Invitation.objects.bulk_update(invitations, ["attended"])
        org_ids = {org.pk for org in present_organizations} | {
            inv.organization_id for inv in invitations if inv.attended and inv.organization_id
        }
        for org_id in org_ids:
            InvitedOrganization.objects.get_or_create(meeting=meeting, organization_id=org_id)
        meeting.invited_orgs.update(attended=False)
        meeting.invited_orgs.filter(organization_id__in=org_ids).update(attended=True)
        meeting.minutes = minutes
        meeting.minutes_recorded_at = timezone.now()
        meeting.status = Meeting.Status.HELD
        meeting.save()
        sync_meeting_reminders(meeting)
    return meeting


def add_commitment(meeting, *, acting_user, **fields):
    with transaction.atomic():
        return Commitment.objects.create(meeting=meeting, **fields)


def update_commitment(commitment, *, acting_user, **fields):
    with transaction.atomic():
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        for name, value in fields.items():
            setattr(commitment, name, value)
        commitment.save()
    return commitment


# --- Dialogue bodies --------------------------------------------------------------------


# What apps above meetings do when a body's members change (consultations: invite the new
# members to the consultations the body is invited to). Registered in their AppConfig.ready().
_members_changed = []


def on_members_changed(handler):
    """Call `handler(body)` whenever a dialogue body's members change, in the same transaction."""
    if handler not in _members_changed:
        _members_changed.append(handler)


def save_body(body=None, *, acting_user, members=(), **fields):
    """Create or change a dialogue body. Its members are invited to the consultations the
    body is invited to, so a change of members is passed on to them.

    `body` is the body to change, or None to create one from `fields`; an unsaved body (as the
    admin's form makes it) is created as it is."""
    with transaction.atomic():
        if body is None:
            body = DialogueBody.objects.create(**fields)
            before = set()
        else:
            for name, value in fields.items():
                setattr(body, name, value)
            body.save()
            before = set(body.members.values_list("pk", flat=True))
        body.members.set(members)
        if before != {member.pk for member in members}:
            for handler in _members_changed:
                handler(body)
    return body


# --- Meeting requests -------------------------------------------------------------------


def request_meeting(
    *, acting_user, subject, first_choice, details="", second_choice=None, participants=""
):
    """A representative asks Customs for a meeting, on behalf of their organisation."""
    with transaction.atomic():
        return MeetingRequest.objects.create(
            requested_by=acting_user,
            organization=Organization.objects.represented_by(acting_user).first(),
            subject=subject,
            details=details,
            first_choice=first_choice,
            second_choice=second_choice,
            participants=participants,
        )


def accept_request(
    meeting_request, *, acting_user, users=(), contacts=(), organizations=(), **meeting_fields
):
    """Accept a request: the meeting is created with the requester (and their organisation)
    invited, besides the invitees given, and the requester is told."""
    with transaction.atomic():
        meeting_request = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
        if meeting_request.status != MeetingRequest.Status.PENDING:
            raise MeetingError("answered")
        requester_org = [meeting_request.organization] if meeting_request.organization else []
        meeting = create_meeting(
            acting_user=acting_user,
            users=[meeting_request.requested_by, *users],
            contacts=contacts,
            organizations=[*requester_org, *organizations],
            **meeting_fields,
        )
        meeting_request.status = MeetingRequest.Status.ACCEPTED
        meeting_request.meeting = meeting
        meeting_request.decided_by = acting_user
        meeting_request.decided_at = timezone.now()
        meeting_request.save()
        _notify_requester(meeting_request)
    return meeting_request


def decline_request(meeting_request, *, acting_user, reason):
    with transaction.atomic():
        meeting_request = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
        if meeting_request.status != MeetingRequest.Status.PENDING:
            raise MeetingError("answered")
        meeting_request.status = MeetingRequest.Status.DECLINED
        meeting_request.decline_reason = reason
        meeting_request.decided_by = acting_user
        meeting_request.decided_at = timezone.now()
        meeting_request.save()
        _notify_requester(meeting_request)
    return meeting_request


def _notify_requester(meeting_request):
    user = meeting_request.requested_by
    notifications.notify(
        REQUEST_ANSWER_KIND,
        target=meeting_request,
        email=user.email,
        recipient=user,
        key=f"{REQUEST_ANSWER_KIND}:{meeting_request.pk}",
    )


# --- Calendar feeds ---------------------------------------------------------------------


def feed_for(user):
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed_token(user):
    """A new secret URL for the person's feed; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_token()
            feed.save(update_fields=["token"])
    return feed


# --- Reminders and notices --------------------------------------------------------------


def wanted_reminders(meeting, *, now=None):
    """The reminders a meeting should have: one per invitee who has not declined, per
    upcoming occurrence, per offset."""
    from portal.notifications.queue import Reminder

    now = now or timezone.now()
    if meeting.status != Meeting.Status.SCHEDULED:
        return []
    offsets = meeting.offsets()
    if not offsets:
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
            sync_meeting_reminders(_locked(meeting), now=now)
        count += 1
    return count


def _notify_invitees(meeting, change, *, original_start=None, version=0):
    """Tell every invitee who has not declined about a change, one e-mail each."""
    if _is_over(meeting) and change == "updated":
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
