from django import forms
from django.utils.translation import gettext_lazy as _

from portal.webhooks import guard
from portal.webhooks.events import EVENTS
from portal.webhooks.models import Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of the receiving system, reachable from the internet."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=list(EVENTS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The receiving system is told of these, and only these."),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "events"]
        help_texts = {
            "url": _("An https:// address of the receiving system, reachable from the internet."),
        }

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            guard.checked_address(url)
        except guard.Refused as exc:
            raise forms.ValidationError(str(exc), code="refused") from exc
        return url
