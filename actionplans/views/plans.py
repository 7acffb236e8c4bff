"""Plans (officers): the list, a plan's page and history, creating and editing it, approving,
activating and closing it; its frozen versions and their comparison."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans import dashboard, history, services
from actionplans.forms import ApproveForm, PlanFilterForm, PlanForm, plan_actions_formset
from actionplans.models import ActionPlan, PlanVersion
from actionplans.versions import (
    compare,
    has_unapproved_changes,
    plans_for_snapshot,
    readable,
    snapshot,
)
from actionplans.views import add_errors, visible_plan
from portal.pagination import paginate
from portal.permissions import customs_required, editor_required, is_editor


def _error_text(error):
    return " ".join(error.messages)


@customs_required
def plan_list(request):
    form = PlanFilterForm(request.GET or None)
    plans = ActionPlan.objects.visible_to(request.user).annotate(
        action_count=Count("actions", distinct=True),
        version_number=Max("versions__number"),
    )
    if form.is_valid():
        if text := form.cleaned_data["q"].strip():
            plans = plans.filter(Q(title__icontains=text) | Q(owning_unit__icontains=text))
        if form.cleaned_data["status"]:
            plans = plans.filter(status=form.cleaned_data["status"])
    return render(
        request,
        "actionplans/plan_list.html",
        {
            "form": form,
            "page": paginate(request, plans.order_by("-period_start", "title")),
            "is_editor": is_editor(request.user),
        },
    )


@customs_required
def plan_detail(request, pk):
    plan = get_object_or_404(
        plans_for_snapshot()
        .visible_to(request.user)
        .select_related("approved_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.select_related("approved_by").order_by("-number"),
            )
        ),
        pk=pk,
    )
    today = timezone.localdate()
    actions = dashboard.annotate_health(list(plan.actions.all()), today)
    versions = list(plan.versions.all())
    latest = versions[0] if versions else None
    editor = is_editor(request.user)
    unlinked, unlinked_count = (
        dashboard.unlinked_commitments(limit=5)
        if editor and plan.status != ActionPlan.Status.CLOSED
        else ([], 0)
    )
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "actions": actions,
            "versions": versions,
            "latest": latest,
            "unapproved": plan.status != ActionPlan.Status.CLOSED
            and has_unapproved_changes(plan, latest),
            "is_editor": editor,
            "unlinked_commitments": unlinked,
            "unlinked_count": unlinked_count,
            "tab": "plan",
        },
    )


@customs_required
def plan_history(request, pk):
    plan = visible_plan(request, pk)
    return render(
        request,
        "actionplans/plan_history.html",
        {"plan": plan, "page": paginate(request, history.plan_history(plan)), "tab": "history"},
    )


@editor_required
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.save_plan(form, acting_user=request.user)
        messages.success(
            request, _("The plan was created as a draft. Add its actions, then approve it.")
        )
        return redirect("actionplans:plan_detail", pk=plan.pk)
    return render(request, "actionplans/plan_form.html", {"form": form})


@editor_required
def plan_edit(request, pk):
    """The plan and, in place, the key fields of its actions (and empty rows to add some),
    saved together in one service call."""
    plan = visible_plan(request, pk)
    if not plan.is_editable:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan)
    valid = data is not None and form.is_valid()  # first: the rows are checked against it
    actions = plan_actions_formset(plan, data)
    if data is not None and actions.is_valid() and valid:
        try:
            services.save_plan(form, acting_user=request.user, actions=actions)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("actionplans:plan_detail", pk=plan.pk)
    return render(
        request,
        "actionplans/plan_form.html",
        {
            "form": form,
            "actions": actions,
            "plan": plan,
            "title": ActionPlan.objects.values_list("title", flat=True).get(pk=plan.pk),
        },
    )


@editor_required
def plan_approve(request, pk):
    plan = get_object_or_404(plans_for_snapshot(), pk=pk)
    if not plan.is_editable:
        raise Http404
    latest = plan.versions.order_by("-number").first()
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.approve_plan(
                plan, acting_user=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of the plan was approved and frozen.")
                % {"number": version.number},
            )
            return redirect("actionplans:plan_detail", pk=plan.pk)
    current = snapshot(plan)
    return render(
        request,
        "actionplans/plan_approve.html",
        {
            "plan": plan,
            "form": form,
            "latest": latest,
            "comparison": compare(latest.snapshot, current) if latest else None,
            "current": readable(current),
        },
    )


@editor_required
@require_POST
def plan_activate(request, pk):
    plan = visible_plan(request, pk)
    try:
        services.activate_plan(plan, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("The plan is in effect: its public actions are on the commitments board.")
        )
    return redirect("actionplans:plan_detail", pk=plan.pk)


@editor_required
@require_POST
def plan_close(request, pk):
    plan = visible_plan(request, pk)
    try:
        services.close_plan(plan, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The plan is closed."))
    return redirect("actionplans:plan_detail", pk=plan.pk)


# --- Versions ---------------------------------------------------------------------------


@customs_required
def version_detail(request, pk, number):
    plan = visible_plan(request, pk)
    version = get_object_or_404(plan.versions.select_related("approved_by"), number=number)
    return render(
        request,
        "actionplans/version_detail.html",
        {
            "plan": plan,
            "version": version,
            "frozen": readable(version.snapshot),
            "others": plan.versions.exclude(pk=version.pk).order_by("-number"),
            "tab": "plan",
        },
    )


@customs_required
def version_compare(request, pk, number):
    """Version `number` side by side with the current plan, or with another version (?with=)."""
    plan = get_object_or_404(plans_for_snapshot().visible_to(request.user), pk=pk)
    version = get_object_or_404(plan.versions.all(), number=number)
    other = request.GET.get("with", "current")
    if other == "current":
        newer, newer_label = snapshot(plan), _("current plan")
    else:
        try:
            other_version = plan.versions.get(number=int(other))
        except (ValueError, PlanVersion.DoesNotExist):
            raise Http404 from None
        newer = other_version.snapshot
        newer_label = _("version %(number)s") % {"number": other_version.number}
    return render(
        request,
        "actionplans/version_compare.html",
        {
            "plan": plan,
            "version": version,
            "older_label": _("version %(number)s") % {"number": version.number},
            "newer_label": newer_label,
            "comparison": compare(version.snapshot, newer),
            "versions": plan.versions.order_by("-number"),
            "other": other,
            "tab": "plan",
        },
    )
