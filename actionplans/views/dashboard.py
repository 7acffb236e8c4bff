"""A plan's dashboard (officers): the health of its actions and its indicators, as computed by
actionplans.dashboard and actionplans.indicators."""

from django.shortcuts import render
from django.utils import timezone

from actionplans import dashboard, indicators
from actionplans.health import AT_RISK_MARGIN, HEALTH_ORDER
from actionplans.views import visible_plan
from portal.permissions import customs_required, is_editor


@customs_required
def plan_dashboard(request, pk):
    plan = visible_plan(request, pk)
    today = timezone.localdate()
    context = dashboard.plan_dashboard(plan, today)
    editor = is_editor(request.user)
    unlinked, unlinked_count = dashboard.unlinked_commitments() if editor else ([], 0)
    context.update(
        {
            "is_editor": editor,
            "unlinked_commitments": unlinked,
            "unlinked_count": unlinked_count,
            "plan": plan,
            "today": today,
            "on_track": indicators.commitments_on_track(today=today, plan=plan),
            "margin": AT_RISK_MARGIN,
            "health_values": HEALTH_ORDER,
            "tab": "dashboard",
        }
    )
    return render(request, "actionplans/plan_dashboard.html", context)
