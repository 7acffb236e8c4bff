"""Customs: writing and publishing. Creating a consultation, editing it, its draft text and
sections, publishing revised versions, opening it for comments, recording its adoption."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import forms, uploads
from consultations.models import Consultation
from consultations.services import consultations, texts
from consultations.views import files_lost, url_for, visible_consultation
from portal.permissions import customs_required
from portal.uploads import takes_files


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
        files_lost(request)
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "sections": sections, "text": text, "consultation": None},
    )


@customs_required
def consultation_edit(request, pk):
    consultation = visible_consultation(request, pk)
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
    consultation = visible_consultation(request, pk)
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
        files_lost(request)
    return render(
        request,
        "consultations/text_form.html",
        {"consultation": consultation, "sections": sections, "text": text, "version": version},
    )


@takes_files(uploads.max_size)
@customs_required
def revise(request, pk):
    consultation = visible_consultation(request, pk)
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
                    f"{url_for('consultations:compare', consultation)}?old={version.number}"
                    f"&new={new.number}"
                )
        files_lost(request)
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


@customs_required
def open_consultation(request, pk):
    consultation = visible_consultation(request, pk)
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
def adopt(request, pk):
    consultation = visible_consultation(request, pk)
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
