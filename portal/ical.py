"""The one iCalendar writer (RFC 5545), for meetings and forums alike.

It takes `portal.calendar.CalendarEntry` items, so every app's entries are written the same
way: stable UIDs (the entry's own), SEQUENCE from the entry, STATUS:CANCELLED for cancelled
occurrences, and times in UTC (the "Z" form), which every calendar program shows in its own
user's time zone.

A recurring entry (RRULE, with EXDATE for the occurrences that do not take place) and an
entry changing one occurrence of it (RECURRENCE-ID) are written in the portal's time zone
instead, with its VTIMEZONE: a rule repeats in wall-clock time, which UTC would get wrong
across a change of offset; EXDATE and RECURRENCE-ID name the occurrences in the same form.
"""

import zoneinfo
from datetime import UTC
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Douane du Mali//Portail Douane-Secteur prive//FR"


def _absolute(url):
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _is_recurring(entry):
    return bool(entry.rrule or entry.recurrence_id)


def _event(entry, *, organizer=None, attendee=None, now=None, partstat="NEEDS-ACTION"):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE) if _is_recurring(entry) else UTC
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", now or timezone.now().astimezone(UTC))
    if entry.recurrence_id:
        event.add("recurrence-id", entry.recurrence_id.astimezone(zone))
    event.add("dtstart", entry.start.astimezone(zone))
    event.add("dtend", entry.end.astimezone(zone))
    if entry.rrule:
        event.add("rrule", entry.rrule)
        if entry.exdates:
            event.add("exdate", [moment.astimezone(zone) for moment in entry.exdates])
    event.add("summary", entry.title)
    event.add("sequence", entry.sequence)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    event.add("url", _absolute(entry.url))
    description = entry.description.strip()
    link = _absolute(entry.url)
    event.add("description", f"{description}\n\n{link}".strip() if description else link)
    location = entry.location or entry.online_url
    if location:
        event.add("location", location)
    if entry.last_modified:
        event.add("last-modified", entry.last_modified.astimezone(UTC))
    if entry.categories:
        event.add("categories", list(entry.categories))
    if organizer:
        address = vCalAddress(f"mailto:{organizer[1]}")
        address.params["cn"] = vText(organizer[0])
        event.add("organizer", address)
    if attendee:
        address = vCalAddress(f"mailto:{attendee[1]}")
        address.params["cn"] = vText(attendee[0])
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText(partstat)
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address)
    return event


def calendar_bytes(
    entries, *, name=None, method="PUBLISH", organizer=None, attendee=None, partstat=None
):
    """Serialise entries to an .ics file.

    `method` is PUBLISH for downloads and feeds, REQUEST for an invitation (then give
    `organizer` and `attendee` as (name, e-mail) pairs, and the attendee's `partstat` when
    they already answered: ACCEPTED, TENTATIVE or DECLINED) and CANCEL for a cancellation.
    An iTIP message (REQUEST, CANCEL) holds one UID: one entry, or a recurring entry with the
    entries changing some of its occurrences.
    """
    entries = list(entries)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    now = timezone.now().astimezone(UTC)
    for entry in entries:
        cal.add_component(
            _event(
                entry,
                organizer=organizer,
                attendee=attendee,
                now=now,
                partstat=partstat or "NEEDS-ACTION",
            )
        )
    if any(_is_recurring(entry) for entry in entries):
        cal.add_missing_timezones()
    return cal.to_ical()


def _compact(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(entry):
    params = {
        "action": "TEMPLATE",
        "text": entry.title,
        "dates": f"{_compact(entry.start)}/{_compact(entry.end)}",
        "details": _absolute(entry.url),
        "location": entry.location or entry.online_url,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(entry):
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": entry.title,
        "startdt": entry.start.astimezone(UTC).isoformat(),
        "enddt": entry.end.astimezone(UTC).isoformat(),
        "body": _absolute(entry.url),
        "location": entry.location or entry.online_url,
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(params)
