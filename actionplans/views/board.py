"""The commitments board (everyone): the public actions of active plans."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from actionplans import contests, dashboard, opendata
from actionplans.forms import BoardFilterForm
from actionplans.models import Action, ActionPlan, Contestation
from actionplans.views.contestations import shown_on_board
from portal import exports
from portal import opendata as portal_opendata
from portal.pagecache import for_visitors
from portal.pagination import paginate
from stakeholders.models import Organization


@dataclass
class Chosen:
    """What the board shows a viewer for a query string: the filter form, the actions it
    selects (light rows with their health, in the board's order), and the plans' summary."""

    form: BoardFilterForm
    rows: QuerySet  # the public actions after the text and plan filters (not health)
    actions: list  # the light rows after every filter, each with `current_health`
    summary: list


def chosen(request):
    """The board's actions for this request: the one selection the page, its downloads and
    the API share."""
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
    # needs); only the rows shown are then read whole. Reading every public action whole made
    # the board of a 300-action plan build some 900 objects to show 25.
    actions = dashboard.annotate_health(list(rows.only(*_HEALTH_FIELDS)), today)
    summary = _board_summary(list(plans), today, None if narrowed else actions)
    if health:
        actions = [a for a in actions if a.current_health == health]
    return Chosen(form=form, rows=rows, actions=actions, summary=summary)


def whole(selection, light, user=None):
    """The actions of `light` (rows of `selection.actions`) read whole, in the same order,
    with their health and whether they are contested (`contested`: an open contestation);
    with `user`, each with the partners `user` may see (`visible_partners`)."""
    rows = selection.rows.select_related("plan", "objective")
    if user is not None:
        rows = rows.prefetch_related(_partners(user))
    found = rows.in_bulk([a.pk for a in light])
    contested = contests.contested_ids(list(found))
    for action in light:
        found[action.pk].current_health = action.current_health
        found[action.pk].contested = action.pk in contested
    return [found[action.pk] for action in light]


def _partners(user):
    return Prefetch(
        "partners",
        queryset=Organization.objects.visible_to(user).order_by("name"),
        to_attr="visible_partners",
    )


@for_visitors("actionplans", "meetings", "stakeholders")
def board(request):
    """The public actions of active plans: what was committed, by when, how far it has come."""
    selection = chosen(request)
    page = paginate(request, selection.actions)
    page.object_list = whole(selection, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actionplans/board.html",
        {
            "form": selection.form,
            "page": page,
            "summary": selection.summary,
            "count": len(selection.actions),
            "filter_query": query.urlencode(),
        },
    )


@exports.export_view
@for_visitors("actionplans", "meetings", "stakeholders", queries=("format=csv", "format=json"))
def board_export(request):
    """The board's actions, with the board's filters, as CSV (`?format=csv`, the default) or
    JSON (`?format=json`): every row the page lists across its pages, in its order."""
    selection = chosen(request)
    actions = whole(selection, selection.actions, request.user)
    records = [opendata.record(request, action) for action in actions]
    if request.GET.get("format") == "json":
        return portal_opendata.json_response(opendata.SLUG, records)
    return portal_opendata.csv_response(opendata.SLUG, records)


_HEALTH_FIELDS = ("pk", "plan_id", "status", "start_date", "due_date")


def _board_summary(plans, today, actions=None):
    """Per active plan: how many public commitments, and how many of each health. `actions`:
    every public action with its health already, when the caller has read them."""
    if actions is None:
        actions = dashboard.annotate_health(
            list(Action.objects.public().with_progress().only(*_HEALTH_FIELDS)), today
        )
    # Public actions with an open contestation, per plan (one query).
    contested = Counter(
        plan_id
        for plan_id, _action in Contestation.objects.open()
        .filter(action__in=Action.objects.public())
        .values_list("action__plan_id", "action_id")
        .distinct()
    )
    summary = []
    for plan in plans:
        mine = [a for a in actions if a.plan_id == plan.pk]
        counts, cancelled = dashboard.health_counts(mine)
        # Every public commitment the list shows, cancelled ones included (they have no
        # health): the plan's "N public commitments" is the list's "N found" for that plan.
        summary.append(
            {
                "plan": plan,
                "counts": counts,
                "cancelled": cancelled,
                "total": len(mine),
                "contested": contested[plan.pk],
            }
        )
    return summary


def board_action_shown(pk, user):
    """The public action `pk` as its board page shows it to `user` (with its health and the
    partners `user` may see), or 404: the one reading the page and the API share."""
    action = get_object_or_404(
        Action.objects.public()
        .select_related("plan", "objective")
        .prefetch_related(_partners(user))
        .with_progress(),
        pk=pk,
    )
    action.current_health = action.health
    action.contested = bool(contests.contested_ids([action.pk]))
    return action


def board_action(request, pk):
    action = board_action_shown(pk, request.user)
    return render(
        request,
        "actionplans/board_action.html",
        {"action": action, **shown_on_board(request.user, action)},
    )
