"""Every calendar the portal writes, read by real programs: icalendar, then Debian's khal
(`import --batch` into a calendar of its own, then `khal list`), as a person subscribing to
the feeds or opening the e-mailed invitation would."""

import os
import shutil
import subprocess
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import feeds, invitations, scheduling
from tests import services
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db

KHAL_CONFIG = (
    "[calendars]\n[[portal]]\npath = {path}\ntype = calendar\n"
    "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
    "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
    "longdatetimeformat = %Y-%m-%d %H:%M\n"
    "local_timezone = UTC\ndefault_timezone = UTC\n"
)


@pytest.fixture
def khal(tmp_path):
    """khal(*contents) imports the calendars, one after the other, into a new khal calendar
    and returns what `khal list` shows of the coming 60 days, one "start|title|status" line
    per event."""
    if not shutil.which("khal"):
        services._missing("needs Debian's khal (apt-get install khal)")
    count = 0

    def run(*contents):
        nonlocal count
        count += 1
        home = tmp_path / f"khal-{count}"
        (home / "cal").mkdir(parents=True)
        config = home / "khal.conf"
        config.write_text(KHAL_CONFIG.format(path=home / "cal"))
        env = {**os.environ, "HOME": str(home)}

        def call(*args):
            return subprocess.run(
                ["khal", "-c", str(config), *args],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )

        for number, content in enumerate(contents):
            ics = home / f"in-{number}.ics"
            ics.write_bytes(content)
            imported = call("import", "--batch", "-a", "portal", str(ics))
            assert "error" not in imported.stderr.lower(), imported.stderr
        listed = call(
            "list", "--day-format", "", "--format", "{start}|{title}|{status}", "today", "60d"
        )
        assert "error" not in listed.stderr.lower(), listed.stderr
        return [line for line in listed.stdout.splitlines() if line.strip()]

    return run


def _calendar_of(content):
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.walk("VEVENT")
    return content


def _series(officer, invitee):
    """A weekly series of four public meetings, the second moved a day later, the third
    cancelled; the invitee is invited afterwards (so the invitation holds both changes)."""
    series = scheduling.create_meeting(
        acting_user=officer,
        title="Comité mixte",
        start=in_days(3, 9),
        end=in_days(3, 11),
        visibility="public",
        recurrence="weekly",
        recurrence_count=4,
    )
    starts = series.original_starts()
    scheduling.move_occurrence(
        series,
        starts[1],
        acting_user=officer,
        start=starts[1] + timedelta(days=1),
        end=starts[1] + timedelta(days=1, hours=2),
    )
    scheduling.cancel_occurrence(series, starts[2], acting_user=officer)
    invitations.invite(series, acting_user=officer, users=[invitee])
    return starts


def _shown(lines):
    """The confirmed starts khal shows (a cancelled event khal keeps is marked so)."""
    return sorted(
        line.split("|")[0] for line in lines if "Comité mixte" in line and "CANCELLED" not in line
    )


def _when(moment):
    return f"{moment:%Y-%m-%d %H:%M}"


def test_a_series_with_a_moved_and_a_cancelled_occurrence_imports_with_the_right_dates(
    client, khal, deliver
):
    invitee = RepresentativeFactory()
    starts = _series(OfficerFactory(), invitee)
    (message,) = deliver()
    (invitation,) = [a[1] for a in message.attachments if a[2].startswith("text/calendar")]
    public = client.get(reverse("meetings:public_feed")).content
    personal = client.get(reverse("meetings:feed", args=[feeds.feed_for(invitee).token])).content
    expected = [_when(starts[0]), _when(starts[1] + timedelta(days=1)), _when(starts[3])]

    for name, content in (("public", public), ("personal", personal), ("invitation", invitation)):
        lines = khal(_calendar_of(content if isinstance(content, bytes) else content.encode()))
        assert _shown(lines) == expected, (name, lines)


def test_a_single_meetings_feeds_and_invitation_import(client, khal, deliver):
    invitee = RepresentativeFactory()
    scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Atelier tarifaire",
        start=in_days(5, 9),
        end=in_days(5, 12),
        visibility="public",
        users=[invitee],
    )
    (message,) = deliver()
    (invitation,) = [a[1] for a in message.attachments if a[2].startswith("text/calendar")]
    public = client.get(reverse("meetings:public_feed")).content
    personal = client.get(reverse("meetings:feed", args=[feeds.feed_for(invitee).token])).content

    for content in (public, personal, invitation):
        lines = khal(_calendar_of(content if isinstance(content, bytes) else content.encode()))
        assert [line.split("|")[:2] for line in lines] == [
            [_when(in_days(5, 9)), "Atelier tarifaire"]
        ]


def test_a_series_from_the_invitation_and_from_a_feed_shows_once(client, khal, deliver):
    """The invitation and the feeds name the series and its changed occurrences alike (one
    UID, RECURRENCE-ID), so importing both, in either order, adds nothing twice."""
    invitee = RepresentativeFactory()
    starts = _series(OfficerFactory(), invitee)
    (message,) = deliver()
    (invitation,) = [a[1] for a in message.attachments if a[2].startswith("text/calendar")]
    invitation = invitation if isinstance(invitation, bytes) else invitation.encode()
    personal = client.get(reverse("meetings:feed", args=[feeds.feed_for(invitee).token])).content
    public = client.get(reverse("meetings:public_feed")).content
    expected = [_when(starts[0]), _when(starts[1] + timedelta(days=1)), _when(starts[3])]

    assert _shown(khal(invitation, personal)) == expected
    assert _shown(khal(public, invitation)) == expected
    assert _shown(khal(personal, public, invitation)) == expected


def test_the_feed_after_a_cancelled_occurrence_agrees_with_the_notice(client, khal, deliver):
    """The e-mailed cancellation of one occurrence names it as the feed's series does (its
    UID, RECURRENCE-ID its start, STATUS:CANCELLED, METHOD:CANCEL), and the feed drawn
    afterwards leaves that date out (EXDATE). (khal imports an iTIP CANCEL as a whole new
    version of the event, not as a change of one occurrence, so the notice is read with
    icalendar here, not imported over the feed.)"""
    officer, invitee = OfficerFactory(), RepresentativeFactory()
    starts = _series(officer, invitee)
    deliver()
    series = Meeting.objects.get(invitations__user=invitee)

    scheduling.cancel_occurrence(series, starts[3], acting_user=officer)
    (notice,) = deliver()
    (cancel,) = [a for a in notice.attachments if a[2].startswith("text/calendar")]
    assert "method=CANCEL" in cancel[2]
    (event,) = icalendar.Calendar.from_ical(cancel[1]).walk("VEVENT")
    after = client.get(reverse("meetings:feed", args=[feeds.feed_for(invitee).token])).content

    assert str(event["uid"]) == series.uid()
    assert event.decoded("recurrence-id") == starts[3]
    assert str(event["status"]) == "CANCELLED"
    (master,) = [e for e in icalendar.Calendar.from_ical(after).walk("VEVENT") if "rrule" in e]
    assert starts[3] in [d.dt for exdate in _list(master["exdate"]) for d in exdate.dts]
    assert _shown(khal(after)) == [_when(starts[0]), _when(starts[1] + timedelta(days=1))]


def _list(value):
    return value if isinstance(value, list) else [value]
