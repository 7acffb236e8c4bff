from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from stakeholders.forms import OrganizationChoiceForm


class SignupForm(OrganizationChoiceForm):
    """Extra sign-up fields; allauth adds e-mail and password. A representative picks their
    organisation or proposes a new one (which Customs then verifies)."""

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
        # The adapter's save_user already stored everything; nothing more to keep.
        pass


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "time_zone"]
