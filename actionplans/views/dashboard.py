"""A plan's dashboard (officers): the health of its actions and its indicators, as computed by
actionplans.dashboard and actionplans.indicators, and the list of its actions, paged."""

import hashlib

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from actionplans import dashboard
from actionplans.forms import DashboardActionFilterForm
from actionplans.views import visible_plan
from portal.pagination import paginate
from portal.permissions import customs_required, is_editor

# The key holds the day (health moves with the date): a day is the longest a drawing can serve.
CHARTS_TIMEOUT = 60 * 60 * 24
DRAWING = "actionplans.dashboard.1"  # a new number when what is kept below changes shape


def drawn(plan, today):
    """The plan's actions as the dashboard reads them, its objectives, and its summaries and
    charts as HTML: read and drawn once per change of the plan (dashboard.last_change), per
    day and per language, then kept in Django's cache. Reading 300 actions and drawing them
    on every view was most of the page's time."""
    stamp = hashlib.sha256(dashboard.last_change(plan).encode()).hexdigest()
    key = f"{DRAWING}:{plan.pk}:{today.isoformat()}:{get_language()}:{stamp}"
    kept = cache.get(key)
    if kept is None:
        actions = dashboard.dashboard_actions(plan, today)
        objectives = dashboard.plan_objectives(plan, actions)
        context = dashboard.charts(plan, actions, objectives, today)
        kept = {
            "actions": actions,
            "objectives": objectives,
            **{
                part: render_to_string(f"actionplans/_dashboard_{part}.html", context)
                for part in ("summary", "timeline")
            },
        }
        cache.set(key, kept, CHARTS_TIMEOUT)
    return kept


@customs_required
def plan_dashboard(request, pk):
    plan = visible_plan(request, pk)
    today = timezone.localdate()
    charts = drawn(plan, today)
    actions = charts["actions"]
    form = DashboardActionFilterForm(request.GET, objectives=charts["objectives"])
    listed = actions
    if form.is_valid():
        listed = dashboard.matching(
            actions,
            text=form.cleaned_data["q"],
            health=form.cleaned_data["health"],
            objective=form.cleaned_data["objective"],
        )
    editor = is_editor(request.user)
    unlinked, unlinked_count = dashboard.unlinked_commitments() if editor else ([], 0)
    return render(
        request,
        "actionplans/plan_dashboard.html",
        {
            "plan": plan,
            "tab": "dashboard",
            "charts": charts,
            "coverage": dashboard.coverage(actions),
            "form": form,
            "page": paginate(request, listed),
            "action_count": len(actions),
            "meeting_commitments": dashboard.meeting_commitments(actions),
            "is_editor": editor,
            "unlinked_commitments": unlinked,
            "unlinked_count": unlinked_count,
        },
    )
