"""The shared calendar: the month grid and the agenda list, with their filters."""

import calendar as pycalendar
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from meetings import forms
from portal import calendar, params
from portal.pagecache import for_visitors
from portal.pagination import paginate


def _month_bounds(year, month):
    zone = timezone.get_current_timezone()
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(following, time.min, zone)
    return first, following, start, end


# The organisations' names in the month's filter are not in the calendar's generation: a
# renamed one shows under its new name within this time.
MONTH_CACHE_SECONDS = 300
KEPT_MONTHS_AHEAD = 3


@for_visitors("meetings", "forums")
def month(request):
    """The month grid: weeks as rows, days as columns; on a phone it reads as a list.

    The grid and its filters are kept per viewer under the calendar's generation
    (calendar.kept): building a hundred entries and the filter of the organisations taking
    part took 25-45 ms of CPU; a month seen again, until something on the calendar changes,
    takes a cache read."""
    today = timezone.localdate()
    first = params.month(request.GET, default=today)
    content = calendar.kept(
        request,
        _kept_month(request, first, today),
        lambda: render_to_string(
            "meetings/_calendar_month.html", _month(request, first, today), request
        ),
        seconds=MONTH_CACHE_SECONDS,
    )
    return render(request, "meetings/calendar_month.html", {"content": content})


def _kept_month(request, first, today):
    """The key the month is kept under: the months around today without filters, what
    people look at; any other is built afresh, so that no address fills the cache."""
    months_away = (first.year - today.year) * 12 + first.month - today.month
    if set(request.GET) - {"year", "month"} or not -1 <= months_away <= KEPT_MONTHS_AHEAD:
        return None
    return f"meetings:calendar|{first.isoformat()}"


def _month(request, first, today):
    year, month_number = first.year, first.month
    first, following, start, end = _month_bounds(year, month_number)
    filter_form = forms.CalendarFilterForm(
        request.GET or None, user=request.user, start=start, end=end
    )
    entries = calendar.entries(request.user, start, end, **filter_form.filters())
    previous = first - timedelta(days=1)
    query = _filter_query(request)
    return {
        "weeks": _grid(entries, year, month_number, today),
        "first": first,
        "entries": entries,
        "filter_form": filter_form,
        "previous_url": f"?year={previous.year}&month={previous.month}{query}",
        "next_url": f"?year={following.year}&month={following.month}{query}",
        "agenda_url": f"{reverse('meetings:agenda')}?start={first.isoformat()}{query}",
        "weekdays": [_weekday(i) for i in range(7)],
        "keep": [("year", year), ("month", month_number)],
    }


def _grid(entries, year, month_number, today):
    """The month's weeks of days, each day with its entries, and what the cells print
    written once here (names of days and months, times): formatting dates one by one in the
    template, some 400 times a month, was a fifth of the page's time (bench/_profile.py)."""
    by_day = {}
    for entry in entries:
        local = timezone.localtime(entry.start)
        by_day.setdefault(local.date(), []).append(
            {"entry": entry, "time": local.strftime("%H:%M"), "iso": local.isoformat()}
        )
    weekdays = [_weekday(i) for i in range(7)]
    days = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    months = {day.month: date_format(day, "F") for week in days for day in week}
    return [
        [
            {
                "iso": day.isoformat(),
                "number": day.day,
                "weekday": weekdays[day.weekday()],
                "month": months[day.month],
                "in_month": day.month == month_number,
                "today": day == today,
                "entries": by_day.get(day, []),
            }
            for day in week
        ]
        for week in days
    ]


def _weekday(index):
    # 2024-01-01 was a Monday; the date filter names the day in the active language.
    return date_format(date(2024, 1, 1 + index), "l")


def _filter_query(request):
    kept = {
        name: request.GET[name]
        for name in ("kind", "body", "organization")
        if request.GET.get(name)
    }
    return f"&{urlencode(kept)}" if kept else ""


@for_visitors("meetings", "forums")
def agenda(request):
    """The agenda list: what comes up from a date, 60 days at a time."""
    first = params.day(request.GET, "start") or timezone.localdate()
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, zone)
    end = start + timedelta(days=60)
    filter_form = forms.CalendarFilterForm(
        request.GET or None, user=request.user, start=start, end=end
    )
    entries = calendar.entries(request.user, start, end, **filter_form.filters())
    query = _filter_query(request)
    return render(
        request,
        "meetings/calendar_agenda.html",
        {
            "page": paginate(request, entries),
            "first": first,
            "last": (end - timedelta(days=1)).date(),
            "filter_form": filter_form,
            "previous_url": f"?start={(first - timedelta(days=60)).isoformat()}{query}",
            "next_url": f"?start={(first + timedelta(days=60)).isoformat()}{query}",
            "month_url": (
                f"{reverse('meetings:calendar')}?year={first.year}&month={first.month}{query}"
            ),
            "keep": [("start", first.isoformat())],
        },
    )
