"""Working days: Monday to Friday (public holidays are not counted out)."""

from datetime import timedelta


def add_working_days(start, days):
    """The date `days` working days after the date `start` (a Saturday or Sunday start counts
    from the next Monday): Friday + 1 is Monday."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def working_days_between(start, end):
    """How many working days after `start` `end` is (0 when it is not after it)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count
