"""Days off: weekends and the public holidays of the country (HOLIDAYS_COUNTRY, Mali by
default), from the `holidays` package, named in the current language.

Meetings use it to warn when an occurrence of a series falls on a day off and to shift it to
the next (or previous) working day. Islamic holidays are the package's estimates until the
authorities announce them; an empty HOLIDAYS_COUNTRY leaves weekends only.
"""

import functools
from datetime import timedelta

import holidays
from django.conf import settings
from django.utils.translation import get_language

# The languages the package names Mali's holidays in, by the portal's language.
_LANGUAGES = {"fr": "fr", "en": "en_US"}


@functools.lru_cache(maxsize=64)
def _holidays(country, year, language):
    calendar = holidays.country_holidays(country, years=year)
    if language in calendar.supported_languages:
        # Always named: without a language the package follows the machine's locale.
        calendar = holidays.country_holidays(country, years=year, language=language)
    return dict(calendar.items())


def holiday(day):
    """The name of the public holiday on `day` (a date), or ""."""
    if not settings.HOLIDAYS_COUNTRY:
        return ""
    language = _LANGUAGES.get((get_language() or "fr")[:2], "fr")
    return _holidays(settings.HOLIDAYS_COUNTRY, day.year, language).get(day, "")


def is_day_off(day):
    return day.weekday() >= 5 or bool(holiday(day))


def working_day(day, *, step=1):
    """The first working day after `day` (step=1) or before it (step=-1)."""
    day += timedelta(days=step)
    while is_day_off(day):
        day += timedelta(days=step)
    return day
