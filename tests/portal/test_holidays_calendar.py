"""Days off: weekends and the public holidays of HOLIDAYS_COUNTRY (Mali by default), named in
the reader's language."""

from datetime import date

from django.utils import translation

from portal import holidays_calendar


def test_mali_holidays_are_named_in_the_readers_language():
    with translation.override("fr"):
        assert "Tabaski" in holidays_calendar.holiday(date(2026, 5, 27))
        assert "Fête Nationale" in holidays_calendar.holiday(date(2026, 9, 22))
    with translation.override("en"):
        assert holidays_calendar.holiday(date(2026, 12, 25)) == "Christmas Day"
    assert holidays_calendar.holiday(date(2026, 5, 28)) == ""


def test_the_next_working_day_skips_weekends_and_holidays():
    # Friday 25 December 2026 is Christmas: the day before is Thursday, the day after Monday.
    assert holidays_calendar.is_day_off(date(2026, 12, 25))
    assert holidays_calendar.working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert holidays_calendar.working_day(date(2026, 12, 25), step=-1) == date(2026, 12, 24)
    # Saturday 13 June 2026 is an ordinary weekend day.
    assert holidays_calendar.holiday(date(2026, 6, 13)) == ""
    assert holidays_calendar.working_day(date(2026, 6, 13)) == date(2026, 6, 15)


def test_without_a_country_only_weekends_are_days_off(settings):
    settings.HOLIDAYS_COUNTRY = ""
    assert not holidays_calendar.is_day_off(date(2026, 12, 25))
    assert holidays_calendar.is_day_off(date(2026, 12, 26))
