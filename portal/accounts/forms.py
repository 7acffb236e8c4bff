from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts import tokens
from portal.accounts.models import PersonalAccessToken, User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "time_zone"]


class TokenForm(forms.Form):
    """A new personal access token (portal.accounts.tokens)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, to tell it apart later: e.g. “Indicators feed”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=PersonalAccessToken.Scope.choices,
        initial=PersonalAccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Read only is enough to read; read and write also reports progress."),
    )
    expiry_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=(),
        initial=tokens.DEFAULT_EXPIRY_DAYS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expiry_days"].choices = [
            (days, ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
            for days in tokens.EXPIRY_DAYS
        ]

    def clean_name(self):
        name = self.cleaned_data["name"].replace("\x00", "").strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
