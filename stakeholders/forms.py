from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from stakeholders.models import (
    CONTACT_FIELDS,
    ORGANIZATION_FIELDS,
    PROFILE_FIELDS,
    Assessment,
    Category,
    Contact,
    Membership,
    Organization,
    normalize_name,
)
from stakeholders.pickers import OrganizationChoiceField


def _formfield(db_field, **kwargs):
    # A website typed without its scheme ("www.ccim.ml") is taken as https.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class OrganizationForm(forms.ModelForm):
    """Officers' form: the whole record, internal notes included."""

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        formfield_callback = _formfield
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 4}),
        }


class ProfileForm(forms.ModelForm):
    """A representative's form: their organisation's public profile."""

    class Meta(OrganizationForm.Meta):
        fields = PROFILE_FIELDS
        help_texts = {
            "name": _(
                "Changing the name or the registry number asks Customs to verify your "
                "organisation again."
            ),
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = CONTACT_FIELDS
        help_texts = {
            "consent": _("Untick to stop this person receiving the portal's mailings."),
        }


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "influence",
            "interest",
            "attitude",
            "current_engagement",
            "desired_engagement",
            "key_concerns",
            "rationale",
        ]
        widgets = {
            "key_concerns": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "influence": _(
                "1 = very little, 5 = decisive: how much it can shape customs "
                "reforms and their acceptance."
            ),
            "interest": _(
                "1 = very little, 5 = very high: how much customs matters affect it "
                "or it cares about them."
            ),
        }


class VerificationForm(forms.Form):
    verified = forms.BooleanField(required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_(
            "The first row holds the column names; one row per organisation, "
            "optionally with one of its contacts."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class OrganizationChoiceForm(forms.Form):
    """Pick an existing organisation or propose a new one (sign-up, and joining later)."""

    organization = OrganizationChoiceField(
        label=_("Your organisation"),
        queryset=Organization.objects.directory(),
        required=False,
        empty_label=_("— Choose your organisation —"),
        help_text=_("Choose it from the directory; if it is not there, propose it below."),
    )
    new_organization_name = forms.CharField(
        label=_("Or propose your organisation: its name"),
        max_length=200,
        required=False,
        help_text=_("Customs verifies proposed organisations before they appear in the directory."),
    )
    new_organization_category = forms.ChoiceField(
        label=_("Its category"),
        choices=[("", "—")] + list(Category.choices),
        required=False,
    )
    position = forms.CharField(
        label=_("Your position in the organisation"),
        max_length=150,
        required=False,
        help_text=_(
            "For example: managing director, transit manager. Whoever approves your request "
            "sees it."
        ),
    )
    contact_consent = forms.BooleanField(
        label=_("Customs may contact me about its dialogue with the private sector."),
        required=False,
    )

    def clean(self):
        data = super().clean()
        chosen = data.get("organization")
        proposed = (data.get("new_organization_name") or "").strip()
        if chosen and proposed:
            self.add_error(
                "new_organization_name",
                _("Either choose your organisation in the list or propose a new one, not both."),
            )
        elif not chosen and not proposed and "organization" not in self.errors:
            self.add_error(
                "organization",
                _("Choose your organisation in the list, or propose it if it is not there."),
            )
        elif proposed:
            if not normalize_name(proposed):
                self.add_error("new_organization_name", _("Write your organisation's name."))
            elif not data.get("new_organization_category"):
                self.add_error(
                    "new_organization_category", _("Say what kind of organisation it is.")
                )
        return data

    def organization_choice(self):
        """The keyword arguments for membership.request_membership."""
        data = self.cleaned_data
        return {
            "organization": data.get("organization"),
            "proposed_name": (data.get("new_organization_name") or "").strip(),
            "proposed_category": data.get("new_organization_category") or "",
            "position": (data.get("position") or "").strip(),
            "consent": bool(data.get("contact_consent")),
        }


class SignupForm(OrganizationChoiceForm):
    """Extra sign-up fields (ACCOUNT_SIGNUP_FORM_CLASS); allauth adds e-mail and password. A
    representative picks their organisation or proposes a new one (which Customs then
    verifies); `request_membership_at_signup` turns the choice into a membership request."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    field_order = [
        "full_name",
        "email",
        "phone",
        "organization",
        "new_organization_name",
        "new_organization_category",
        "position",
        "password1",
        "password2",
        "contact_consent",
    ]

    def signup(self, request, user):
        # The account adapter stored everything, with the membership request, atomically.
        pass


class ReasonForm(forms.Form):
    """Why a request is refused or a member removed: the person is told."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the person by e-mail, in their language as you write it."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
