from django import template
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actionplans import dashboard, indicators
from actionplans.health import HEALTH_ORDER, Health
from actionplans.models import Action, ActionPlan, PlanVersion
from actionplans.versions import has_unapproved_changes, plans_for_snapshot
from portal import permissions

register = template.Library()


@register.simple_tag
def health_badge(health):
    """A health label with its colour; a cancelled action (no health) says so."""
    if not health:
        return format_html(
            '<span class="badge health-badge health-cancelled">{}</span>', _("cancelled")
        )
    return format_html(
        '<span class="badge health-badge health-{}">{}</span>', health, Health(health).label
    )


@register.simple_tag
def contested_badge():
    """The mark of an action with an open contestation (actionplans.contests)."""
    return format_html(
        '<span class="badge text-bg-warning">{}</span>', pgettext("action", "contested")
    )


def plans_awaiting_approval():
    """Draft plans, and plans in force whose commitments changed since their last approval."""
    plans = (
        plans_for_snapshot()
        .exclude(status=ActionPlan.Status.CLOSED)
        .prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("-number")))
        .order_by("-period_start", "title")
    )
    waiting = []
    for plan in plans:
        versions = list(plan.versions.all())
        if has_unapproved_changes(plan, versions[0] if versions else None):
            plan.latest_version = versions[0] if versions else None
            waiting.append(plan)
    return waiting


@register.inclusion_tag("actionplans/_dashboard_panel.html", takes_context=True)
def actionplans_panel(context):
    """The portal dashboard's section: officers' own actions, editors' plans to approve."""
    user = context["user"]
    if not permissions.is_customs(user):
        return {"show": False}
    today = timezone.localdate()
    mine = dashboard.annotate_health(
        list(
            Action.objects.filter(responsible=user)
            .exclude(plan__status__in=[ActionPlan.Status.CLOSED, ActionPlan.Status.DRAFT])
            .exclude(status=Action.Status.CANCELLED)
            .select_related("plan")
            .with_progress()
            .order_by("due_date", "code")
        ),
        today,
    )
    order = {value: index for index, value in enumerate(HEALTH_ORDER)}
    open_actions = [a for a in mine if a.current_health != Health.DONE]
    open_actions.sort(key=lambda a: (order[a.current_health], a.due_date))
    counts, _cancelled = dashboard.health_counts(mine)
    return {
        "show": True,
        "actions": open_actions[:8],
        "more": max(len(open_actions) - 8, 0),
        "counts": [c for c in counts if c["count"]],
        "awaiting": plans_awaiting_approval() if permissions.is_editor(user) else None,
        "indicators": indicators.engagement_indicators(today=today),
    }
