"""The registry's filter by dialogue body, which meetings add to every organisation list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import DialogueBody
from stakeholders.filters import ExtraFilter


def _body_field():
    return forms.ModelChoiceField(
        label=_("Dialogue body"),
        required=False,
        queryset=DialogueBody.objects.all(),
        empty_label=_("Any"),
    )


BODY_FILTER = ExtraFilter(
    name="body",
    field=_body_field,
    apply=lambda organizations, body: organizations.filter(dialogue_bodies=body),
    after="quadrant",
)
