"""Where a commitment made at a meeting (meetings Commitment) meets the action carrying it
out (Action.commitment).

One concept of "commitment" across the portal: the meeting records what was promised, the
action plan does the work. Once an action is linked, the commitment's status is derived from
the action's status (STATUS_OF_ACTION) and its progress and health are the action's; the status
stored on the commitment is no longer edited (the commitment form hides it) and no longer read.
Nothing is copied back and forth, so the two can never disagree.

The tracker registered with meetings.tracking lets the meeting pages show this without the
meetings app importing the action plans.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from actionplans.models import Action
from meetings.models import Commitment
from meetings.tracking import Tracking
from portal import permissions

# The commitment's status while an action carries it out.
STATUS_OF_ACTION = {
    Action.Status.NOT_STARTED: Commitment.Status.OPEN,
    Action.Status.IN_PROGRESS: Commitment.Status.IN_PROGRESS,
    Action.Status.POSTPONED: Commitment.Status.IN_PROGRESS,
    Action.Status.DONE: Commitment.Status.DONE,
    Action.Status.CANCELLED: Commitment.Status.DROPPED,
}

# The action's first status when it is made from a commitment.
ACTION_STATUS_OF = {
    Commitment.Status.OPEN: Action.Status.NOT_STARTED,
    Commitment.Status.IN_PROGRESS: Action.Status.IN_PROGRESS,
    Commitment.Status.DONE: Action.Status.DONE,
}


def tracking_of(action, user, *, visible, today=None):
    """What the meeting pages show of the action carrying out a commitment.

    `visible`: whether `user` may see the action (Action.objects.visible_to decides; the
    tracker asks it for a whole batch in its one query).
    """
    status = STATUS_OF_ACTION[action.status]
    if not visible:
        return Tracking(status=status)
    health = action.health_on(today) if today else action.health
    officer = permissions.is_customs(user)
    return Tracking(
        status=status,
        label=f"{action.code} – {action.title}",
        url=reverse(
            "actionplans:action_detail" if officer else "actionplans:board_action",
            args=[action.pk],
        ),
        percent=action.progress,
        health=health,
        health_label=str(health.label) if health else "",
    )


class ActionTracker:
    def annotate(self, commitments, user):
        """One query for all the commitments' actions, with their latest progress."""
        by_id = {commitment.pk: commitment for commitment in commitments}
        if not by_id:
            return
        visible = Action.objects.visible_to(user).filter(pk=OuterRef("pk"))
        actions = (
            Action.objects.filter(commitment_id__in=by_id)
            .annotate(visible=Exists(visible))
            .with_progress()
            .only(
                "pk",
                "code",
                "title",
                "status",
                "start_date",
                "due_date",
                "commitment_id",
            )
        )
        for action in actions:
            by_id[action.commitment_id].tracking = tracking_of(action, user, visible=action.visible)

    def tracked_q(self):
        return Q(action__isnull=False)

    def status_q(self, value):
        statuses = [a for a, c in STATUS_OF_ACTION.items() if c == value]
        return Q(action__status__in=statuses)


tracker = ActionTracker()
