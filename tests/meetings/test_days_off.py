"""Occurrences of a series that fall on a weekend or a public holiday (Mali's, by default):
warned of on the form's date check and the series' page, and shifted to a working day in one
click through the occurrence-move service (the occurrence keeps its RECURRENCE-ID)."""

import zoneinfo
from datetime import date, datetime, time, timedelta

import holidays
import icalendar
import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from meetings.models import occurrence_stamp
from meetings.services import scheduling
from portal import holidays_calendar
from tests.factories import OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
MALI = holidays.country_holidays("ML", years=range(date.today().year, date.today().year + 3))


def _quarterly_start():
    """The first day, from a week on, from which a quarterly series of four occurrences
    (all within the coming year, which a series' page lists) has one on a public holiday that
    is a weekday and one on a weekend day that is no holiday."""
    first = timezone.localdate() + timedelta(days=7)
    for offset in range(120):
        start = first + timedelta(days=offset)
        days = [start + relativedelta(months=3 * i) for i in range(4)]
        if any(d in MALI and d.weekday() < 5 for d in days) and any(
            d.weekday() >= 5 and d not in MALI for d in days
        ):
            return start, days
    raise AssertionError("no such series in the coming months")


def _series(officer, start_day, **kwargs):
    start = datetime.combine(start_day, time(9), ZONE)
    return scheduling.create_meeting(
        acting_user=officer,
        title="Cadre de concertation trimestriel",
        start=start,
        end=start + timedelta(hours=3),
        venue="DGD, Bamako",
        visibility="public",
        recurrence="quarterly",
        recurrence_count=4,
        **kwargs,
    )


def test_the_series_page_names_the_weekend_and_the_holiday_for_officers_only(client):
    start, days = _quarterly_start()
    holiday = next(d for d in days if d in MALI and d.weekday() < 5)
    weekend = next(d for d in days if d.weekday() >= 5 and d not in MALI)
    officer = OfficerFactory()
    meeting = _series(officer, start)
    client.force_login(officer)

    page = client.get(meeting.get_absolute_url()).content.decode()

    french_name = holidays.country_holidays("ML", years=holiday.year, language="fr")[holiday]
    assert french_name.replace("'", "&#x27;") in page
    assert page.count('class="day-off-shift"') == sum(
        1 for d in days if d.weekday() >= 5 or d in MALI
    )
    day_names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    assert f"{day_names[weekend.weekday()]} {weekend.day} " in page
    # A representative sees the series without the officers' warnings.
    client.force_login(RepresentativeFactory())
    assert 'class="day-off-shift"' not in client.get(meeting.get_absolute_url()).content.decode()


def test_shifting_moves_the_occurrence_to_the_next_working_day_and_the_feed_shows_it(client):
    start, days = _quarterly_start()
    weekend = next(d for d in days if d.weekday() >= 5 and d not in MALI)
    officer = OfficerFactory()
    meeting = _series(officer, start)
    original = datetime.combine(weekend, time(9), ZONE)
    client.force_login(officer)
    url = reverse("meetings:occurrence_shift", args=[meeting.pk, occurrence_stamp(original)])

    client.post(url, {"to": "next"})

    expected = holidays_calendar.working_day(weekend)
    assert expected.weekday() < 5 and expected not in MALI
    occurrence = meeting.occurrence(original)
    assert occurrence.moved
    assert timezone.localtime(occurrence.start, ZONE) == datetime.combine(expected, time(9), ZONE)
    assert occurrence.end - occurrence.start == timedelta(hours=3)
    # The feed holds the series and the moved occurrence under its original start.
    feed = icalendar.Calendar.from_ical(
        client.get(reverse("meetings:ics", args=[meeting.pk])).content
    )
    moved = [e for e in feed.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert len(moved) == 1
    assert moved[0]["RECURRENCE-ID"].dt == original
    assert moved[0]["DTSTART"].dt == datetime.combine(expected, time(9), ZONE)
    assert str(moved[0]["UID"]) == meeting.uid()
    # A second click moves nothing: the occurrence is on a working day now.
    client.post(url, {"to": "next"})
    assert meeting.occurrence(original).start == occurrence.start


def test_shifting_to_the_previous_working_day(client):
    start, days = _quarterly_start()
    weekend = next(d for d in days if d.weekday() >= 5 and d not in MALI)
    officer = OfficerFactory()
    meeting = _series(officer, start)
    original = datetime.combine(weekend, time(9), ZONE)

    scheduling.shift_to_working_day(meeting, original, acting_user=officer, step=-1)

    moved = timezone.localtime(meeting.occurrence(original).start, ZONE).date()
    assert moved == holidays_calendar.working_day(weekend, step=-1)
    assert moved < weekend and moved.weekday() < 5


def test_the_form_checks_the_dates_before_scheduling_and_saves_nothing(client):
    start, days = _quarterly_start()
    holiday = next(d for d in days if d in MALI and d.weekday() < 5)
    officer = OfficerFactory(language="en")
    client.force_login(officer)
    begin = datetime.combine(start, time(9))

    response = client.post(
        reverse("meetings:create"),
        {
            "title": "Cadre de concertation trimestriel",
            "kind": "plenary",
            "visibility": "public",
            "start": begin.strftime("%Y-%m-%dT%H:%M"),
            "end": (begin + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "DGD, Bamako",
            "recurrence": "quarterly",
            "recurrence_count": "4",
            "reminder_offsets": ["1440"],
            "check_dates": "1",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    english_name = holidays.country_holidays("ML", years=holiday.year, language="en_US")[holiday]
    assert english_name.replace("'", "&#x27;") in page
    off = sum(1 for d in days if d.weekday() >= 5 or d in MALI)
    assert f"{off} occurrences fall on a weekend or a public holiday" in page
    assert 'value="Cadre de concertation trimestriel"' in page
    assert not scheduling.Meeting.objects.exists()
