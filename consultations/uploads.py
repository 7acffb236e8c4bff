"""Limits on the files joined to a consultation or a comment; what is accepted is decided by
portal/uploads.py, the portal's one content check."""

from django.conf import settings

from portal.uploads import (  # noqa: F401  (the names the consultations app uses)
    ACCEPT,
    DOCX,
    EXTENSIONS,
    JPEG,
    LABELS,
    ODT,
    PDF,
    PNG,
    XLSX,
    accepted_types_text,
    clean_name,
    sniff,
)
from portal.uploads import check_upload as _check_upload

MAX_ATTACHMENTS = 5


def max_size():
    return settings.CONSULTATIONS_MAX_UPLOAD_BYTES


def attachments_max_size():
    """The most a comment's attachments weigh together."""
    return MAX_ATTACHMENTS * max_size()


def check_upload(uploaded):
    return _check_upload(uploaded, limit=max_size())
