"""Files: a version's document and a comment's attachments, as attachments that are not cached."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from consultations.models import Attachment, Version
from consultations.views import visible_consultation
from portal import uploads


def version_document(request, pk, number):
    consultation = visible_consultation(request, pk)
    version = get_object_or_404(Version, consultation=consultation, number=number)
    if not version.document:
        raise Http404
    return uploads.download(version.document, version.document_name, version.document_type)


def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("comment"), pk=pk
    )
    return uploads.download(
        attachment.file, attachment.name_for(request.user), attachment.content_type
    )
