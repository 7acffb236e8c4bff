"""Who is invited to a meeting: inviting people and organisations, withdrawing, replies.

Each new invitee gets one invitation e-mail; an internal meeting takes customs officers only.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import Invitation, InvitedOrganization, Meeting, ReplyReminder
from meetings.services._common import MeetingError, is_over, lock_meeting
from meetings.services.reminders import sync_meeting_reminders
from portal import permissions
from portal.notifications import queue as notifications

INVITATION_KIND = "meetings.invitation"
REPLY_REMINDER_KIND = "meetings.reply_reminder"
# An officer's reminder to reply is not sent again to the same meeting within this interval.
REPLY_REMINDER_INTERVAL = timedelta(hours=24)


def invite(meeting, *, acting_user, users=(), contacts=(), organizations=()):
    """Invite people (portal users or contacts) and organisations (their contacts who have
    an account or agreed to be contacted). Each new invitee gets one invitation e-mail."""
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("closed")
        created = add_invitations(
            meeting, users=users, contacts=contacts, organizations=organizations
        )
        check_internal(meeting)
        sync_meeting_reminders(meeting)
    return created


# How many of the invitees in the way an error names; the rest are counted.
NAMED_OUTSIDERS = 10


def check_internal(meeting):
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


def add_invitations(meeting, *, users=(), contacts=(), organizations=()):
    """Invite whoever is not invited yet, and send each one the invitation (unless the meeting
    is over or not scheduled); returns the new invitations. The caller holds the meeting's
    lock (or has just created it) and calls check_internal afterwards."""
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
        if meeting.status == Meeting.Status.SCHEDULED and not is_over(meeting):
            _send_invitation(invitation)
    return created


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
        meeting = lock_meeting(invitation.meeting)
        notifications.cancel_for(invitation)
        invitation.delete()
        sync_meeting_reminders(meeting)


def uninvite_organization(meeting, organization, *, acting_user):
    """Withdraw an organisation's invitation, and those of its people invited with it."""
    with transaction.atomic():
        meeting = lock_meeting(meeting)
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
        meeting = lock_meeting(invitation.meeting)
        if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
            raise MeetingError("replies_closed")
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        invitation.response = response
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "responded_at"])
        sync_meeting_reminders(meeting)
    return invitation


def unanswered(meeting):
    """The invitations still waiting for a reply whose invitee may see the meeting: those a
    reminder to reply goes to (the meeting's page counts them)."""
    return meeting.invitations.filter(response=Invitation.Response.PENDING).seeing_their_meeting()


def last_reply_reminder(meeting):
    return meeting.reply_reminders.select_related("sent_by").first()


def may_remind_again(last, now=None):
    """Whether a reminder to reply may be sent after `last` (a ReplyReminder, or None)."""
    now = now or timezone.now()
    return last is None or last.sent_at <= now - REPLY_REMINDER_INTERVAL


def remind_unanswered(meeting, *, acting_user, now=None):
    """Queue a reminder to reply to every invitee who has not answered yet, and record it.

    Refused (MeetingError) when the meeting no longer takes replies ("replies_closed"), is over
    ("closed"), has nobody left to remind ("nobody_to_remind"), or was reminded less than
    REPLY_REMINDER_INTERVAL ago ("reminded_recently"): two officers pressing the button at
    once queue one set of e-mails, the meeting's lock ordering them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        if meeting.status != Meeting.Status.SCHEDULED:
            raise MeetingError("replies_closed")
        if is_over(meeting):
            raise MeetingError("closed")
        if not may_remind_again(meeting.reply_reminders.first(), now):
            raise MeetingError("reminded_recently")
        invitations = list(unanswered(meeting).select_related("user"))
        if not invitations:
            raise MeetingError("nobody_to_remind")
        reminder = ReplyReminder.objects.create(
            meeting=meeting, sent_at=now, sent_by=acting_user, recipients=len(invitations)
        )
        for invitation in invitations:
            notifications.notify(
                REPLY_REMINDER_KIND,
                target=invitation,
                email=invitation.email,
                recipient=invitation.user,
                language=invitation.language,
                key=f"{REPLY_REMINDER_KIND}:{invitation.pk}:{reminder.pk}",
            )
    return reminder
