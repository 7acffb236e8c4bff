"""The e-mails meetings send, rendered at send time by the notification dispatcher.

Each renderer re-checks that its e-mail still applies (the meeting is not cancelled, hidden
or moved since the row was made, the person is still invited) and returns None otherwise, so
the row is dropped instead of sent. The dispatcher has already switched to the recipient's
language and time zone.

Their calendar attachments name a meeting as invitations must (RFC 5546: one UID per iTIP
message, `Meeting.uid`): a series is one recurring event (RRULE, EXDATE for cancelled
occurrences, an entry with RECURRENCE-ID for each one moved or held on its own), and a notice
about one occurrence names it by RECURRENCE-ID. So every message about a series updates the
one event the invitation made in the invitee's calendar program.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from meetings import calendar_replies, cosign
from meetings.entries import calendar_entries, instance_entry
from meetings.models import Invitation, Meeting, MeetingRequest, MinutesReview, MinutesVersion
from meetings.services import cosign as cosign_services
from meetings.services import invitations as meeting_invitations
from meetings.services import minutes as meeting_minutes
from meetings.services import reminders, requests, scheduling
from portal import ical
from portal.notifications import queue as notification_queue
from portal.notifications import registry
from portal.notifications.emails import render_email, render_plain

ICS = "text/calendar"
PARTSTAT = {
    Invitation.Response.ACCEPTED: "ACCEPTED",
    Invitation.Response.TENTATIVE: "TENTATIVE",
    Invitation.Response.DECLINED: "DECLINED",
}


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


def _settings_url():
    return _absolute(reverse("meetings:subscribe"))


def reply_to(meeting):
    """Where answers to a meeting's e-mails go: the organiser's unit when it has an address
    (portal.accounts.Unit.email), else the portal's DEFAULT_REPLY_TO_EMAIL."""
    organiser = meeting.organiser if meeting is not None else None
    unit = organiser.unit if organiser is not None else None
    return (unit.email if unit is not None else "") or settings.DEFAULT_REPLY_TO_EMAIL


def _context(meeting, occurrence, invitation, **extra):
    return {
        "meeting": meeting,
        "occurrence": occurrence,
        "invitation": invitation,
        "zone": timezone.get_current_timezone_name(),
        "meeting_url": _absolute(occurrence.url if occurrence else meeting.get_absolute_url()),
        "rsvp_url": _absolute(invitation.rsvp_url()) if invitation else "",
        "settings_url": _settings_url(),
        **extra,
    }


def _alarms(meeting, invitation, *, method):
    """The invitation's VALARMs: the reminders the portal e-mails this invitee
    (`reminders.alarm_offsets`), so the calendar program reminds them when the portal would;
    none in a cancellation."""
    if method == "CANCEL":
        return ()
    opted_out = bool(invitation.user_id) and not notification_queue.wants_reminders(
        invitation.user_id
    )
    return reminders.alarm_offsets(
        meeting.reminder_offsets, response=invitation.response, opted_out=opted_out
    )


def _organizer(meeting, invitation):
    """ORGANIZER: the meeting's organiser by name; the address a calendar program sends its
    iTIP REPLY to ("Accept" in a mail client) is this invitation's reply address at the
    CALENDAR_REPLY_EMAIL mailbox, which `manage.py receive_calendar_reply` reads, or, without
    that setting, the organiser's own address (the reply then reaches only them)."""
    organiser = meeting.organiser
    name = organiser.full_name if organiser else settings.SITE_NAME
    if settings.CALENDAR_REPLY_EMAIL:
        return (name, calendar_replies.reply_address(invitation))
    if organiser:
        return (name, organiser.email)
    return (name, settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip(">"))


def _ics(entries, *, method, meeting=None, invitation=None):
    kwargs = {"method": method}
    if invitation is not None:
        kwargs["organizer"] = _organizer(meeting, invitation)
        kwargs["attendee"] = (invitation.name, invitation.email)
        kwargs["partstat"] = PARTSTAT.get(invitation.response)
        kwargs["alarms"] = _alarms(meeting, invitation, method=method)
    return ("invitation.ics", ical.calendar_bytes(entries, **kwargs), f"{ICS}; method={method}")


def _upcoming(meeting):
    now = timezone.now()
    if not meeting.is_series:
        return meeting.occurrences()
    return meeting.occurrences(now, None)


def _calendar_of(meeting):
    """The meeting as its attachments carry it, as the feeds do: a series whole, anything
    else as itself."""
    return calendar_entries(meeting)


@registry.preparer(reminders.REMINDER_KIND)
def prepare_reminders(notifications):
    """Load a batch's meetings and the invitations still entitled to a reminder, in a few
    queries for the whole batch."""
    ids = {n.target_id for n in notifications}
    meetings = Meeting.objects.filter(pk__in=ids).select_related("body", "organiser__unit")
    meetings = {m.pk: m for m in meetings.prefetch_related("exceptions", "detached")}
    invitations = {
        (inv.meeting_id, inv.email.lower()): inv
        for inv in Invitation.objects.filter(
            meeting_id__in=ids, email__in={n.email for n in notifications}
        )
        .exclude(response=Invitation.Response.DECLINED)
        .seeing_their_meeting()
        .select_related("user")
    }
    shared = {}  # the .ics of an occurrence is the same for all its recipients
    for notification in notifications:
        notification.prepared = {
            "meeting": meetings.get(notification.target_id),
            "invitation": invitations.get((notification.target_id, notification.email.lower())),
            "shared": shared,
        }


@registry.renderer(reminders.REMINDER_KIND)
def render_reminder(notification):
    prepared = getattr(notification, "prepared", None)
    if prepared is not None:
        meeting, invitation = prepared["meeting"], prepared["invitation"]
        shared = prepared["shared"]
    else:
        meeting = (
            Meeting.objects.select_related("body", "organiser__unit")
            .filter(pk=notification.target_id)
            .first()
        )
        invitation = meeting and (
            meeting.invitations.filter(email__iexact=notification.email)
            .exclude(response=Invitation.Response.DECLINED)
            .select_related("user")
            .first()
        )
        if invitation is not None and not invitation.invitee_may_see_meeting():
            invitation = None
        shared = {}
    if meeting is None or meeting.status != Meeting.Status.SCHEDULED or invitation is None:
        return None  # cancelled, hidden, or the person is no longer invited
    occurrence = _occurrence_starting(meeting, notification.occurrence)
    if occurrence is None:
        return None  # moved or cancelled since the row was made
    context = _context(meeting, occurrence, invitation, offset=notification.offset)
    context.update(_shared_facts(context, shared))
    key = ("ics", meeting.pk)  # the same for all the meeting's reminders of a batch
    if key not in shared:
        shared[key] = _ics(_calendar_of(meeting), method="PUBLISH")
    return render_email(
        "meetings-reminder",
        notification.email,
        context,
        attachments=[shared[key]],
        reply_to=reply_to(meeting),
    )


def _shared_facts(context, shared):
    """The meeting's facts (what, when, where) as the reminder shows them, rendered once per
    occurrence, language and time zone in a batch rather than once per e-mail: they were
    most of a reminder's rendering time (bench/dispatch_reminders)."""
    key = ("facts", context["meeting"].pk, context["occurrence"].start, get_language())
    key += (context["zone"],)
    if key not in shared:
        shared[key] = {
            "facts_html": render_to_string("emails/_meeting_facts.html", context),
            "facts_text": render_plain("emails/_meeting_facts.txt", context),
        }
    return shared[key]


def _occurrence_starting(meeting, start):
    if start is None:
        return None
    if meeting.is_series:
        candidates = meeting.occurrences(start - timedelta(seconds=1), start + timedelta(seconds=1))
    else:
        candidates = meeting.occurrences()
    for occurrence in candidates:
        if occurrence.start == start and not occurrence.cancelled:
            return occurrence
    return None


@registry.renderer(meeting_invitations.INVITATION_KIND)
def render_invitation(notification):
    invitation = (
        Invitation.objects.select_related("meeting__organiser__unit", "meeting__body", "user")
        .filter(pk=notification.target_id)
        .first()
    )
    if invitation is None:
        return None
    meeting = invitation.meeting
    if meeting.status != Meeting.Status.SCHEDULED or not invitation.invitee_may_see_meeting():
        return None
    occurrences = [o for o in _upcoming(meeting) if not o.is_past]
    if not occurrences:
        return None
    context = _context(
        meeting,
        occurrences[0],
        invitation,
        occurrences=occurrences,
        update=notification.payload.get("update", False),
    )
    attachment = _ics(
        _calendar_of(meeting), method="REQUEST", meeting=meeting, invitation=invitation
    )
    return render_email(
        "meetings-invitation",
        invitation.email,
        context,
        attachments=[attachment],
        reply_to=reply_to(meeting),
    )


@registry.renderer(meeting_invitations.REPLY_REMINDER_KIND)
def render_reply_reminder(notification):
    """An officer's reminder to reply: only while the invitee still has not replied, the
    meeting is scheduled, still to come, and theirs to see."""
    invitation = (
        Invitation.objects.select_related("meeting__organiser__unit", "meeting__body", "user")
        .filter(pk=notification.target_id)
        .first()
    )
    if invitation is None or invitation.response != Invitation.Response.PENDING:
        return None
    meeting = invitation.meeting
    if meeting.status != Meeting.Status.SCHEDULED or not invitation.invitee_may_see_meeting():
        return None
    occurrences = [o for o in _upcoming(meeting) if not o.is_past and not o.cancelled]
    if not occurrences:
        return None
    context = _context(meeting, occurrences[0], invitation, occurrences=occurrences)
    return render_email(
        "meetings-reply_reminder", invitation.email, context, reply_to=reply_to(meeting)
    )


@registry.renderer(meeting_minutes.MINUTES_KIND)
def render_minutes_notice(notification):
    """The minutes are published: a link to them, for a participant who (still) may read
    them."""
    invitation = (
        Invitation.objects.select_related("meeting__organiser__unit", "meeting__body", "user")
        .filter(pk=notification.target_id)
        .first()
    )
    if invitation is None:
        return None
    meeting = invitation.meeting
    if not meeting.minutes.strip() or not meeting_minutes.may_read_minutes(invitation):
        return None
    occurrence = meeting.occurrences()[0]
    context = _context(
        meeting,
        occurrence,
        invitation,
        minutes_url=_absolute(meeting.get_absolute_url()) + "#minutes",
    )
    return render_email("meetings-minutes", invitation.email, context, reply_to=reply_to(meeting))


@registry.renderer(cosign_services.COSIGN_KIND)
def render_cosign_request(notification):
    """A version of the minutes awaits the private-sector co-chair: only while it still
    does (not answered, replaced or published without them) and they are still the
    co-chair."""
    version = (
        MinutesVersion.objects.select_related(
            "meeting__organiser__unit", "meeting__body__private_chair__user"
        )
        .filter(pk=notification.target_id)
        .first()
    )
    if version is None or version.status != MinutesVersion.Status.AWAITING:
        return None
    meeting = version.meeting
    user = cosign.cochair(meeting)
    if user is None or user.pk != notification.recipient_id:
        return None
    context = {
        "meeting": meeting,
        "version": version,
        "cochair": user,
        "review_url": _absolute(reverse("meetings:minutes_review", args=[meeting.pk])),
    }
    return render_email("meetings-minutes_cosign", user.email, context, reply_to=reply_to(meeting))


@registry.renderer(cosign_services.REVIEWED_KIND)
def render_cosign_answer(notification):
    """The co-chair answered on a version of the minutes: the officer reads the answer and
    the comment, with a link to the versions."""
    review = (
        MinutesReview.objects.select_related("version__meeting", "reviewer")
        .filter(pk=notification.target_id)
        .first()
    )
    if review is None:
        return None
    meeting = review.version.meeting
    context = {
        "meeting": meeting,
        "version": review.version,
        "review": review,
        "versions_url": _absolute(reverse("meetings:minutes_versions", args=[meeting.pk])),
    }
    return render_email("meetings-minutes_reviewed", notification.email, context)


@registry.renderer(scheduling.NOTICE_KIND)
def render_notice(notification):
    invitation = (
        Invitation.objects.select_related("meeting__organiser__unit", "meeting__body", "user")
        .filter(pk=notification.target_id)
        .first()
    )
    if invitation is None:
        return None
    meeting = invitation.meeting
    if not invitation.invitee_may_see_meeting():
        return None
    change = notification.payload.get("change", "updated")
    original = notification.payload.get("occurrence") or ""
    if change in ("cancelled", "postponed"):
        if meeting.status != change:
            return None
        occurrences = _upcoming(meeting)
        entries = _calendar_of(meeting)[:1]  # the series (or the meeting) itself, cancelled
        method = "CANCEL"
    elif change == "updated":
        if meeting.status != Meeting.Status.SCHEDULED:
            return None
        occurrences = [o for o in _upcoming(meeting) if not o.is_past]
        entries = _calendar_of(meeting)
        method = "REQUEST"
    else:
        occurrence = meeting.occurrence(datetime.fromisoformat(original)) if original else None
        if occurrence is None:
            return None
        if change == "occurrence_moved" and occurrence.cancelled:
            return None  # cancelled since: that notice says so
        occurrences = [occurrence]
        entries = [instance_entry(occurrence)]
        method = "CANCEL" if change == "occurrence_cancelled" else "REQUEST"
    if not occurrences:
        return None
    context = _context(meeting, occurrences[0], invitation, change=change, occurrences=occurrences)
    attachment = _ics(entries, method=method, meeting=meeting, invitation=invitation)
    return render_email(
        "meetings-notice",
        invitation.email,
        context,
        attachments=[attachment],
        reply_to=reply_to(meeting),
    )


@registry.renderer(requests.REQUEST_ANSWER_KIND)
def render_request_answer(notification):
    meeting_request = (
        MeetingRequest.objects.select_related("meeting__organiser__unit")
        .filter(pk=notification.target_id)
        .first()
    )
    if meeting_request is None or meeting_request.status == MeetingRequest.Status.PENDING:
        return None
    context = {
        "meeting_request": meeting_request,
        "request_url": _absolute(meeting_request.get_absolute_url()),
        "zone": timezone.get_current_timezone_name(),
    }
    return render_email(
        "meetings-request-answer",
        notification.email,
        context,
        reply_to=reply_to(meeting_request.meeting),
    )


from meetings import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
