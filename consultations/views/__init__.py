"""Pages of consultations: each checks who may act, validates a form and calls one service.

Who may see a consultation (and so reach any of its pages) is decided by
Consultation.objects.visible_to; a consultation someone may not see answers 404.

The pages are grouped by what they serve: lists and reading, for everyone who may see the
consultation (public.py: the list, a consultation, its versions and their comparison, the
comments, the report); the text's document and comments' attachments (downloads.py); partners
commenting (comments.py: comment, change, withdraw); Customs writing and publishing
(officers.py: create, edit, the text and its sections, revisions, opening, adoption); Customs
handling the comments (handling.py: decisions, the published report); who changed what
(history.py). What they share is below."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from consultations.models import Consultation


def visible_consultation(request, pk):
    return get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related("responsible_officer"),
        pk=pk,
    )


def files_lost(request):
    if request.FILES:
        messages.warning(
            request,
            _("Files cannot be kept when a form has errors: please choose them again."),
        )


def url_for(name, consultation):
    from django.urls import reverse

    return reverse(name, args=[consultation.pk])
