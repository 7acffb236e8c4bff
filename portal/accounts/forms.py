from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds e-mail and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)

    field_order = ["full_name", "email", "phone", "password1", "password2"]

    def signup(self, request, user):
        # The adapter's save_user already stored everything; nothing more to keep.
        pass


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "time_zone"]
