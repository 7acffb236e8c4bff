"""Occurrences that fall on a day off (a weekend or a public holiday of HOLIDAYS_COUNTRY,
portal.holidays_calendar): the warnings of the meeting form's date check and of a series'
page, where officers shift them to a working day (scheduling.shift_to_working_day)."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from portal import holidays_calendar

# The meeting form's date check lists at most this many occurrences that fall on a day off.
PREVIEW_LIMIT = 50


@dataclass(frozen=True)
class Dated:
    """An occurrence (or a planned one) with what its day is: off or not, and which holiday."""

    start: datetime
    occurrence: object = None  # meetings.models.Occurrence, None for a planned occurrence
    day_off: bool = False
    holiday: str = ""


def _dated(start, occurrence=None):
    day = timezone.localtime(start, zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    holiday = holidays_calendar.holiday(day)
    return Dated(start, occurrence, day_off=bool(holiday) or day.weekday() >= 5, holiday=holiday)


def dated(occurrences):
    """Each occurrence with its day; a cancelled one is never said to be on a day off."""
    return [
        _dated(occ.start, occ) if not occ.cancelled else Dated(occ.start, occ)
        for occ in occurrences
    ]


def planned(meeting):
    """What the date check of the meeting form shows for an unsaved meeting (or the changes
    typed into a saved one): how many occurrences it would have, and those on a day off."""
    starts = meeting.original_starts()
    off = [d for d in (_dated(start) for start in starts) if d.day_off]
    return {"count": len(starts), "days_off": off[:PREVIEW_LIMIT], "more": len(off) > PREVIEW_LIMIT}
