"""The register of contacts' forms: the public filters, an officer's entry (a contact logged
outside a meeting, or the public fields of a meeting's entry), and withholding one."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity.models import ContactEntry, WithholdingReason
from portal.accounts.models import Unit
from portal.params import CalendarDayField
from portal.widgets import LongSelect, SearchableSelectMultiple
from stakeholders import pickers
from stakeholders.models import Organization

SELECT = {"class": "form-select"}
CONTROL = {"class": "form-control"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs=CONTROL, **kwargs)


class RegisterFilterForm(forms.Form):
    """The public register's filters: every field optional, public values only."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organisations"),
        widget=LongSelect(attrs=SELECT),
    )
    unit = forms.ModelChoiceField(
        label=_("Customs unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("All units"),
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=[("", _("All kinds"))] + ContactEntry.Kind.choices,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    since = CalendarDayField(label=_("From"), required=False, widget=DateInput())
    until = CalendarDayField(label=_("To"), required=False, widget=DateInput())
    q = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**CONTROL, "type": "search"}),
        help_text=_("Words of the subject or of the outcome."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Verified organisations only: the public directory's.
        self.fields["organization"].queryset = (
            Organization.objects.directory().only("name", "acronym").order_by("name")
        )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return data


class EntryForm(forms.Form):
    """An officer's entry. For a contact logged outside a meeting: what, when, who was
    present; for every entry: the unit and role (prefilled from the officer), the public
    subject and outcome. Publishing needs the subject and the outcome; a draft does not."""

    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=[c for c in ContactEntry.Kind.choices if c[0] != ContactEntry.Kind.MEETING],
        widget=forms.Select(attrs=SELECT),
    )
    contact_date = forms.DateField(label=_("Date of the contact"), widget=DateInput())
    organizations = pickers.OrganizationMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organization.objects.none(),
        required=False,
        widget=SearchableSelectMultiple(attrs=SELECT),
        help_text=_("Organisations not yet verified are counted publicly, never named."),
    )
    private_individuals = forms.IntegerField(
        label=_("Private individuals present"),
        min_value=0,
        max_value=500,
        initial=0,
        widget=forms.NumberInput(attrs=CONTROL),
        help_text=_("Persons present in their own name, without an organisation."),
    )
    unit = forms.ModelChoiceField(
        label=_("Customs unit"),
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    officer_role = forms.CharField(
        label=_("Role of the senior officer present"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs=CONTROL),
    )
    subject = forms.CharField(
        label=_("Public subject"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=CONTROL),
    )
    outcome = forms.CharField(
        label=_("Public outcome"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={**CONTROL, "rows": 4}),
        help_text=_(
            "One paragraph, for the public. Nothing confidential: the minutes and "
            "the invitees stay as restricted as they are."
        ),
    )

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        if entry is not None and entry.meeting_id:
            for name in ("kind", "contact_date", "organizations", "private_individuals"):
                del self.fields[name]
        else:
            self.fields["organizations"].queryset = (
                Organization.objects.filter(status=Organization.Status.ACTIVE)
                .only("name", "acronym")
                .order_by("name")
            )

    @property
    def publishing(self):
        return self.data.get("action") == "publish"

    def clean_contact_date(self):
        day = self.cleaned_data["contact_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A contact is logged once it has taken place."))
        if day.year < 2000:
            raise forms.ValidationError(_("Enter a date after 2000."))
        return day

    def clean(self):
        data = super().clean()
        if self.publishing or (self.entry is not None and not self.entry.is_draft):
            for name in ("subject", "outcome"):
                if name in data and not data[name].strip():
                    self.add_error(name, _("Write it before publishing the entry."))
        return data


class WithholdForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Legal reason"),
        queryset=WithholdingReason.objects.filter(active=True),
        empty_label=_("Choose the legal reason"),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Note (for Customs only)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={**CONTROL, "rows": 3}),
    )
