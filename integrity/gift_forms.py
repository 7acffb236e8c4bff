"""The forms of gifts, hospitality and conflicts of interest."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity.models import ConflictOfInterest, GiftReview, GiftVersion
from portal.accounts.models import Unit
from stakeholders import pickers
from stakeholders.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GiftForm(forms.ModelForm):
    """What was offered: the first declaration, or a correction (with its note)."""

    class Meta:
        model = GiftVersion
        fields = [
            "kind",
            "description",
            "organization",
            "offered_by",
            "estimated_value",
            "offered_on",
            "decision",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "offered_on": DateInput(),
            "decision": forms.RadioSelect,
        }
        field_classes = {"organization": pickers.OrganizationChoiceField}

    def __init__(self, *args, correction=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        self.fields["decision"].choices = GiftVersion.Decision.choices
        self.fields["estimated_value"].max_value = 10**12
        self.fields["estimated_value"].help_text = _(
            "In whole CFA francs. An accepted gift above %(threshold)s CFA francs is approved "
            "by a gift supervisor, or its return is ordered."
        ) % {"threshold": settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD}
        if correction:
            self.fields["correction_note"] = forms.CharField(
                label=_("What you correct, and why"),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean_offered_on(self):
        day = self.cleaned_data["offered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not (data.get("offered_by") or "").strip():
            self.add_error(
                "offered_by", _("Say who offered it: an organisation of the registry or a name.")
            )
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=GiftReview.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note to the declarant"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(forms.ModelForm):
    class Meta:
        model = ConflictOfInterest
        fields = ["organization", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"organization": pickers.OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("name")


class RegisterFilterForm(forms.Form):
    """The public register's filters; a value that does not read is left out."""

    unit = forms.ModelChoiceField(
        label=_("Customs unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("All units"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *GiftVersion.Kind.choices],
        required=False,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("All decisions")), *GiftVersion.Decision.choices],
        required=False,
    )
    since = forms.DateField(label=_("Offered from"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Offered until"), required=False, widget=DateInput())

    def filters(self):
        """The filters as queryset lookups, from the values that were valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lookups = {}
        if data.get("unit"):
            lookups["unit"] = data["unit"]
        if data.get("kind"):
            lookups["kind"] = data["kind"]
        if data.get("decision"):
            lookups["decision"] = data["decision"]
        if data.get("since"):
            lookups["offered_on__gte"] = data["since"]
        if data.get("until"):
            lookups["offered_on__lte"] = data["until"]
        return lookups
