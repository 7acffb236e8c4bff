"""An action's health: derived from its dates and its latest progress, in this one place.

Health is never stored. Pages, reports, the digest and the indicators all call `health_of`
(or read `Action.health`, which calls it), so that "at risk" means the same thing everywhere.

The rules, in order:

1. a cancelled action has no health (it is no longer a commitment);
2. done: its status is done, or its latest progress reached 100%;
3. overdue: its due date is past and it is not done;
4. at risk: its progress trails the share of its time already elapsed by more than
   AT_RISK_MARGIN percentage points;
5. not started: no progress reported yet (0%), and not yet behind by the margin;
6. on track: everything else.

A postponed action follows the same rules on its dates: postponing means giving it new dates.

Contested: an action with an open contestation by a partner (actionplans.contests) keeps its
health (the rules above judge what is reported), and is counted beside it: the board's plans,
the plan dashboard's health summary and its action list mark it "contested"
(actionplans.dashboard.contested_count), until the responsible officer answers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Percentage points by which progress may trail the time elapsed before an action is "at risk".
# Half-way through its time (50% elapsed), an action at 30% is on track and one at 29% is at
# risk; on its due date, anything under 80% is at risk. Twenty points leave room for the
# uneven pace of real work (a training is prepared for weeks, then delivered in two days)
# while still flagging an action early enough to act on it.
AT_RISK_MARGIN = 20


class Health(models.TextChoices):
    DONE = "done", pgettext_lazy("action health", "done")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OVERDUE = "overdue", _("overdue")
    NOT_STARTED = "not_started", _("not started")


# The order in which health counts and lists are shown: what needs attention first.
HEALTH_ORDER = [
    Health.OVERDUE,
    Health.AT_RISK,
    Health.NOT_STARTED,
    Health.ON_TRACK,
    Health.DONE,
]


def health_of(*, status, percent, start, due, today):
    """The health of an action (a Health, or None for a cancelled action).

    `status` is the action's status value, `percent` its latest progress (0 when none was
    reported), `start` and `due` its dates, `today` the date to judge on.
    """
    from actionplans.models import Action  # the statuses live with the model

    percent = percent or 0
    if status == Action.Status.CANCELLED:
        return None
    if status == Action.Status.DONE or percent >= 100:
        return Health.DONE
    if today > due:
        return Health.OVERDUE
    if _behind_by_more_than_margin(percent, start, due, today):
        return Health.AT_RISK
    if percent <= 0:
        return Health.NOT_STARTED
    return Health.ON_TRACK


def _behind_by_more_than_margin(percent, start, due, today):
    """(share of its time elapsed, in %) - percent > AT_RISK_MARGIN, in integers so that the
    boundary is exact."""
    total = (due - start).days
    if today <= start or total <= 0:  # nothing of its time has elapsed yet
        return False
    elapsed = min((today - start).days, total)
    return 100 * elapsed - percent * total > AT_RISK_MARGIN * total
