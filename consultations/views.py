"""Pages of consultations: each checks who may act, validates a form and calls one service.

Who may see a consultation (and so reach any of its pages) is decided by
Consultation.objects.visible_to; a consultation someone may not see answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations import agenda, diff, forms, report, uploads
from consultations.models import (
    Attachment,
    Comment,
    Consultation,
    Section,
    Version,
    represented_organization,
)
from consultations.services import comments, consultations, handling, texts
from portal import permissions
from portal.permissions import customs_required, require, visitors_sign_in_first
from portal.uploads import takes_files

PER_PAGE = 25
commenter_required = require(permissions.may_comment_on_consultations)


def _visible(request, pk):
    return get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("responsible_officer"),
        pk=pk,
    )


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _files_lost(request):
    if request.FILES:
        messages.warning(
            request,
            _("Files cannot be kept when a form has errors: please choose them again."),
        )


# --- Lists and reading ------------------------------------------------------------------


def consultation_list(request):
    officer = permissions.is_customs(request.user)
    form = forms.SearchForm(request.GET or None, include_drafts=officer)
    found = Consultation.objects.visible_to(request.user).annotate(
        comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True))
    )
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            found = found.filter(Q(title__icontains=query) | Q(summary__icontains=query))
        if form.cleaned_data["phase"]:
            found = found.in_phase(form.cleaned_data["phase"])
    page = _page(request, found.order_by("-closes_at", "-pk"))
    return render(
        request,
        "consultations/list.html",
        {"form": form, "page": page, "consultations": page.object_list, "officer": officer},
    )


@visitors_sign_in_first
def consultation_detail(request, pk):
    consultation = _visible(request, pk)
    user = request.user
    version = consultation.latest_version()
    sections = list(version.sections.all()) if version else []
    visible_comments = Comment.objects.visible_to(user).filter(consultation=consultation).active()
    counts = {
        row["section__key"] or "": row["n"]
        for row in visible_comments.values("section__key").annotate(n=Count("pk"))
    }
    for section in sections:
        section.comment_count = counts.get(section.key, 0)
    own = []
    if user.is_authenticated:
        own = list(
            consultation.comments.filter(author=user)
            .active()
            .select_related("section", "organization", "author")
            .prefetch_related("attachments")
        )
    officer = permissions.is_customs(user)
    context = {
        "consultation": consultation,
        "invited_bodies": list(consultation.invited_bodies.order_by("name")),
        "meetings": list(agenda.meetings_discussing(consultation, user)),
        "forum_sessions": list(agenda.sessions_discussing(consultation, user)),
        "version": version,
        "sections": sections,
        "whole_text_count": counts.get("", 0),
        "total_visible": sum(counts.values()),
        "own_comments": own,
        "officer": officer,
        "may_comment": permissions.may_comment_on_consultations(user)
        and consultation.is_open_for_comments(),
        "version_count": consultation.versions.count(),
    }
    if officer:
        context["awaiting"] = consultation.comments.awaiting_decision().count()
        context["invited_organizations"] = list(consultation.invited_organizations.order_by("name"))
        context["invitee_count"] = consultation.invitees().count()
    return render(request, "consultations/detail.html", context)


def version_detail(request, pk, number):
    consultation = _visible(request, pk)
    version = get_object_or_404(consultation.versions.select_related("published_by"), number=number)
    return render(
        request,
        "consultations/version.html",
        {
            "consultation": consultation,
            "version": version,
            "sections": version.sections.all(),
            "versions": consultation.versions.select_related("published_by"),
        },
    )


def compare(request, pk):
    consultation = _visible(request, pk)
    versions = list(consultation.versions.select_related("published_by"))
    numbers = [v.number for v in versions]
    if len(numbers) < 2:
        initial = {"old": numbers[0], "new": numbers[0]} if numbers else {}
    else:
        initial = {"old": numbers[-2], "new": numbers[-1]}
    form = forms.CompareForm(request.GET or initial, numbers=numbers)
    diffs = None
    old = new = None
    if form.is_valid():
        by_number = {v.number: v for v in versions}
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        diffs = diff.compare_sections(list(old.sections.all()), list(new.sections.all()))
    return render(
        request,
        "consultations/compare.html",
        {
            "consultation": consultation,
            "versions": versions,
            "form": form,
            "old": old,
            "new": new,
            "diffs": diffs,
            "changes": diff.summary(diffs) if diffs is not None else None,
        },
    )


def comment_list(request, pk):
    consultation = _visible(request, pk)
    user = request.user
    officer = permissions.is_customs(user)
    version = consultation.latest_version()
    sections = list(version.sections.all()) if version else []
    form = forms.CommentFilterForm(request.GET or None, sections=sections, officer=officer)
    shown = (
        Comment.objects.visible_to(user)
        .filter(consultation=consultation)
        .active()
        .select_related("section", "author", "organization", "decided_by")
        .prefetch_related("attachments")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            query = data["q"].strip()
            match = Q(body__icontains=query) | Q(reason__icontains=query)
            if officer:
                match |= (
                    Q(author__full_name__icontains=query)
                    | Q(organization__name__icontains=query)
                    | Q(organization__acronym__icontains=query)
                )
            shown = shown.filter(match)
        if data["section"] == "whole":
            shown = shown.filter(section__isnull=True)
        elif data["section"]:
            shown = shown.filter(section__key=data["section"])
        if officer and data.get("decision") == form.WAITING:
            shown = shown.filter(decision="")
        elif officer and data.get("decision"):
            shown = shown.filter(decision=data["decision"])
    page = _page(request, shown.order_by("created_at", "pk"))
    context = {
        "consultation": consultation,
        "form": form,
        "page": page,
        "comments": page.object_list,
        "officer": officer,
        "may_decide": officer and not consultation.report_is_published,
    }
    if officer:
        context["awaiting"] = consultation.comments.awaiting_decision().count()
    return render(request, "consultations/comments.html", context)


def report_page(request, pk):
    consultation = _visible(request, pk)
    officer = permissions.is_customs(request.user)
    if not (consultation.report_is_published or officer):
        raise Http404
    built = report.build_report(consultation)
    return render(
        request,
        "consultations/report.html",
        {"consultation": consultation, "report": built, "officer": officer},
    )


def report_pdf(request, pk):
    consultation = _visible(request, pk)
    if not (consultation.report_is_published or permissions.is_customs(request.user)):
        raise Http404
    language = request.GET.get("lang", translation.get_language())
    if language not in ("fr", "en"):
        language = "fr"
    data = report.report_pdf(consultation, language)
    response = HttpResponse(data, content_type="application/pdf")
    name = "rapport" if language == "fr" else "report"
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-{name}-{language}.pdf"'
    )
    return response


def _file_response(field, name, content_type):
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=uploads.clean_name(name), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def version_document(request, pk, number):
    consultation = _visible(request, pk)
    version = get_object_or_404(Version, consultation=consultation, number=number)
    if not version.document:
        raise Http404
    return _file_response(version.document, version.document_name, version.document_type)


def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("comment"), pk=pk
    )
    return _file_response(
        attachment.file, attachment.name_for(request.user), attachment.content_type
    )


# --- Customs: writing and publishing ----------------------------------------------------


def _section_formset(request, initial=None):
    return forms.SectionFormSet(request.POST or None, initial=initial, prefix="sections")


@takes_files(uploads.max_size)
@customs_required
def consultation_create(request):
    form = forms.ConsultationForm(
        request.POST or None, initial={"responsible_officer": request.user}
    )
    sections = _section_formset(request)
    text = forms.TextForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid() and sections.is_valid() and text.is_valid():
            data = form.cleaned_data
            try:
                consultation = consultations.create_consultation(
                    acting_user=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    closes_at=data["closes_at"],
                    responsible_officer=data["responsible_officer"],
                    audience=data["audience"],
                    invited_organizations=data["invited_organizations"],
                    invited_bodies=data["invited_bodies"],
                    entry_into_force=data["entry_into_force"],
                    sections=sections.sections(),
                    document=text.cleaned_data["document"],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The draft consultation has been created."))
                return redirect(consultation)
        _files_lost(request)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "sections": sections, "text": text, "consultation": None},
    )


@customs_required
def consultation_edit(request, pk):
    consultation = _visible(request, pk)
    form = forms.ConsultationForm(request.POST or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        consultation.refresh_from_db()  # the form wrote its values on the instance
        try:
            consultations.update_consultation(consultation, acting_user=request.user, **changes)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The consultation has been saved."))
            return redirect(consultation)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": consultation},
    )


@takes_files(uploads.max_size)
@customs_required
def text_edit(request, pk):
    consultation = _visible(request, pk)
    if consultation.status != Consultation.Status.DRAFT:
        messages.info(
            request, _("The text is frozen once the consultation opens: publish a revised version.")
        )
        return redirect("consultations:revise", pk=consultation.pk)
    version = consultation.versions.get(number=1)
    sections = _section_formset(request, initial=forms.section_initial(version))
    text = forms.TextForm(
        request.POST or None, request.FILES or None, has_document=bool(version.document)
    )
    if request.method == "POST":
        if sections.is_valid() and text.is_valid():
            try:
                texts.save_draft_text(
                    consultation,
                    acting_user=request.user,
                    sections=sections.sections(),
                    document=text.cleaned_data["document"],
                    remove_document=text.cleaned_data.get("remove_document", False),
                )
            except ValidationError as error:
                text.add_service_error(error)
            else:
                messages.success(request, _("The text has been saved."))
                return redirect(consultation)
        _files_lost(request)
    return render(
        request,
        "consultations/text_form.html",
        {"consultation": consultation, "sections": sections, "text": text, "version": version},
    )


@takes_files(uploads.max_size)
@customs_required
def revise(request, pk):
    consultation = _visible(request, pk)
    if consultation.status == Consultation.Status.DRAFT:
        return redirect("consultations:text", pk=consultation.pk)
    if consultation.report_is_published:
        messages.info(
            request,
            _(
                "The report has been published: the text it compares with the consulted one "
                "is the one adopted, and can no longer be revised."
            ),
        )
        return redirect(consultation)
    version = consultation.latest_version()
    sections = _section_formset(request, initial=forms.section_initial(version))
    text = forms.TextForm(request.POST or None, request.FILES or None, revision=True)
    if request.method == "POST":
        if sections.is_valid() and text.is_valid():
            try:
                new = texts.publish_revision(
                    consultation,
                    acting_user=request.user,
                    sections=sections.sections(),
                    note=text.cleaned_data["note"],
                    document=text.cleaned_data["document"],
                )
            except ValidationError as error:
                text.add_service_error(error)
            else:
                messages.success(
                    request, _("Version %(number)s has been published.") % {"number": new.number}
                )
                return redirect(
                    f"{_url('consultations:compare', consultation)}?old={version.number}"
                    f"&new={new.number}"
                )
        _files_lost(request)
    return render(
        request,
        "consultations/text_form.html",
        {
            "consultation": consultation,
            "sections": sections,
            "text": text,
            "version": version,
            "revision": True,
        },
    )


def _url(name, consultation):
    from django.urls import reverse

    return reverse(name, args=[consultation.pk])


@customs_required
def open_consultation(request, pk):
    consultation = _visible(request, pk)
    if consultation.status != Consultation.Status.DRAFT:
        messages.info(request, _("This consultation has already been opened."))
        return redirect(consultation)
    form = forms.OpenForm(request.POST or None, initial={"closes_at": consultation.closes_at})
    if request.method == "POST" and form.is_valid():
        try:
            consultations.open_consultation(
                consultation,
                acting_user=request.user,
                closes_at=form.cleaned_data["closes_at"],
                justification=form.cleaned_data["short_period_justification"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The consultation is open for comments."))
            return redirect(consultation)
    return render(
        request,
        "consultations/open.html",
        {"consultation": consultation, "form": form, "now": timezone.now()},
    )


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
                _url("consultations:comments", comment.consultation) + "?decision=waiting"
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
    consultation = _visible(request, pk)
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


@customs_required
def adopt(request, pk):
    consultation = _visible(request, pk)
    form = forms.AdoptForm(
        request.POST or None,
        initial={
            "adopted_on": timezone.localdate(),
            "entry_into_force": consultation.entry_into_force,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultations.adopt_consultation(
                consultation,
                acting_user=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                entry_into_force=form.cleaned_data["entry_into_force"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The adoption has been recorded."))
            return redirect(consultation)
    return render(request, "consultations/adopt.html", {"consultation": consultation, "form": form})


@customs_required
def history(request, pk):
    """Who changed what and when: the consultation, its text, and the decisions."""
    consultation = _visible(request, pk)
    events = []
    for record in consultation.history.select_related("history_user"):
        events.append(
            (record.history_date, record.history_user, _("Consultation"), _change_label(record))
        )
    sections = Section.history.filter(version__consultation=consultation).select_related(
        "history_user"
    )
    versions = {v.pk: v.number for v in consultation.versions.all()}
    for record in sections:
        what = _("Section %(number)s (version %(version)s)") % {
            "number": record.number,
            "version": versions.get(record.version_id, "?"),
        }
        events.append((record.history_date, record.history_user, what, _change_label(record)))
    comment_records = Comment.history.filter(consultation=consultation).select_related(
        "history_user"
    )
    for record in comment_records:
        events.append(
            (
                record.history_date,
                record.history_user,
                _("Comment #%(id)s") % {"id": record.id},
                _comment_change_label(record),
            )
        )
    events.sort(key=lambda event: event[0], reverse=True)
    page = _page(request, events)
    return render(
        request,
        "consultations/history.html",
        {"consultation": consultation, "page": page, "events": page.object_list},
    )


def _change_label(record):
    return {"+": _("creation"), "~": _("modification"), "-": _("deletion")}[record.history_type]


def _comment_change_label(record):
    if record.history_type == "+":
        return _("submission")
    if record.withdrawn_at:
        return _("withdrawal")
    if record.decision:
        return _("decision: %(decision)s") % {"decision": record.get_decision_display()}
    return _("modification")


# --- Partners: commenting ---------------------------------------------------------------


@takes_files(uploads.attachments_max_size)
@commenter_required
def comment_create(request, pk):
    consultation = _visible(request, pk)
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
        _files_lost(request)
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
        _files_lost(request)
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
