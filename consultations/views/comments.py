"""Partners: commenting. Submitting a comment, changing it, withdrawing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from consultations import forms, uploads
from consultations.models import Comment, Consultation, represented_organization
from consultations.services import comments
from consultations.views import files_lost, visible_consultation
from portal import permissions
from portal.permissions import require
from portal.uploads import takes_files

commenter_required = require(permissions.may_comment_on_consultations)


@takes_files(uploads.attachments_max_size)
@commenter_required
def comment_create(request, pk):
    consultation = visible_consultation(request, pk)
    version = consultation.latest_version()
    organization = represented_organization(request.user)
    initial = {}
    if request.GET.get("section", "").isdecimal():
        initial["section"] = version.sections.filter(pk=request.GET["section"]).first()
    form = forms.CommentForm(
        request.POST or None,
        request.FILES or None,
        version=version,
        organization=organization,
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                comments.submit_comment(
                    consultation,
                    author=request.user,
                    attachments=form.cleaned_data["attachments"],
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your comment has been received. You can change it until the "
                        "consultation closes."
                    ),
                )
                return redirect(consultation)
        files_lost(request)
    return render(
        request,
        "consultations/comment_form.html",
        {
            "consultation": consultation,
            "form": form,
            "open": consultation.is_open_for_comments(),
        },
    )


def _own_comment(request, pk):
    return get_object_or_404(
        Comment.objects.filter(author=request.user).active().select_related("consultation"),
        pk=pk,
        consultation__in=Consultation.objects.visible_to(request.user),
    )


@takes_files(uploads.attachments_max_size)
@commenter_required
def comment_edit(request, pk):
    comment = _own_comment(request, pk)
    consultation = comment.consultation
    version = consultation.latest_version()
    section = None
    if comment.section_id:  # the same section in the current version of the text
        section = version.sections.filter(key=comment.section.key).first()
    initial = {
        "section": section,
        "body": comment.body,
        "publication": comment.publication,
        "on_behalf": forms.CommentForm.ON_BEHALF
        if comment.organization_id
        else forms.CommentForm.PERSONAL,
    }
    form = forms.CommentForm(
        request.POST or None,
        request.FILES or None,
        version=version,
        organization=represented_organization(request.user),
        comment=comment,
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                comments.edit_comment(
                    comment,
                    acting_user=request.user,
                    add_attachments=form.cleaned_data["attachments"],
                    remove_attachments=form.cleaned_data.get("remove_attachments") or [],
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Your comment has been changed."))
                return redirect(consultation)
        files_lost(request)
    return render(
        request,
        "consultations/comment_form.html",
        {
            "consultation": consultation,
            "form": form,
            "comment": comment,
            "open": consultation.is_open_for_comments(),
        },
    )


@commenter_required
def comment_withdraw(request, pk):
    comment = _own_comment(request, pk)
    if request.method == "POST":
        try:
            comments.withdraw_comment(comment, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your comment has been withdrawn."))
        return redirect(comment.consultation)
    return render(
        request,
        "consultations/comment_withdraw.html",
        {"consultation": comment.consultation, "comment": comment},
    )
