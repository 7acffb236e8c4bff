"""What the forums' services share: the refusal they raise, the forum's lock, the seat count.

Every service refuses with `Refused` (a ValidationError) and a message clear in both
languages; each module that refuses (seats, survey, editing) has it as `<module>.Refused`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from forums.models import SEATED, Forum, Registration
from portal import dates

Status = Registration.Status
Mode = Registration.Mode


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


class Busy(Exception):
    """So many people are taking this forum's seats at once that the wait for its lock went
    past FORUMS_LOCK_TIMEOUT: the person is asked to try again in a moment (a 503 with
    Retry-After) rather than left waiting. Nothing was written."""


# PostgreSQL's "lock_not_available", raised when lock_timeout passes.
LOCK_NOT_AVAILABLE = "55P03"


def lock_forum(forum):
    """The forum's row, locked until the transaction ends: every write that changes who
    holds a seat takes it first, then counts.

    The wait for the lock is bounded by FORUMS_LOCK_TIMEOUT (PostgreSQL's lock_timeout, for
    this transaction only); past it, Busy. Other databases (SQLite for `make run`) have no
    row locks: their writes are serialised anyway.
    """
    if connection.vendor == "postgresql" and settings.FORUMS_LOCK_TIMEOUT:
        with connection.cursor() as cursor:
            milliseconds = int(settings.FORUMS_LOCK_TIMEOUT * 1000)
            cursor.execute(f"SET LOCAL lock_timeout = {milliseconds}")
    try:
        return Forum.objects.select_for_update().get(pk=forum.pk)
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise Busy() from error
        raise


def count_seated(forum, mode):
    """Registrations holding a seat in `mode`. Exact only under the forum's lock."""
    return Registration.objects.filter(forum=forum, attendance_mode=mode, status__in=SEATED).count()


def free_seats(forum, mode=Mode.IN_PERSON):
    """Seats still free in `mode` (None: no limit). Exact only under the forum's lock."""
    if mode == Mode.ONLINE:
        if forum.online_capacity is None:
            return None
        return max(forum.online_capacity - count_seated(forum, mode), 0)
    return max(forum.capacity - forum.reserved_seats - count_seated(forum, mode), 0)


def when(moment):
    """A moment as the person reads it, in the portal's zone and language."""
    return dates.date_format(moment, "DATETIME_FORMAT")
