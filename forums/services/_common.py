"""What the forums' services share: the refusal they raise, the forum's lock, the seat count.

Every service refuses with `Refused` (a ValidationError) and a message clear in both
languages; each module that refuses (seats, survey, editing) has it as `<module>.Refused`.
"""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone

from forums.models import SEATED, Forum, Registration

Status = Registration.Status
Mode = Registration.Mode


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


def lock_forum(forum):
    """The forum's row, locked until the transaction ends: every write that changes who
    holds a seat takes it first, then counts."""
    return Forum.objects.select_for_update().get(pk=forum.pk)


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
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
