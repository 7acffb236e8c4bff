"""Complaints: reporting and following a report (anyone), "my reports" (a reporter who gave
their name), the integrity unit's cases (integrity_unit_required: 404 to everyone else), and
the public statistics.

Nothing here keeps who sent a request: no address, no browser. A receipt code is shown once,
in the answer to the report itself (never in a URL, an e-mail or a log); following a report
keeps the case's id in the session, nothing more.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrity import statistics
from integrity.forms import complaints as forms
from integrity.models import CaseAttachment, Complaint
from integrity.services import complaints
from portal import uploads
from portal.middleware import not_stored
from portal.pagination import paginate
from portal.permissions import integrity_unit_required, signed_in_required
from portal.ratelimit import rate_limit

FOLLOWED = "integrity_followed"  # the session's key for the case followed by receipt code


def _files_lost(request):
    if request.FILES:
        messages.warning(
            request,
            _("Files cannot be kept when a form has errors: please choose them again."),
        )


# --- Reporting and following ---------------------------------------------------------------


@uploads.takes_files(forms.files_limit)
@rate_limit("integrity_report")
def report(request):
    form = forms.ReportForm(
        request.POST or None, request.FILES or None, signed_in=request.user.is_authenticated
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint, code = complaints.submit_complaint(
                    acting_user=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                # The code is in this answer only: rendered, never redirected to nor stored.
                request.session[FOLLOWED] = complaint.pk
                return not_stored(
                    render(
                        request,
                        "integrity/complaints/receipt.html",
                        {"code": code, "complaint": complaint},
                    )
                )
        _files_lost(request)
    return render(request, "integrity/complaints/report.html", {"form": form})


@rate_limit("integrity_follow")
def follow(request):
    form = forms.FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        complaint = complaints.find_by_code(form.cleaned_data["code"])
        if complaint is not None:
            request.session.cycle_key()
            request.session[FOLLOWED] = complaint.pk
            return redirect("integrity:followed")
        form.add_error(
            "code",
            _(
                "No report has this receipt code. Check it (letters and digits; dashes and "
                "spaces do not matter) and type it again."
            ),
        )
    return not_stored(render(request, "integrity/complaints/follow.html", {"form": form}))


def _reporter_page(request, complaint, form, post_url):
    thread = complaint.messages.filter(internal=False)
    return not_stored(
        render(
            request,
            "integrity/complaints/reporter_case.html",
            {
                "complaint": complaint,
                "thread": thread.prefetch_related("attachments"),
                "changes": complaint.actions.public().select_related("plan"),
                "form": form,
                "post_url": post_url,
                "by_code": post_url == reverse("integrity:followed"),
            },
        )
    )


def _reporter_answer(request, complaint, redirect_to):
    form = forms.ReporterMessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                complaints.add_reporter_message(
                    complaint,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("Thank you: your message has been sent to the unit."))
                return redirect(redirect_to)
        _files_lost(request)
    return _reporter_page(request, complaint, form, redirect_to)


@uploads.takes_files(forms.files_limit)
@rate_limit("integrity_report")
def followed(request):
    """The case whose receipt code this browser typed: status, dates, the unit's replies."""
    pk = request.session.get(FOLLOWED)
    complaint = Complaint.objects.filter(pk=pk).first() if pk else None
    if complaint is None:
        return redirect("integrity:follow")
    return _reporter_answer(request, complaint, reverse("integrity:followed"))


@require_POST
def forget(request):
    """Stop following the case on this browser (a shared or borrowed one): its receipt code
    is needed again to reach it."""
    if request.session.pop(FOLLOWED, None) is not None:
        request.session.cycle_key()
        messages.success(
            request, _("This browser no longer shows your report. Keep your receipt code.")
        )
    return redirect("integrity:follow")


@signed_in_required
def mine(request):
    page = paginate(request, Complaint.objects.reported_by(request.user))
    return render(request, "integrity/complaints/mine.html", {"page": page})


@uploads.takes_files(forms.files_limit)
@signed_in_required
@rate_limit("integrity_report")  # a message with files, as a report: the same ceiling
def my_report(request, pk):
    complaint = get_object_or_404(Complaint.objects.reported_by(request.user), pk=pk)
    return _reporter_answer(request, complaint, reverse("integrity:my_report", args=[pk]))


# --- The integrity unit --------------------------------------------------------------------


@integrity_unit_required
def cases(request):
    rows = Complaint.objects.visible_to(request.user)
    form = forms.CaseFilterForm(request.GET or None)
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    if status := chosen.get("status"):
        rows = rows.filter(status=status)
    if category := chosen.get("category"):
        rows = rows.filter(category=category)
    if chosen.get("late"):
        rows = rows.late()
    return render(
        request,
        "integrity/complaints/cases.html",
        {
            "page": paginate(request, rows),
            "form": form,
            "today": timezone.localdate(),
        },
    )


def _unit_case(request, pk):
    return get_object_or_404(Complaint.objects.visible_to(request.user), pk=pk)


def _case_page(request, complaint, *, read=True, **bound):
    if read:
        complaints.record_read(complaint, acting_user=request.user)
    user = request.user
    context = {
        "complaint": complaint,
        "thread": complaint.messages.select_related("author").prefetch_related("attachments"),
        "attachments": complaint.attachments.filter(message__isnull=True),
        "events": complaint.events.select_related("actor"),
        "reads": complaint.reads.select_related("user")[:100],
        "linked": complaint.actions.select_related("plan"),
        "today": timezone.localdate(),
        "status_form": bound.get("status_form") or forms.StatusForm(),
        "close_form": bound.get("close_form") or forms.CloseForm(),
        "reply_form": bound.get("reply_form") or forms.MessageForm(prefix="reply"),
        "note_form": bound.get("note_form") or forms.MessageForm(prefix="note"),
        "actions_form": bound.get("actions_form")
        or forms.ActionsForm(user=user, initial={"actions": list(complaint.actions.all())}),
    }
    return render(request, "integrity/complaints/case.html", context)


@integrity_unit_required
def case(request, pk):
    return _case_page(request, _unit_case(request, pk))


def _act(request, pk, form_name, form, service, done):
    complaint = _unit_case(request, pk)
    if form is None or form.is_valid():
        try:
            service(complaint, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("integrity:case", pk=pk)
            form.add_service_error(error)
        else:
            messages.success(request, done)
            return redirect("integrity:case", pk=pk)
    # The case shown again with the form's errors: its read was logged when it was opened.
    return _case_page(request, complaint, read=False, **{form_name: form})


@integrity_unit_required
@require_POST
def acknowledge(request, pk):
    return _act(
        request,
        pk,
        None,
        None,
        lambda c, _data: complaints.acknowledge(c, acting_user=request.user),
        _("The case is acknowledged."),
    )


@integrity_unit_required
@require_POST
def change_status(request, pk):
    return _act(
        request,
        pk,
        "status_form",
        forms.StatusForm(request.POST),
        lambda c, data: complaints.change_status(
            c, acting_user=request.user, status=data["status"]
        ),
        _("The case's status has been changed."),
    )


@integrity_unit_required
@require_POST
def close(request, pk):
    return _act(
        request,
        pk,
        "close_form",
        forms.CloseForm(request.POST),
        lambda c, data: complaints.close(
            c, acting_user=request.user, finding=data["finding"], reply=data["reply"]
        ),
        _("The case is closed."),
    )


@integrity_unit_required
@require_POST
def reply(request, pk):
    return _act(
        request,
        pk,
        "reply_form",
        forms.MessageForm(request.POST, prefix="reply"),
        lambda c, data: complaints.reply(c, acting_user=request.user, body=data["body"]),
        _("Your reply has been sent to the reporter."),
    )


@integrity_unit_required
@require_POST
def note(request, pk):
    return _act(
        request,
        pk,
        "note_form",
        forms.MessageForm(request.POST, prefix="note"),
        lambda c, data: complaints.add_note(c, acting_user=request.user, body=data["body"]),
        _("The internal note has been added."),
    )


@integrity_unit_required
@require_POST
def link_actions(request, pk):
    return _act(
        request,
        pk,
        "actions_form",
        forms.ActionsForm(request.POST, user=request.user),
        lambda c, data: complaints.link_actions(
            c, acting_user=request.user, actions=list(data["actions"])
        ),
        _("The linked actions have been saved."),
    )


@integrity_unit_required
def attachment(request, pk):
    attachment = get_object_or_404(
        CaseAttachment.objects.filter(complaint__in=Complaint.objects.visible_to(request.user)),
        pk=pk,
    )
    complaints.record_read(attachment.complaint, acting_user=request.user)
    return uploads.download(attachment.file, attachment.original_name, attachment.content_type)


# --- Public statistics ---------------------------------------------------------------------


def public_statistics(request):
    return render(
        request,
        "integrity/complaints/statistics.html",
        {"quarters": statistics.complaint_statistics(), "minimum": statistics.MINIMUM},
    )
