from django import forms

from portal.accounts.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "time_zone"]
