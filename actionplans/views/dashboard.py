"""A plan's dashboard (officers): the health of its actions and its indicators, as computed by
actionplans.dashboard and actionplans.indicators, and the list of its actions, paged.

What it shows of the plan itself is read and drawn once per change of the plan, per day (health
moves with the date) and per language, then kept in Django's cache: reading 300 actions and
drawing them on every view was most of its time. The map's coverage and the meeting
commitments also depend on the registry and the meetings, and are read on every view."""

import hashlib

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from actionplans import dashboard, indicators, survey_indicators
from actionplans.forms import DashboardActionFilterForm
from actionplans.views import visible_plan
from portal.pagination import paginate
from portal.permissions import customs_required, is_editor

# The key holds the day: a day is the longest anything kept can serve.
KEPT_FOR = 60 * 60 * 24
DRAWING = "actionplans.dashboard.2"  # a new number when what is kept changes shape


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def drawing_key(plan, today):
    return ":".join(
        [
            DRAWING,
            str(plan.pk),
            today.isoformat(),
            get_language(),
            _digest(dashboard.last_change(plan)),
        ]
    )


def drawn(plan, today, key):
    """The plan's actions as the dashboard reads them, its objectives, and its summaries and
    charts as HTML."""
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
        cache.set(key, kept, KEPT_FOR)
    return kept


def action_list(request, key, kept):
    """The list of the plan's actions, filtered and paged as the query string asks, as HTML.
    The first page without filters, what a dashboard opens on, is kept too (its rows cost as
    much as the rest of the page); a filtered or paged list is drawn each time, so that
    made-up query strings cannot fill the cache."""
    list_key = None if request.GET else f"{key}:list"
    html = cache.get(list_key) if list_key else None
    if html is None:
        actions = kept["actions"]
        form = DashboardActionFilterForm(request.GET, objectives=kept["objectives"])
        listed = actions
        if form.is_valid():
            listed = dashboard.matching(
                actions,
                text=form.cleaned_data["q"],
                health=form.cleaned_data["health"],
                objective=form.cleaned_data["objective"],
            )
        html = render_to_string(
            "actionplans/_dashboard_actions.html",
            {"form": form, "page": paginate(request, listed), "action_count": len(actions)},
            request=request,
        )
        if list_key:
            cache.set(list_key, html, KEPT_FOR)
    return html


@customs_required
def plan_dashboard(request, pk):
    plan = visible_plan(request, pk)
    today = timezone.localdate()
    key = drawing_key(plan, today)
    kept = drawn(plan, today, key)
    editor = is_editor(request.user)
    unlinked, unlinked_count = dashboard.unlinked_commitments() if editor else ([], 0)
    return render(
        request,
        "actionplans/plan_dashboard.html",
        {
            "plan": plan,
            "tab": "dashboard",
            "charts": kept,
            "action_list": action_list(request, key, kept),
            "coverage": dashboard.coverage(kept["actions"]),
            "meeting_commitments": dashboard.meeting_commitments(kept["actions"]),
            "is_editor": editor,
            "unlinked_commitments": unlinked,
            "unlinked_count": unlinked_count,
            "added_indicators": indicators.added_indicators(today=today),
            # Outside the kept drawing: a new survey response moves a mean at any time.
            "survey_trends": survey_indicators.survey_trends(plan.actions.all()),
        },
    )
