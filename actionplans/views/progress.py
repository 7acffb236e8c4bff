"""Progress (officers): reporting progress on an action with its evidence, downloading the
evidence, and the actions the signed-in officer is responsible for."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import dashboard, evidence, services
from actionplans.forms import ProgressForm
from actionplans.health import HEALTH_ORDER
from actionplans.models import Action, ActionPlan, Evidence
from portal import uploads
from portal.pagination import paginate
from portal.permissions import customs_required
from portal.uploads import takes_files


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
    return uploads.download(item.file, item.original_name, item.content_type)


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
    return render(request, "actionplans/my_actions.html", {"page": paginate(request, actions)})
