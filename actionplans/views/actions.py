"""Actions (officers and editors): an action's page, adding and editing actions, and turning a
commitment made at a meeting into an action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import history, services, survey_indicators
from actionplans.forms import ActionForm, CommitmentActionForm
from actionplans.models import Action, ProgressUpdate
from actionplans.views import add_errors, visible_plan
from actionplans.views.contestations import shown_on_board
from meetings.models import Commitment
from portal.pagination import paginate
from portal.permissions import customs_required, editor_required, is_customs, is_editor


@editor_required
def action_create(request, pk):
    plan = visible_plan(request, pk)
    if not plan.is_editable:
        raise Http404
    if not plan.objectives.exists():
        messages.warning(
            request, _("Choose the strategic objectives the plan serves before adding actions.")
        )
        return redirect("actionplans:plan_edit", pk=plan.pk)
    form = ActionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.save_action(form, acting_user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Action %(code)s was added to the plan.") % {"code": action.code}
            )
            if "add_another" in request.POST:
                return redirect("actionplans:action_create", pk=plan.pk)
            return redirect("actionplans:plan_detail", pk=plan.pk)
    return render(request, "actionplans/action_form.html", {"form": form, "plan": plan})


@editor_required
def action_edit(request, pk):
    action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
    if not action.plan.is_editable:
        raise Http404
    form = ActionForm(request.POST or None, instance=action, plan=action.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_action(form, acting_user=request.user)
        except ValidationError as error:  # e.g. the plan was closed meanwhile
            add_errors(form, error)
        else:
            messages.success(request, _("Action %(code)s was saved.") % {"code": action.code})
            return redirect("actionplans:action_detail", pk=action.pk)
    return render(
        request,
        "actionplans/action_form.html",
        {"form": form, "plan": action.plan, "action": action},
    )


@editor_required
def action_from_commitment(request, pk):
    """Turn a commitment made at a meeting into an action of a plan, linked to it."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("meeting", "organization", "responsible_user"), pk=pk
    )
    existing = Action.objects.filter(commitment=commitment).first()
    if existing is not None:
        messages.info(request, _("This commitment is already carried out by an action."))
        return redirect("actionplans:action_detail", pk=existing.pk)
    responsible = commitment.responsible_user
    initial = {
        "plan": request.GET.get("plan"),
        "title": services._title_of(commitment.description),
        "responsible": responsible.pk
        if responsible is not None and responsible.is_active and is_customs(responsible)
        else request.user.pk,
        "start_date": timezone.localdate(),
        "due_date": commitment.due_date,
    }
    form = CommitmentActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_from_commitment(
                commitment,
                plan=data["plan"],
                objective=data["objective"],
                code=data["code"],
                title=data["title"],
                responsible=data["responsible"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                visibility=data["visibility"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Action %(code)s now carries out this commitment.") % {"code": action.code},
            )
            return redirect("actionplans:action_detail", pk=action.pk)
    return render(
        request,
        "actionplans/commitment_action_form.html",
        {"form": form, "commitment": commitment, "meeting": commitment.meeting},
    )


@customs_required
def action_detail(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user)
        .select_related(
            "plan",
            "objective",
            "responsible",
            "commitment__meeting",
            "commitment__organization",
            "commitment__responsible_user",
        )
        .prefetch_related("partners", "objective__integrity_factors")
        .with_progress(),
        pk=pk,
    )
    action.current_health = action.health
    board = shown_on_board(request.user, action)
    action.contested = any(item.is_open for item in board["contestations"])
    updates = (
        ProgressUpdate.objects.filter(action=action)
        .select_related("author")
        .prefetch_related("evidence")
    )
    return render(
        request,
        "actionplans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "updates": updates,
            "history": paginate(request, history.action_history(action)),
            "may_report": Action.objects.reportable_by(request.user).filter(pk=action.pk).exists(),
            "survey_trends": survey_indicators.survey_trends(Action.objects.filter(pk=action.pk)),
            "is_editor": is_editor(request.user),
            **board,
        },
    )
