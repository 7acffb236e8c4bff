"""What the outgoing webhooks say about actions (portal.webhooks): the public actions of
active plans only, with what the commitments board shows of them (never the internal notes,
the narrative of a progress update or its evidence)."""

from django.urls import reverse

from actionplans.models import Action
from portal.webhooks import events as webhooks


def _number(value):
    return None if value is None else str(value)


def _public_action(pk):
    """The action's public fields as the board shows them, or None if the board does not
    show it (internal, or its plan is not active)."""
    action = Action.objects.public().with_progress().select_related("plan").filter(pk=pk).first()
    if action is None:
        return None
    return {
        "code": action.code,
        "title": action.title,
        "plan": action.plan.title,
        "responsible_unit": action.responsible_unit,
        "status": action.status,
        "start_date": action.start_date.isoformat(),
        "due_date": action.due_date.isoformat(),
        "progress_percent": action.latest_percent or 0,
        "last_reported_on": action.latest_update_date and action.latest_update_date.isoformat(),
        "indicator": {
            "name": action.indicator_name,
            "unit": action.indicator_unit,
            "baseline": _number(action.indicator_baseline),
            "target": _number(action.indicator_target),
            "current": _number(action.latest_indicator_value),
        }
        if action.indicator_name
        else None,
        "url": webhooks.public_url(reverse("actionplans:board_action", args=[action.pk])),
    }


def progress_reported(update):
    data = _public_action(update.action_id)
    if data is not None:
        webhooks.emit(
            "action.progress_reported",
            {
                "action": data,
                "progress": {
                    "date": update.date.isoformat(),
                    "percent": update.percent,
                    "indicator_value": _number(update.indicator_value),
                },
            },
        )


def status_changed(action, previous):
    if previous == action.status:
        return
    data = _public_action(action.pk)
    if data is not None:
        webhooks.emit(
            "action.status_changed",
            {"action": data, "previous_status": previous, "status": action.status},
        )
