"""Pages of the action plans: the public commitments board, and the officers' and editors' pages.

Each view checks who may do it (portal.permissions decorators, visible_to / reportable_by
querysets: 404 for what a person may not see), validates a form and calls one service.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans import dashboard, evidence, history, indicators, services
from actionplans.forms import (
    ActionForm,
    ApproveForm,
    BoardFilterForm,
    CommitmentActionForm,
    ExportForm,
    ObjectiveFilterForm,
    ObjectiveForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    plan_actions_formset,
)
from actionplans.health import AT_RISK_MARGIN, HEALTH_ORDER
from actionplans.models import (
    Action,
    ActionPlan,
    Evidence,
    PlanVersion,
    ProgressUpdate,
    StrategicObjective,
)
from actionplans.reports import pdf, xlsx
from actionplans.versions import (
    compare,
    has_unapproved_changes,
    plans_for_snapshot,
    readable,
    snapshot,
)
from meetings.models import Commitment
from portal import exports
from portal.permissions import customs_required, editor_required, is_customs, is_editor
from portal.uploads import takes_files
from stakeholders.models import Organization

PAGE_SIZE = 25


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _error_text(error):
    return " ".join(error.messages)


# --- The commitments board (everyone) ---------------------------------------------------


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
    page = _page(request, actions)
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


# --- Plans (officers) -------------------------------------------------------------------


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
            "page": _page(request, plans.order_by("-period_start", "title")),
            "is_editor": is_editor(request.user),
        },
    )


def _plan_or_404(request, pk):
    return get_object_or_404(ActionPlan.objects.visible_to(request.user), pk=pk)


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
def plan_dashboard(request, pk):
    plan = _plan_or_404(request, pk)
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


@customs_required
def plan_history(request, pk):
    plan = _plan_or_404(request, pk)
    return render(
        request,
        "actionplans/plan_history.html",
        {"plan": plan, "page": _page(request, history.plan_history(plan)), "tab": "history"},
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
    plan = _plan_or_404(request, pk)
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
            _add_errors(form, error)
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
    plan = _plan_or_404(request, pk)
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
    plan = _plan_or_404(request, pk)
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
    plan = _plan_or_404(request, pk)
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


# --- Exports ----------------------------------------------------------------------------


@customs_required
def plan_export(request, pk):
    plan = _plan_or_404(request, pk)
    form = ExportForm(
        request.GET if "format" in request.GET else None,
        initial={"language": request.LANGUAGE_CODE},
    )
    if form.is_valid():
        data = form.cleaned_data
        public_only = data["scope"] == "public"
        stem = slugify(plan.title)[:60] or "plan"
        name = f"{stem}-{timezone.localdate():%Y-%m-%d}-{data['language']}"
        if data["format"] == "xlsx":
            content = xlsx.build_xlsx(plan, language=data["language"], public_only=public_only)
            return exports.xlsx_response(name, content)
        content = pdf.build_pdf(plan, language=data["language"], public_only=public_only)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(
        request, "actionplans/plan_export.html", {"plan": plan, "form": form, "tab": "export"}
    )


# --- Actions ----------------------------------------------------------------------------


@editor_required
def action_create(request, pk):
    plan = _plan_or_404(request, pk)
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
            _add_errors(form, error)
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
            _add_errors(form, error)
        else:
            messages.success(request, _("Action %(code)s was saved.") % {"code": action.code})
            return redirect("actionplans:action_detail", pk=action.pk)
    return render(
        request,
        "actionplans/action_form.html",
        {"form": form, "plan": action.plan, "action": action},
    )


def _add_errors(form, error):
    """Put a service's ValidationError on the form's fields it names, the rest on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


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
            _add_errors(form, error)
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
            "history": _page(request, history.action_history(action)),
            "may_report": Action.objects.reportable_by(request.user).filter(pk=action.pk).exists(),
            "is_editor": is_editor(request.user),
        },
    )


@takes_files(lambda: evidence.max_files() * evidence.max_bytes())
@customs_required
def progress_add(request, pk):
    """Only the responsible officer (or an editor) reaches this page; others get 404."""
    action = get_object_or_404(
        Action.objects.reportable_by(request.user).select_related("plan").with_progress(), pk=pk
    )
    form = ProgressForm(request.POST or None, request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(
                action,
                acting_user=request.user,
                date=data["date"],
                percent=data["percent"],
                indicator_value=data.get("indicator_value"),
                narrative=data["narrative"],
                files=data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your progress report was recorded."))
            return redirect("actionplans:action_detail", pk=action.pk)
    if form.is_bound and not form.is_valid() and request.FILES:
        messages.info(request, _("Your text was kept; choose the evidence files again."))
    return render(
        request,
        "actionplans/progress_form.html",
        {"form": form, "action": action, "plan": action.plan},
    )


@customs_required
def evidence_download(request, pk):
    item = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


@customs_required
def my_actions(request):
    today = timezone.localdate()
    actions = dashboard.annotate_health(
        list(
            Action.objects.filter(responsible=request.user)
            .exclude(plan__status=ActionPlan.Status.CLOSED)
            .select_related("plan", "objective")
            .with_progress()
            .order_by("due_date", "code")
        ),
        today,
    )
    order = {value: index for index, value in enumerate(HEALTH_ORDER)}
    actions.sort(key=lambda a: (order.get(a.current_health, len(order)), a.due_date))
    return render(request, "actionplans/my_actions.html", {"page": _page(request, actions)})


# --- Strategic objectives ---------------------------------------------------------------


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
            "page": _page(request, objectives.order_by("code")),
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
            "history": _page(request, history.objective_history(objective)),
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
