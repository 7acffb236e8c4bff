"""Strategic objectives (officers; editors write them)."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import dashboard, history, services
from actionplans.forms import ObjectiveFilterForm, ObjectiveForm
from actionplans.models import StrategicObjective
from portal.pagination import paginate
from portal.permissions import customs_required, editor_required, is_editor


@customs_required
def objective_list(request):
    form = ObjectiveFilterForm(request.GET or None)
    objectives = StrategicObjective.objects.prefetch_related("integrity_factors").annotate(
        action_count=Count("actions", distinct=True), plan_count=Count("plans", distinct=True)
    )
    if form.is_valid():
        if text := form.cleaned_data["q"].strip():
            objectives = objectives.filter(Q(code__icontains=text) | Q(title__icontains=text))
        if form.cleaned_data["factor"]:
            objectives = objectives.filter(integrity_factors=form.cleaned_data["factor"])
    return render(
        request,
        "actionplans/objective_list.html",
        {
            "form": form,
            "page": paginate(request, objectives.order_by("code")),
            "is_editor": is_editor(request.user),
        },
    )


@customs_required
def objective_detail(request, pk):
    objective = get_object_or_404(
        StrategicObjective.objects.prefetch_related("integrity_factors"), pk=pk
    )
    today = timezone.localdate()
    actions = dashboard.annotate_health(
        list(
            objective.actions.select_related("plan", "responsible")
            .with_progress()
            .order_by("plan__title", "code")
        ),
        today,
    )
    return render(
        request,
        "actionplans/objective_detail.html",
        {
            "objective": objective,
            "actions": actions,
            "plans": objective.plans.order_by("-period_start"),
            "history": paginate(request, history.objective_history(objective)),
            "is_editor": is_editor(request.user),
        },
    )


@editor_required
def objective_create(request):
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        objective = services.save_objective(form, acting_user=request.user)
        messages.success(request, _("The objective was saved."))
        return redirect("actionplans:objective_detail", pk=objective.pk)
    return render(request, "actionplans/objective_form.html", {"form": form})


@editor_required
def objective_edit(request, pk):
    objective = get_object_or_404(StrategicObjective, pk=pk)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        services.save_objective(form, acting_user=request.user)
        messages.success(request, _("The objective was saved."))
        return redirect("actionplans:objective_detail", pk=objective.pk)
    return render(
        request, "actionplans/objective_form.html", {"form": form, "objective": objective}
    )
