"""Customs: handling the comments. A decision on each comment, and publishing the report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consultations import forms
from consultations.models import Comment
from consultations.services import handling
from consultations.views import url_for, visible_consultation
from portal.permissions import customs_required


@customs_required
def decide(request, pk):
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related(
            "consultation", "section", "author", "organization", "decided_by"
        ),
        pk=pk,
    )
    initial = {"decision": comment.decision, "reason": comment.reason}
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            handling.decide_comment(
                comment,
                acting_user=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The decision has been recorded."))
            following = (
                comment.consultation.comments.awaiting_decision()
                .exclude(pk=comment.pk)
                .order_by("created_at", "pk")
                .first()
            )
            if following is not None and "next" in request.POST:
                return redirect("consultations:decide", pk=following.pk)
            return redirect(
                url_for("consultations:comments", comment.consultation) + "?decision=waiting"
            )
    decisions = [
        record
        for record in comment.history.select_related("history_user").order_by("history_date")
        if record.decision
    ]
    return render(
        request,
        "consultations/decide.html",
        {
            "consultation": comment.consultation,
            "comment": comment,
            "form": form,
            "decisions": decisions,
        },
    )


@customs_required
def publish_report(request, pk):
    consultation = visible_consultation(request, pk)
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handling.publish_report(
                consultation, acting_user=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The report has been published."))
            return redirect("consultations:report", pk=consultation.pk)
    return render(
        request,
        "consultations/publish_report.html",
        {
            "consultation": consultation,
            "form": form,
            "awaiting": consultation.comments.awaiting_decision().count(),
        },
    )
