from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from consultations import uploads
from consultations.models import (
    EDITABLE_FIELDS,
    Comment,
    Consultation,
    Section,
    invited_organizations_q,
)
from consultations.services.texts import SectionText
from meetings.models import DialogueBody
from portal import permissions
from stakeholders import pickers
from stakeholders.models import Organization

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form, on its field when the form has it."""

    def add_service_error(self, error):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class ConsultationForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = EDITABLE_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "invited_bodies": forms.SelectMultiple(attrs={"size": 5}),
            "entry_into_force": DATE_INPUT,
            "short_period_justification": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"invited_organizations": pickers.OrganizationMultipleChoiceField}

    closes_at = forms.DateTimeField(label=_("Closes on"), widget=DATETIME_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_organizations"].queryset = Organization.objects.filter(
            status=Organization.Status.ACTIVE
        ).order_by("name")
        self.fields["invited_bodies"].queryset = DialogueBody.objects.order_by("name")
        self.fields["responsible_officer"].queryset = permissions.customs_officers()
        # The organisations' picker says how to choose several itself (portal.widgets).
        self.fields["invited_bodies"].help_text = " ".join(
            [
                str(self.fields["invited_bodies"].help_text),
                str(_("Hold Ctrl (or Cmd) to choose several.")),
            ]
        )
        self.fields["short_period_justification"].help_text = _(
            "Needed only when the comment period is shorter than %(days)s days; shown publicly."
        ) % {"days": settings.CONSULTATIONS_MIN_PERIOD_DAYS}
        if self.instance.pk is None or self.instance.status == Consultation.Status.DRAFT:
            # A draft records its justification when it opens.
            del self.fields["short_period_justification"]
        elif self.instance.status != Consultation.Status.OPEN:
            del self.fields["closes_at"]

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        invited = cleaned.get("invited_organizations")
        bodies = cleaned.get("invited_bodies")
        if (
            audience == Consultation.Audience.INVITED
            and invited is not None
            and bodies is not None
            and not Organization.objects.filter(
                invited_organizations_q(organizations=invited, bodies=bodies)
            ).exists()
        ):
            # Nobody would be invited: no organisation, and no body with members.
            self.add_error(
                "invited_organizations",
                _("Invite at least one organisation, or make the consultation public."),
            )
        return cleaned


class SectionForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, required=False)
    number = forms.CharField(
        label=_("Number"),
        max_length=30,
        required=False,
        help_text=_("For example 1, 2 bis or Article 3; left empty, the position is used."),
    )
    heading = forms.CharField(label=_("Heading"), max_length=250, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, lists with -."),
    )

    def clean(self):
        data = super().clean()
        # A row without heading or text is left out of the version; one with a number typed
        # in it is not empty, so leaving it out would lose what was typed without a word.
        if data.get("number") and not (data.get("heading") or data.get("body")):
            self.add_error(
                "body",
                _("Give this section a heading or a text, or empty its number to leave it out."),
            )
        return data


class BaseSectionFormSet(forms.BaseFormSet):
    def sections(self):
        result = []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            if not (data.get("body") or data.get("heading")):
                continue
            result.append(
                SectionText(
                    number=data.get("number", ""),
                    heading=data.get("heading", ""),
                    body=data.get("body", ""),
                    key=data.get("key", ""),
                )
            )
        return result


SectionFormSet = forms.formset_factory(
    SectionForm, formset=BaseSectionFormSet, extra=2, can_delete=True, max_num=200
)


def section_initial(version):
    return [
        {"key": s.key, "number": s.number, "heading": s.heading, "body": s.body}
        for s in version.sections.all()
    ]


class UploadField(forms.FileField):
    """A file checked by its content (see consultations/uploads.py)."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and hasattr(data, "size"):
            uploads.check_upload(data)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors = []
        cleaned = []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                uploads.check_upload(upload)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def _upload_help():
    from django.template.defaultfilters import filesizeformat

    return _("Accepted: %(types)s; at most %(size)s each.") % {
        "types": uploads.accepted_types_text(),
        "size": filesizeformat(uploads.max_size()),
    }


class TextForm(ServiceErrorsMixin, forms.Form):
    """The document and (for a revision) the note that go with a text's sections."""

    note = forms.CharField(
        label=_("What changed in this version"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    document = UploadField(label=_("Original document (optional)"), required=False)
    remove_document = forms.BooleanField(label=_("Remove the current document"), required=False)

    def __init__(self, *args, revision=False, has_document=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _upload_help()
        self.fields["document"].widget.attrs["accept"] = uploads.ACCEPT
        if revision:
            self.fields["note"].required = True
            del self.fields["remove_document"]
        else:
            del self.fields["note"]
            if not has_document:
                del self.fields["remove_document"]


class OpenForm(ServiceErrorsMixin, forms.Form):
    closes_at = forms.DateTimeField(label=_("Comments close on"), widget=DATETIME_INPUT)
    short_period_justification = forms.CharField(
        label=_("Justification for a shorter comment period"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["short_period_justification"].help_text = _(
            "Needed only when the comment period is shorter than %(days)s days; shown publicly."
        ) % {"days": settings.CONSULTATIONS_MIN_PERIOD_DAYS}


class CommentForm(ServiceErrorsMixin, forms.Form):
    ON_BEHALF, PERSONAL = "organization", "personal"

    section = forms.ModelChoiceField(
        label=_("What does your comment concern?"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The text as a whole"),
    )
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your comment before sending it.")},
        help_text=_("Say what you propose and why; quote the words you would change."),
    )
    on_behalf = forms.ChoiceField(label=_("You comment"), widget=forms.RadioSelect)
    publication = forms.ChoiceField(
        label=_("May your comment be published?"),
        choices=Comment.Publication.choices,
        widget=forms.RadioSelect,
        initial=Comment.Publication.NAMED,
        help_text=_(
            "Published comments are shown on the consultation's page and in its report. "
            "Anonymous ones never show your name nor your organisation to other partners; "
            "private ones are read by Customs only. Customs answers every comment."
        ),
    )
    attachments = MultipleUploadField(label=_("Attachments (optional)"), required=False)
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove these attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, version, organization=None, comment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = version.sections.all()
        self.fields["section"].label_from_instance = lambda section: section.label
        choices = [(self.PERSONAL, _("in a personal capacity"))]
        if organization is not None:
            choices.insert(
                0,
                (
                    self.ON_BEHALF,
                    _("on behalf of %(organization)s") % {"organization": organization},
                ),
            )
        self.fields["on_behalf"].choices = choices
        self.fields["on_behalf"].initial = choices[0][0]
        self.fields["attachments"].help_text = (
            ngettext_lazy(
                "Up to %(count)d file.", "Up to %(count)d files.", uploads.MAX_ATTACHMENTS
            )
            % {"count": uploads.MAX_ATTACHMENTS}
            + " "
            + _upload_help()
        )
        self.fields["attachments"].widget.attrs["accept"] = uploads.ACCEPT
        if comment is not None and comment.attachments.exists():
            self.fields["remove_attachments"].queryset = comment.attachments.all()
            self.fields["remove_attachments"].label_from_instance = lambda a: a.original_name
        else:
            del self.fields["remove_attachments"]

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "body": data["body"],
            "publication": data["publication"],
            "section": data["section"],
            "on_behalf": data["on_behalf"] == self.ON_BEHALF,
        }


class DecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Comment.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown in the public report with the comment when it is published."),
    )


class ReportForm(ServiceErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("Conclusions (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("What the consultation showed and what Customs will do next. Markdown."),
    )


class AdoptForm(ServiceErrorsMixin, forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE_INPUT)
    entry_into_force = forms.DateField(
        label=_("Entry into force"), widget=DATE_INPUT, required=False
    )


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, include_drafts=False, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = [
            (value, label)
            for value, label in Consultation.Status.choices
            if include_drafts or value != Consultation.Status.DRAFT
        ]
        self.fields["phase"].choices = [("", _("All"))] + statuses


class CommentFilterForm(forms.Form):
    WAITING = "waiting"

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    section = forms.ChoiceField(label=_("Section"), required=False)
    decision = forms.ChoiceField(label=_("Decision"), required=False)

    def __init__(self, *args, sections, officer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            ("", _("All")),
            ("whole", _("The text as a whole")),
            *[(s.key, s.label) for s in sections],
        ]
        if officer:
            self.fields["decision"].choices = [
                ("", _("All")),
                (self.WAITING, _("Awaiting a decision")),
                *Comment.Decision.choices,
            ]
        else:
            del self.fields["decision"]
