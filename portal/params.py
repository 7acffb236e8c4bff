"""Values read from a page's address (its query string and its path), parsed in one place.

Whatever an address holds (twenty digits for a year, a date at the very edge of the
calendar, a stamp of the year 9999), a view gets a value it can compute with, or a 404: no
such page. Never an OverflowError deep in date arithmetic. Dates are kept between FIRST_DAY
and LAST_DAY: far beyond any meeting, and far enough from the ends of Python's calendar
(years 1 and 9999) that a view may step a few months either way and convert to any time zone.

A filter form bound to the query string takes its dates with CalendarDayField, which keeps
them within the same range (with a message, as any form error).

NUL bytes, which PostgreSQL refuses in any text, are refused for every page at once, before
any view reads the address (portal.middleware.HostileAddressMiddleware).
"""

from datetime import UTC, date, datetime

from django import forms
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
# A number in an address is a year, a month, a page or a primary key: never longer.
_MAX_DIGITS = 18


def integer(params, name, default=None, *, minimum, maximum):
    """`params[name]` as an int between minimum and maximum; `default` when it is absent or
    blank; else 404."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= _MAX_DIGITS):
        raise Http404
    value = int(raw)
    if not minimum <= value <= maximum:
        raise Http404
    return value


def in_calendar(day):
    """`day` (a date), or 404 when it is outside the calendar's range."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Http404
    return day


def day(params, name, default=None):
    """`params[name]` as an ISO date (YYYY-MM-DD) within the calendar's range; `default` when
    it is absent or blank; else 404."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if len(raw) != 10:
        raise Http404
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    return in_calendar(value)


def month(params, default):
    """The first day of the month named by `year` and `month` in `params` (each defaulting
    to `default`'s), or 404."""
    year = integer(params, "year", default.year, minimum=FIRST_DAY.year, maximum=LAST_DAY.year)
    number = integer(params, "month", default.month, minimum=1, maximum=12)
    return date(year, number, 1)


def parse_stamp(value):
    """An occurrence's stamp in an address (20270101T090000Z: its original start in UTC) as an
    aware datetime. Raises ValueError when it is no stamp or outside the calendar's range."""
    moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError(f"{value} is outside the calendar")
    return moment


class CalendarDayField(forms.DateField):
    """A date of a filter form (the query string of a list or a log), within the calendar's
    range, so that the view may step a day either way."""

    def validate(self, value):
        super().validate(value)
        if value and not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={
                    "first": date_format(FIRST_DAY, "SHORT_DATE_FORMAT"),
                    "last": date_format(LAST_DAY, "SHORT_DATE_FORMAT"),
                },
            )
