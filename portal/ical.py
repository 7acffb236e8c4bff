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
from datetime import UTC, timedelta
from urllib.parse import urlencode

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone
from icalendar import Timezone

PRODID = "-//Douane du Mali//Portail Douane-Secteur prive//FR"
CRLF = "\r\n"
# RRULE parts in the order they are written (FREQ first, as RFC 5545's examples do).
_RULE_PARTS = ("freq", "interval", "count", "until", "byday", "bymonthday")


def _absolute(url):
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _is_recurring(entry):
    return bool(entry.rrule or entry.recurrence_id)


def _text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    # str.replace, five times, is several times faster than str.translate here.
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _param(value):
    """A parameter value: quoted when it holds a character that ends one (3.2). A parameter
    cannot hold a line break, a double quote or another control character (3.1): those of a
    person's name become spaces and quotes, so that no name can start a line of its own."""
    value = "".join(c if c >= " " else " " for c in str(value)).replace('"', "'")
    return f'"{value}"' if any(c in value for c in ":;,") else value


def _fold(line):
    """The line with CRLF, folded at 75 octets (3.1), never inside a UTF-8 character."""
    if len(line) <= 75 and line.isascii():
        return line + CRLF
    data = line.encode()
    if len(data) <= 75:
        return line + CRLF
    parts, begin, width = [], 0, 75
    while begin < len(data):
        cut = min(begin + width, len(data))
        while cut < len(data) and data[cut] & 0xC0 == 0x80:  # a continuation byte
            cut -= 1
        parts.append(data[begin:cut].decode())
        begin, width = cut, 74  # a continuation line starts with a space
    return (CRLF + " ").join(parts) + CRLF


def _utc(moment):
    return _compact(moment.astimezone(UTC)) + "Z"


def _local(moment, zone):
    return _compact(moment.astimezone(zone))


def _compact(m):
    # Formatting the fields is a few times faster than strftime, a third of a feed's time.
    return f"{m.year:04}{m.month:02}{m.day:02}T{m.hour:02}{m.minute:02}{m.second:02}"


def _rule(rrule):
    parts = []
    for key in sorted(rrule, key=lambda k: (_RULE_PARTS + (k,)).index(k)):
        value = rrule[key]
        value = _utc(value) if key == "until" else str(value).upper()
        parts.append(f"{key.upper()}={value}")
    return ";".join(parts)


def _address(name, email, **params):
    written = "".join(f";{key}={_param(value)}" for key, value in (("CN", name), *params.items()))
    return f"{written}:mailto:{email}"


def _alarm(entry, before):
    """One VALARM: the calendar program shows the entry's title `before` its start."""
    minutes = int(before.total_seconds() // 60)
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:-PT{minutes}M",
        f"DESCRIPTION:{_text(entry.title)}",
        "END:VALARM",
    ]


def _event(entry, *, dtstamp, organizer=None, attendee=None, partstat="NEEDS-ACTION", alarms=()):
    """The VEVENT lines of one entry."""
    if _is_recurring(entry):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        tzid = f";TZID={settings.TIME_ZONE}"

        def when(moment):
            return f"{tzid}:{_local(moment, zone)}"
    else:

        def when(moment):
            return f":{_utc(moment)}"

    link = _absolute(entry.url)
    description = entry.description.strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}",
        f"DTSTAMP:{_utc(dtstamp)}",
    ]
    if entry.recurrence_id:
        lines.append(f"RECURRENCE-ID{when(entry.recurrence_id)}")
    lines += [f"DTSTART{when(entry.start)}", f"DTEND{when(entry.end)}"]
    if entry.rrule:
        lines.append(f"RRULE:{_rule(entry.rrule)}")
        if entry.exdates:
            zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
            dates = ",".join(_local(moment, zone) for moment in entry.exdates)
            lines.append(f"EXDATE;TZID={settings.TIME_ZONE}:{dates}")
    lines += [
        f"SUMMARY:{_text(entry.title)}",
        f"SEQUENCE:{entry.sequence}",
        f"STATUS:{'CANCELLED' if entry.cancelled else 'CONFIRMED'}",
        f"URL:{link}",
        f"DESCRIPTION:{_text(f'{description}{chr(10) * 2}{link}' if description else link)}",
    ]
    location = entry.location or entry.online_url
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    if entry.last_modified:
        lines.append(f"LAST-MODIFIED:{_utc(entry.last_modified)}")
    if entry.categories:
        lines.append(f"CATEGORIES:{','.join(_text(c) for c in entry.categories)}")
    if organizer:
        lines.append(f"ORGANIZER{_address(*organizer)}")
    if attendee:
        lines.append(
            "ATTENDEE" + _address(*attendee, ROLE="REQ-PARTICIPANT", PARTSTAT=partstat, RSVP="TRUE")
        )
    if not entry.cancelled:
        for before in alarms or entry.alarms:
            lines += _alarm(entry, before)
    lines.append("END:VEVENT")
    return "".join(_fold(line) for line in lines)


def _timezone(entries):
    """The VTIMEZONE of the portal's zone over the span of the recurring entries' dates."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    moments = []
    for entry in entries:
        moments += [entry.start, *entry.exdates]
        if entry.recurrence_id:
            moments.append(entry.recurrence_id)
        if entry.rrule:
            naive = entry.start.astimezone(zone).replace(tzinfo=None)
            rule = _rule({k: v for k, v in entry.rrule.items() if k != "until"})
            if "until" in entry.rrule:
                moments.append(entry.rrule["until"])
            else:
                moments.append(list(rrulestr(rule, dtstart=naive))[-1].replace(tzinfo=zone))
    first = min(moments).astimezone(zone).date()
    last = max(moments).astimezone(zone).date() + timedelta(days=1)
    vtimezone = Timezone.from_tzinfo(
        zone, tzid=settings.TIME_ZONE, first_date=first, last_date=last
    )
    return vtimezone.to_ical().decode()


def calendar_bytes(
    entries,
    *,
    name=None,
    method="PUBLISH",
    organizer=None,
    attendee=None,
    partstat=None,
    alarms=(),
):
    """Serialise entries to an .ics file, written line by line (RFC 5545).

    `method` is PUBLISH for downloads and feeds, REQUEST for an invitation (then give
    `organizer` and `attendee` as (name, e-mail) pairs, and the attendee's `partstat` when
    they already answered: ACCEPTED, TENTATIVE or DECLINED) and CANCEL for a cancellation.
    `alarms`: how long before each entry's start the calendar program reminds (one VALARM
    each, none on a cancelled entry), for every entry; otherwise each entry's own `alarms`
    (the personal feed's).
    An iTIP message (REQUEST, CANCEL) holds one UID: one entry, or a recurring entry with the
    entries changing some of its occurrences.

    Written directly rather than through the icalendar library, which spent three quarters
    of a 200-entry feed's time building and serialising its objects (bench/feeds.py); tests
    read the result back with icalendar and khal. DTSTAMP: in a published calendar (feeds,
    downloads) the entry's last change, so the same entries always give the same bytes (the
    feeds' ETag promises that); in an iTIP message the time it is sent, as RFC 5546 asks.
    """
    entries = list(entries)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{_text(name)}")
    parts = ["".join(_fold(line) for line in lines)]
    recurring = [entry for entry in entries if _is_recurring(entry)]
    if recurring:
        parts.append(_timezone(recurring))
    now = timezone.now()
    published = method == "PUBLISH"
    for entry in entries:
        parts.append(
            _event(
                entry,
                dtstamp=entry.last_modified if published and entry.last_modified else now,
                organizer=organizer,
                attendee=attendee,
                partstat=partstat or "NEEDS-ACTION",
                alarms=alarms,
            )
        )
    parts.append("END:VCALENDAR" + CRLF)
    return "".join(parts).encode()


def google_calendar_url(entry):
    params = {
        "action": "TEMPLATE",
        "text": entry.title,
        "dates": f"{_utc(entry.start)}/{_utc(entry.end)}",
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
