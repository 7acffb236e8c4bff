"""Files: a version's document and a comment's attachments, as attachments that are not cached."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from consultations import uploads
from consultations.models import Attachment, Version
from consultations.views import visible_consultation


def _file_response(field, name, content_type):
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=uploads.clean_name(name), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def version_document(request, pk, number):
    consultation = visible_consultation(request, pk)
    version = get_object_or_404(Version, consultation=consultation, number=number)
    if not version.document:
        raise Http404
    return _file_response(version.document, version.document_name, version.document_type)


def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("comment"), pk=pk
    )
    return _file_response(
        attachment.file, attachment.name_for(request.user), attachment.content_type
    )
