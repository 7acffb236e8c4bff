from django import forms
from django.utils.translation import gettext_lazy as _


class AnnouncementForm(forms.Form):
    """What an announcement says; whom it goes to is the stakeholder list's filter form."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    # "message", not "body": the filter form beside it has a "body" (a dialogue body).
    message = forms.CharField(
        label=_("Message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: # headings, - lists, **bold**, [links](https://...)."),
    )


class AnnouncementSearchForm(forms.Form):
    q = forms.CharField(label=_("Subject"), required=False, max_length=200)
