"""How a commitment made at a meeting is being carried out, as told by the app that does the work.

The meetings app owns Commitment ("a commitment made at a meeting"), not the work that follows
it: the action plans link an Action to the commitment it carries out (Action.commitment). That
app registers a tracker here (in its AppConfig.ready), and the meeting pages show what the
tracker says, without the meetings app importing it.

While a tracker follows a commitment, the commitment's status is the tracker's (derived from the
work, never stored twice); the status stored on the commitment only speaks for commitments no
tracker follows.

A tracker is an object with:

- `annotate(commitments, user)`: set `tracking` (a Tracking) on the commitments it follows,
  in a fixed number of queries;
- `tracked_q()`: a Q on Commitment selecting the commitments it follows;
- `status_q(value)`: a Q selecting the followed commitments whose derived status is `value`.
"""

from dataclasses import dataclass

from django.db.models import Q

_trackers = []


@dataclass(frozen=True)
class Tracking:
    status: str  # a Commitment.Status value, derived from the work
    label: str = ""  # what carries it out, e.g. "A-03 – Publish the instruction" ("" if hidden)
    url: str = ""
    percent: int | None = None
    health: str | None = None  # an actionplans Health value
    health_label: str = ""


def register(tracker):
    if tracker not in _trackers:
        _trackers.append(tracker)


def annotate(commitments, user):
    """The commitments as a list, each with `tracking` (or None) and `current_status`."""
    from meetings.models import Commitment

    commitments = list(commitments)
    for commitment in commitments:
        commitment.tracking = None
    for tracker in _trackers:
        tracker.annotate(commitments, user)
    for commitment in commitments:
        value = commitment.tracking.status if commitment.tracking else commitment.status
        commitment.current_status = Commitment.Status(value)
    return commitments


def status_filter(value):
    """A Q on Commitment for the commitments whose current status is `value`."""
    condition = Q(status=value)
    for tracker in _trackers:
        condition = (condition & ~tracker.tracked_q()) | tracker.status_q(value)
    return condition


def is_tracked(commitment):
    """Whether a tracker follows `commitment` (its status is then not edited by hand)."""
    from meetings.models import Commitment

    if not _trackers or commitment.pk is None:
        return False
    tracked = Q()
    for tracker in _trackers:
        tracked |= tracker.tracked_q()
    return Commitment.objects.filter(tracked, pk=commitment.pk).exists()
