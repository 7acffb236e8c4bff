"""Contestations (actionplans.contests): a concerned representative contests what is reported
on a public action; the responsible officer (or an editor) answers it or removes it for abuse;
its attachment is downloaded by whoever may see it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans import contests, evidence
from actionplans.forms import ContestationAnswerForm, ContestationModerateForm, ContestForm
from actionplans.models import Action, Contestation
from actionplans.views import add_errors
from portal import ratelimit, uploads
from portal.permissions import customs_required, signed_in_required


def _on_board(contestation):
    url = reverse("actionplans:board_action", args=[contestation.action_id])
    return redirect(f"{url}#contestation-{contestation.pk}")


@uploads.takes_files(evidence.max_bytes)
@signed_in_required
def contest(request, pk):
    """Only a representative of an organisation the action concerns reaches this page."""
    action = get_object_or_404(Action.objects.public().select_related("plan", "commitment"), pk=pk)
    organizations = contests.concerned_organizations(request.user, action)
    if not organizations:
        raise Http404
    form = ContestForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not ratelimit.consume(request, contests.RATE_LIMIT):
            form.add_error(
                None,
                _(
                    "You have filed as many contestations as one person may in a day. Your "
                    "text was kept: send it again tomorrow."
                ),
            )
        else:
            try:
                contestation = contests.contest(
                    action,
                    acting_user=request.user,
                    organization=data["organization"],
                    subject=data["subject"],
                    statement=data["statement"],
                    anonymous=data["anonymous"],
                    attachment=data["attachment"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your contestation is published on the board. The responsible officer "
                        "was told and will answer it here."
                    ),
                )
                return _on_board(contestation)
    if form.is_bound and not form.is_valid() and request.FILES:
        messages.info(request, _("Your text was kept; choose the file to attach again."))
    already = [org for org in organizations if contests.open_exists(org, action)]
    return render(
        request,
        "actionplans/contest_form.html",
        {"form": form, "action": action, "already": already},
    )


def _handled(request, pk):
    return get_object_or_404(
        contests.handled_by(request.user).select_related("action", "action__plan", "organization"),
        pk=pk,
    )


@customs_required
def contestation_answer(request, pk):
    """The responsible officer of the action, or an editor; 404 to other officers."""
    contestation = _handled(request, pk)
    if not contestation.is_open:
        messages.info(request, _("This contestation is no longer open."))
        return _on_board(contestation)
    form = ContestationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contests.answer(
                contestation, acting_user=request.user, text=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your answer is published on the board."))
            return _on_board(contestation)
    return render(
        request,
        "actionplans/contestation_answer.html",
        {"form": form, "contestation": contestation, "action": contestation.action},
    )


@customs_required
def contestation_moderate(request, pk):
    """Remove a contestation for abuse, with the reason the board shows instead."""
    contestation = _handled(request, pk)
    if contestation.is_moderated:
        messages.info(request, _("This contestation was already removed."))
        return _on_board(contestation)
    form = ContestationModerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contests.moderate(
                contestation, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contestation was removed from the board."))
            return _on_board(contestation)
    return render(
        request,
        "actionplans/contestation_moderate.html",
        {"form": form, "contestation": contestation, "action": contestation.action},
    )


def contestation_attachment(request, pk):
    item = get_object_or_404(
        Contestation.objects.attachment_visible_to(request.user).exclude(attachment=""), pk=pk
    )
    return uploads.download(item.attachment, item.attachment_name, item.attachment_type)


def shown_on_board(user, action):
    """What an action's board page shows of its contestations to `user`: the list, whether
    `user` may contest it (and on behalf of which organisations already contesting it), and
    whether `user` answers and moderates them."""
    contestations = list(
        Contestation.objects.visible_to(user)
        .filter(action=action)
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )
    concerned = list(contests.concerned_organizations(user, action))
    return {
        "contestations": contestations,
        "may_contest": bool(concerned),
        "may_handle": contests.may_handle(user, action),
    }
