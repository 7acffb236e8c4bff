"""The .ics writer (portal/ical.py) on hostile text: nothing a person types starts a line."""

from datetime import UTC, datetime

import icalendar

from portal import ical
from portal.calendar import CalendarEntry

ENTRY = CalendarEntry(
    uid="meeting-1@portail",
    title="Réunion; suivi, \\ point\r\nATTENDEE:mailto:intrus@example.com",
    start=datetime(2027, 1, 5, 9, tzinfo=UTC),
    end=datetime(2027, 1, 5, 11, tzinfo=UTC),
    url="https://portail.example.ml/meetings/1/",
    kind="meeting",
)


def test_a_name_or_title_with_line_breaks_cannot_add_an_attendee():
    data = ical.calendar_bytes(
        [ENTRY],
        method="REQUEST",
        organizer=("Direction\r\nORGANIZER:mailto:faux@example.com", "dgd@douane.gouv.ml"),
        attendee=('Awa "la" Traoré\nATTENDEE:mailto:intrus@example.com', "awa@ccim.ml"),
    )

    assert b"\r\nATTENDEE:mailto:intrus" not in data
    assert b"\r\nORGANIZER:mailto:faux" not in data
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert str(event["summary"]) == ENTRY.title.replace("\r\n", "\n")
    assert str(event["attendee"]) == "mailto:awa@ccim.ml"
    assert str(event["organizer"]) == "mailto:dgd@douane.gouv.ml"
    assert "\n" not in event["attendee"].params["cn"]
