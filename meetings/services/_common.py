"""What the meetings' services share: the error they raise, the meeting's lock, "is it over"."""

from django.utils import timezone

from meetings.models import Meeting


class MeetingError(Exception):
    """A change that the meeting's state does not allow (shown to the user).

    `str(error)` is its code (the views' ERRORS map codes to messages); a `message`, when
    given, is the sentence to show instead, for errors that must name what is in the way.
    """

    def __init__(self, code, message=None):
        super().__init__(code)
        self.code = code
        self.message = message


def lock_meeting(meeting):
    """The meeting's row, locked until the transaction ends: writes to a meeting, its
    invitations and its occurrences take it first, which serialises them."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def is_over(meeting):
    """Whether a meeting (every occurrence of a series) has ended."""
    if meeting.is_series:
        return meeting.next_occurrence() is None
    return meeting.end <= timezone.now()
