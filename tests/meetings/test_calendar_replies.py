"""`manage.py receive_calendar_reply`: an "Accept" clicked in a mail client reaches the portal.

The replies are written by hand after RFC 6047's examples, in the shapes Thunderbird, Outlook
and Gmail send (which MIME structure, which transfer encoding, how they spell the attendee);
no mail client was run to produce them. Each is piped to the command on standard input, as
an MTA would, and the invitation's reply is then read back from the portal.
"""

import base64
import io
import sys

import icalendar
import pytest
from django.core.management import call_command

from meetings.models import Invitation
from meetings.services import scheduling
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

REPLY_MAILBOX = "rsvp@portail.douane.gouv.ml"


@pytest.fixture(autouse=True)
def reply_mailbox(settings):
    settings.CALENDAR_REPLY_EMAIL = REPLY_MAILBOX


def _pipe(raw, *args):
    """Run the command with `raw` on standard input; its output lines."""
    out = io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
    try:
        call_command("receive_calendar_reply", *args, stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue().splitlines()


def _invited(deliver, **fields):
    invitee = RepresentativeFactory(email="awa.traore@ccim.ml")
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Comité de suivi",
        start=in_days(8, 9),
        end=in_days(8, 11),
        visibility="partners",
        users=[invitee],
        **fields,
    )
    (message,) = deliver()
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    (event,) = icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")[:1]
    organizer = str(event["organizer"]).removeprefix("mailto:")
    return meeting, meeting.invitations.get(user=invitee), organizer


def _reply_ics(uid, attendee, partstat, organizer, *, recurrence_id="", method="REPLY"):
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Hand written after RFC 6047//EN",
        "VERSION:2.0",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20270110T080000Z",
        *([recurrence_id] if recurrence_id else []),
        f"ORGANIZER:mailto:{organizer}",
        f"ATTENDEE;PARTSTAT={partstat};CN=Awa Traoré:{attendee}",
        "SEQUENCE:0",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines)


def thunderbird(uid, attendee, partstat, organizer, **kw):
    """Thunderbird (Lightning): multipart/mixed, the text, then the calendar twice: inline
    text/calendar; method=REPLY and an application/ics attachment, both 8bit."""
    ics = _reply_ics(uid, f"mailto:{attendee}", partstat, organizer, **kw)
    return (
        f"From: Awa Traoré <{attendee}>\r\n"
        f"To: {organizer}\r\n"
        "Subject: Accepted: Comité de suivi\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="tb"\r\n\r\n'
        "--tb\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        "Awa Traoré has accepted your event invitation.\r\n"
        "--tb\r\nContent-Type: text/calendar; charset=UTF-8; method=REPLY\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{ics}"
        '--tb\r\nContent-Type: application/ics; name="invite.ics"\r\n'
        'Content-Disposition: attachment; filename="invite.ics"\r\n'
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{ics}--tb--\r\n"
    ).encode()


def outlook(uid, attendee, partstat, organizer, **kw):
    """Outlook: multipart/alternative, text/calendar; method=REPLY in base64, the attendee
    written "MAILTO:" in capitals, the reply address in the To header only (no envelope
    header, as when the MTA does not add Delivered-To)."""
    ics = _reply_ics(uid, f"MAILTO:{attendee.upper()}", partstat, organizer, **kw)
    encoded = base64.encodebytes(ics.encode()).decode()
    return (
        f"From: {attendee}\r\n"
        f"To: Direction générale <{organizer}>\r\n"
        "Subject: Declined: Comité de suivi\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="ol"\r\n\r\n'
        "--ol\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n"
        '--ol\r\nContent-Type: text/calendar; charset="utf-8"; method=REPLY\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}--ol--\r\n"
    ).encode()


def gmail(uid, attendee, partstat, organizer, **kw):
    """Gmail: multipart/mixed holding multipart/alternative (text, HTML, text/calendar;
    method=REPLY) and an application/ics attachment "invite.ics", both base64."""
    ics = _reply_ics(uid, f"mailto:{attendee}", partstat, organizer, **kw)
    encoded = base64.encodebytes(ics.encode()).decode()
    return (
        f"Delivered-To: {organizer}\r\n"
        f"From: Awa Traoré <{attendee}>\r\n"
        f"To: {organizer}\r\n"
        "Subject: Tentatively Accepted: Comité de suivi\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="gm1"\r\n\r\n'
        '--gm1\r\nContent-Type: multipart/alternative; boundary="gm2"\r\n\r\n'
        "--gm2\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nMaybe.\r\n"
        "--gm2\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>Maybe.</p>\r\n"
        '--gm2\r\nContent-Type: text/calendar; charset="UTF-8"; method=REPLY\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}--gm2--\r\n"
        '--gm1\r\nContent-Type: application/ics; name="invite.ics"\r\n'
        'Content-Disposition: attachment; filename="invite.ics"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}--gm1--\r\n"
    ).encode()


def test_the_invitation_names_its_own_address_at_the_reply_mailbox_as_organizer(deliver):
    _meeting, invitation, organizer = _invited(deliver)

    local, domain = organizer.split("@")
    assert domain == "portail.douane.gouv.ml"
    assert local.startswith(f"rsvp+{invitation.pk}-")
    assert organizer == organizer.lower()


@pytest.mark.parametrize(
    "client_writes, partstat, expected",
    [
        (thunderbird, "ACCEPTED", Invitation.Response.ACCEPTED),
        (outlook, "DECLINED", Invitation.Response.DECLINED),
        (gmail, "TENTATIVE", Invitation.Response.TENTATIVE),
    ],
)
def test_a_reply_from_a_mail_client_is_recorded(deliver, client_writes, partstat, expected):
    meeting, invitation, organizer = _invited(deliver)

    lines = _pipe(client_writes(meeting.uid(), invitation.email, partstat, organizer))

    invitation.refresh_from_db()
    assert invitation.response == expected
    assert invitation.responded_at is not None
    assert lines == [f"recorded: invitation {invitation.pk} {expected}"]


def test_declining_by_reply_stops_the_reminders_as_declining_on_the_portal_does(deliver):
    from portal.notifications.models import Notification

    meeting, invitation, organizer = _invited(deliver)
    pending = Notification.objects.filter(kind="meetings.reminder", status="pending")
    assert pending.filter(email=invitation.email).exists()

    _pipe(thunderbird(meeting.uid(), invitation.email, "DECLINED", organizer))

    assert not pending.filter(email=invitation.email).exists()


def test_the_envelope_recipient_given_by_the_mta_is_enough(deliver):
    meeting, invitation, organizer = _invited(deliver)
    raw = thunderbird(meeting.uid(), invitation.email, "ACCEPTED", organizer)
    # A forwarding that rewrote the To header: only the MTA's ${recipient} is left.
    raw = raw.replace(f"To: {organizer}".encode(), b"To: someone@example.org")

    assert _pipe(raw) == ["ignored: not sent to an invitation's reply address"]
    _pipe(raw, "--recipient", organizer)

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.ACCEPTED


@pytest.mark.parametrize(
    "change",
    ["unknown uid", "forged tag", "other attendee", "request", "not an answer"],
)
def test_a_reply_that_does_not_match_its_invitation_is_ignored(deliver, change):
    meeting, invitation, organizer = _invited(deliver)
    uid, attendee, partstat, kw = meeting.uid(), invitation.email, "ACCEPTED", {}
    if change == "unknown uid":
        uid = "meeting-999999@portail.douane.gouv.ml"
    elif change == "forged tag":
        organizer = f"rsvp+{invitation.pk}-0123456789abcdef0123@portail.douane.gouv.ml"
    elif change == "other attendee":
        attendee = "someone.else@ccim.ml"
    elif change == "request":
        kw = {"method": "REQUEST"}
    else:
        partstat = "NEEDS-ACTION"

    lines = _pipe(thunderbird(uid, attendee, partstat, organizer, **kw))

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.PENDING
    assert lines and all(line.startswith("ignored: ") for line in lines)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe garbage \x89PNG\r\n",
        b"Subject: hello\r\n\r\nNo calendar here.\r\n",
        b"Content-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\nnot ical",
        b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/calendar'
        b"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
    ],
)
def test_junk_on_standard_input_is_ignored_without_an_error(raw):
    lines = _pipe(raw)

    assert lines and all(line.startswith("ignored: ") for line in lines)


def test_without_a_reply_mailbox_nothing_is_recorded(deliver, settings):
    meeting, invitation, organizer = _invited(deliver)
    settings.CALENDAR_REPLY_EMAIL = ""

    assert _pipe(thunderbird(meeting.uid(), invitation.email, "ACCEPTED", organizer)) == [
        "ignored: CALENDAR_REPLY_EMAIL is not set"
    ]


def test_a_reply_to_one_occurrence_is_recorded_only_for_an_occurrence_held_on_its_own(deliver):
    meeting, invitation, organizer = _invited(deliver, recurrence="weekly", recurrence_count=3)
    first, second = meeting.original_starts()[:2]
    held = scheduling.detach_occurrence(meeting, second, acting_user=OfficerFactory())

    def occurrence(moment):
        return f"RECURRENCE-ID:{moment:%Y%m%dT%H%M%SZ}"

    ignored = _pipe(
        thunderbird(
            meeting.uid(), invitation.email, "DECLINED", organizer, recurrence_id=occurrence(first)
        )
    )
    recorded = _pipe(
        thunderbird(
            meeting.uid(), invitation.email, "DECLINED", organizer, recurrence_id=occurrence(second)
        )
    )

    invitation.refresh_from_db()
    own = held.invitations.get(email=invitation.email)
    assert invitation.response == Invitation.Response.PENDING
    assert own.response == Invitation.Response.DECLINED
    assert ignored[0].startswith("ignored: a reply to one occurrence")
    assert recorded == [f"recorded: invitation {own.pk} declined"]
