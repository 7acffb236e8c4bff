"""The commitments board (everyone): the public actions of active plans."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from actionplans import dashboard
from actionplans.forms import BoardFilterForm
from actionplans.models import Action, ActionPlan
from portal.pagecache import for_visitors
from portal.pagination import paginate
from stakeholders.models import Organization


@for_visitors("actionplans", "meetings", "stakeholders")
def board(request):
    """The public actions of active plans: what was committed, by when, how far it has come."""
    plans = ActionPlan.objects.filter(status=ActionPlan.Status.ACTIVE).order_by(
        "-period_start", "title"
    )
    form = BoardFilterForm(request.GET or None, plans=plans)
    rows = Action.objects.public().with_progress().order_by("plan__title", "due_date", "code")
    health, narrowed = "", False
    if form.is_valid():
        if text := form.cleaned_data["q"].strip():
            rows = rows.filter(
                Q(code__icontains=text) | Q(title__icontains=text) | Q(description__icontains=text)
            )
            narrowed = True
        if form.cleaned_data["plan"]:
            rows = rows.filter(plan=form.cleaned_data["plan"])
            narrowed = True
        health = form.cleaned_data["health"]
    today = timezone.localdate()
    # Health is derived, so the filter on it and the paging run on light rows (what health
    # needs); only the page shown is then read whole. Reading every public action whole made
    # the board of a 300-action plan build some 900 objects to show 25.
    actions = dashboard.annotate_health(list(rows.only(*_HEALTH_FIELDS)), today)
    summary = _board_summary(list(plans), today, None if narrowed else actions)
    if health:
        actions = [a for a in actions if a.current_health == health]
    page = paginate(request, actions)
    whole = rows.select_related("plan", "objective").in_bulk([a.pk for a in page.object_list])
    for action in page.object_list:
        whole[action.pk].current_health = action.current_health
    page.object_list = [whole[action.pk] for action in page.object_list]
    return render(
        request,
        "actionplans/board.html",
        {
            "form": form,
            "page": page,
            "summary": summary,
            "count": len(actions),
        },
    )


_HEALTH_FIELDS = ("pk", "plan_id", "status", "start_date", "due_date")


def _board_summary(plans, today, actions=None):
    """Per active plan: how many public commitments, and how many of each health. `actions`:
    every public action with its health already, when the caller has read them."""
    if actions is None:
        actions = dashboard.annotate_health(
            list(Action.objects.public().with_progress().only(*_HEALTH_FIELDS)), today
        )
    summary = []
    for plan in plans:
        mine = [a for a in actions if a.plan_id == plan.pk]
        counts, _cancelled = dashboard.health_counts(mine)
        summary.append({"plan": plan, "counts": counts, "total": sum(c["count"] for c in counts)})
    return summary


def board_action(request, pk):
    partners = Prefetch(
        "partners",
        queryset=Organization.objects.visible_to(request.user).order_by("name"),
        to_attr="visible_partners",
    )
    action = get_object_or_404(
        Action.objects.public()
        .select_related("plan", "objective")
        .prefetch_related(partners)
        .with_progress(),
        pk=pk,
    )
    action.current_health = action.health
    return render(request, "actionplans/board_action.html", {"action": action})
