"""Replies that calendar programs send to an e-mailed invitation (RFC 5546 METHOD:REPLY,
carried in an e-mail as RFC 6047 says): "Accept", "Tentative" or "Decline" clicked in
Thunderbird, Outlook or Gmail, recorded on the portal as if given through the invitation's
link.

An invitation names as ORGANIZER an address of the CALENDAR_REPLY_EMAIL mailbox of its own,
`local+<invitation id>-<tag>@domain`, the tag a keyed digest of the invitation's id
(SECRET_KEY): a reply is recorded only when it was sent to that address and names the
invitation's UID and its invitee (ATTENDEE). So a forged reply needs the tag, which only the
invitee received; and the address is lower case digits and letters, which no mail system
changes on the way.

`receive(message)` takes one RFC 5322 message (what an MTA pipes to
`manage.py receive_calendar_reply`), records what it can and returns what it did, one line
each; anything else (no calendar part, another METHOD, an unknown address, UID or attendee,
a closed meeting, junk) is ignored with a log line, never an exception.
"""

import email
import email.policy
import logging
from email.utils import getaddresses

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Calendar

from meetings.models import Invitation
from meetings.services import invitations as invitation_services
from meetings.services._common import MeetingError

logger = logging.getLogger(__name__)

TAG_SALT = "meetings.calendar_replies"
# Headers that may hold the address the reply was sent to: the MTA's envelope recipient
# (Delivered-To, X-Original-To, Envelope-To) first, then what the client wrote.
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
PARTSTAT = {
    "ACCEPTED": Invitation.Response.ACCEPTED,
    "TENTATIVE": Invitation.Response.TENTATIVE,
    "DECLINED": Invitation.Response.DECLINED,
}
CALENDAR_TYPES = ("text/calendar", "application/ics")


def _tag(invitation_id):
    return salted_hmac(TAG_SALT, str(invitation_id)).hexdigest()[:20]


def reply_address(invitation):
    """The ORGANIZER address of `invitation`'s calendar files (CALENDAR_REPLY_EMAIL set)."""
    local, _at, domain = settings.CALENDAR_REPLY_EMAIL.rpartition("@")
    return f"{local}+{invitation.pk}-{_tag(invitation.pk)}@{domain}"


def _invitation_addressed(addresses):
    """The invitation whose reply address is among `addresses`, or None."""
    local, _at, domain = settings.CALENDAR_REPLY_EMAIL.lower().rpartition("@")
    for address in addresses:
        name, _at, host = address.strip().lower().rpartition("@")
        if host != domain or not name.startswith(f"{local}+"):
            continue
        ident, _dash, tag = name[len(local) + 1 :].partition("-")
        if ident.isdigit() and constant_time_compare(tag, _tag(int(ident))):
            invitation = Invitation.objects.select_related("meeting").filter(pk=ident).first()
            if invitation is not None:
                return invitation
    return None


def _calendars(message):
    """The message's calendar parts, each once (Thunderbird and Gmail send the same reply
    inline and as an attachment)."""
    seen = set()
    for part in message.walk():
        if part.get_content_type() in CALENDAR_TYPES or (
            part.get_filename() or ""
        ).lower().endswith(".ics"):
            payload = part.get_payload(decode=True)
            if payload and payload.strip() not in seen:
                seen.add(payload.strip())
                yield payload


def _mailto(value):
    value = str(value).strip()
    return value[7:].strip().lower() if value.lower().startswith("mailto:") else value.lower()


def receive(raw, *, recipients=()):
    """Record the replies in the message `raw` (bytes); `recipients`: the envelope
    recipients the MTA gave, if any. Returns the outcome, one line per reply found (or one
    saying why nothing was)."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        addresses = list(recipients)
        for header in RECIPIENT_HEADERS:
            addresses += [a for _n, a in getaddresses(message.get_all(header, []))]
        calendars = list(_calendars(message))
    except Exception:  # a message the e-mail package cannot read at all
        logger.warning("Calendar reply ignored: unreadable message.", exc_info=True)
        return ["ignored: unreadable message"]
    if not settings.CALENDAR_REPLY_EMAIL:
        return _ignored("CALENDAR_REPLY_EMAIL is not set")
    if not calendars:
        return _ignored("no calendar part")
    invitation = _invitation_addressed(addresses)
    if invitation is None:
        return _ignored("not sent to an invitation's reply address")
    outcome = []
    for data in calendars:
        try:
            calendar = Calendar.from_ical(data)
        except Exception:
            outcome += _ignored("a calendar part that does not parse")
            continue
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            outcome += _ignored(f"METHOD {calendar.get('METHOD', '')!s} is not REPLY")
            continue
        for event in calendar.walk("VEVENT"):
            try:
                outcome.append(_record(invitation, event))
            except (ValueError, TypeError, KeyError, AttributeError):  # a malformed property
                logger.warning("Calendar reply ignored: malformed VEVENT.", exc_info=True)
                outcome.append("ignored: malformed VEVENT")
    return outcome or _ignored("no VEVENT in the reply")


def _ignored(why):
    logger.info("Calendar reply ignored: %s.", why)
    return [f"ignored: {why}"]


def _record(invitation, event):
    meeting = invitation.meeting
    uid = str(event.get("UID", ""))
    if uid != meeting.uid():
        return _ignored(f"UID {uid!r} is not that of invitation {invitation.pk}")[0]
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    mine = [a for a in attendees if _mailto(a) == invitation.email.lower()]
    if not mine:
        return _ignored(f"no ATTENDEE is the invitee of invitation {invitation.pk}")[0]
    partstat = str(mine[0].params.get("PARTSTAT", "")).upper()
    response = PARTSTAT.get(partstat)
    if response is None:
        return _ignored(f"PARTSTAT {partstat!r} is not an answer")[0]
    target = invitation
    if event.get("RECURRENCE-ID") is not None:
        target = _occurrence_invitation(invitation, event.decoded("RECURRENCE-ID"))
        if target is None:
            return _ignored(
                "a reply to one occurrence that is not held on its own: "
                "an invitation is answered for the whole series"
            )[0]
    try:
        invitation_services.respond(target, response=response)
    except MeetingError as error:
        return _ignored(f"invitation {target.pk}: {error.code}")[0]
    logger.info("Calendar reply recorded: invitation %s %s.", target.pk, response)
    return f"recorded: invitation {target.pk} {response}"


def _occurrence_invitation(invitation, original_start):
    """The invitation of the occurrence of `invitation`'s series that starts (originally) at
    `original_start`, when that occurrence is held on its own; None otherwise."""
    meeting = invitation.meeting
    if not hasattr(original_start, "tzinfo") or original_start.tzinfo is None:
        return None  # a floating or all-day RECURRENCE-ID names none of ours
    if meeting.series_id:
        return invitation if meeting.series_occurrence == original_start else None
    return Invitation.objects.filter(
        meeting__series=meeting,
        meeting__series_occurrence=original_start,
        email__iexact=invitation.email,
    ).first()
