"""Forms of the complaints channel: reporting, following with a receipt code, the reporter's
messages, and the unit's actions on a case."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from actionplans.models import Action
from integrity.models import Complaint
from portal import uploads

MAX_ATTACHMENTS = 5


def files_limit():
    """The most the files of one report or message weigh together."""
    return MAX_ATTACHMENTS * settings.INTEGRITY_MAX_UPLOAD_BYTES


class ServiceErrorsMixin:
    """Show a service's ValidationError on the form, on its field when the form has it."""

    def add_service_error(self, error):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each checked by its content (portal/uploads.py)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Join at most %(count)d file.", "Join at most %(count)d files.", "count"
                )
                % {"count": MAX_ATTACHMENTS}
            )
        errors, cleaned = [], []
        for upload in files:
            try:
                cleaned.append(super().clean(upload, initial))
                uploads.check_upload(upload, limit=settings.INTEGRITY_MAX_UPLOAD_BYTES)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def _attachments_field():
    field = AttachmentsField(label=_("Attachments (optional)"), required=False)
    field.help_text = _("Up to %(count)s files. Accepted: %(types)s; at most %(size)s each.") % {
        "count": MAX_ATTACHMENTS,
        "types": uploads.accepted_types_text(),
        "size": filesizeformat(settings.INTEGRITY_MAX_UPLOAD_BYTES),
    }
    field.widget.attrs["accept"] = uploads.ACCEPT
    return field


class ReportForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What happened?"), choices=Complaint.Category.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(
        label=_("Date of the facts"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=_("Place or office"),
        max_length=200,
        help_text=_("The customs office, border post or place where it happened."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Describe what happened before sending your report.")},
        help_text=_(
            "What happened, who was involved (names or descriptions), and what was asked of you. "
            "Do not write your own name if you wish to stay anonymous."
        ),
    )
    anonymous = forms.TypedChoiceField(
        label=_("Your identity"),
        choices=[
            ("1", _("Stay anonymous: I will follow my report with the receipt code only")),
            (
                "0",
                _(
                    "Give my name to the integrity unit: my report is linked to my account, "
                    "and I am told by e-mail when the unit answers"
                ),
            ),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments_field()
        if not signed_in:
            del self.fields["anonymous"]  # a visitor's report is anonymous

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date of the facts cannot be in the future."))
        return day

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "category": data["category"],
            "occurred_on": data["occurred_on"],
            "place": data["place"],
            "description": data["description"],
            "anonymous": data.get("anonymous", True),
            "files": data["attachments"],
        }


class FollowForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=60,
        help_text=_("The code you were given when you sent your report, e.g. K7QM-2XPA-…"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReporterMessageForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your answer or further information"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"] = _attachments_field()


class StatusForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Complaint.Status.REVIEW, Complaint.Status.REVIEW.label),
            (Complaint.Status.REFERRED, Complaint.Status.REFERRED.label),
        ],
    )


class CloseForm(ServiceErrorsMixin, forms.Form):
    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=[("", "---------"), *Complaint.Finding.choices],
        error_messages={"required": _("Choose the finding that closes the case.")},
    )
    reply = forms.CharField(
        label=_("Message to the reporter (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )


class MessageForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class ActionsForm(ServiceErrorsMixin, forms.Form):
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions of the action plan that answer this case"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = (
            Action.objects.visible_to(user).select_related("plan").order_by("plan", "pk")
        )


class CaseFilterForm(forms.Form):
    """The integrity unit's filters on its list of cases (GET)."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Complaint.Status.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All")), *Complaint.Category.choices],
    )
    late = forms.BooleanField(label=_("Late only"), required=False)
