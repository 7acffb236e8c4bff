"""The actions an organisation is a partner of, for its engagement history (stakeholders)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplans.models import Action
from portal import permissions
from stakeholders.engagement import EngagementItem


def partner_actions(organization, user):
    """Actions `organization` is a partner of that `user` may see (public ones for partners)."""
    officer = permissions.is_customs(user)
    actions = (
        Action.objects.visible_to(user)
        .filter(partners=organization)
        .select_related("plan")
        .with_progress()
        .order_by("-start_date", "code")
    )
    items = []
    for action in actions:
        url = reverse(
            "actionplans:action_detail" if officer else "actionplans:board_action", args=[action.pk]
        )
        health = action.health
        state = health.label if health else action.get_status_display()
        items.append(
            EngagementItem(
                when=action.start_date,
                kind_label=_("Action-plan partner"),
                title=f"{action.code} – {action.title}",
                url=url,
                detail=f"{action.plan.title} · {state}",
            )
        )
    return items
