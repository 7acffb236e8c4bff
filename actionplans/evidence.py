"""Evidence files: limited in size and number, and accepted by what they contain.

The name and the browser's declared type of an upload are not trusted: the first bytes decide
(PDF, PNG, JPEG), and for the zip-based office formats the archive's own table of contents
(DOCX, XLSX, ODT). The stored file gets a random name with the extension of what it really is.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal import uploads


def max_bytes():
    """The largest evidence file, read when asked so that a changed setting applies."""
    return settings.ACTIONPLANS_EVIDENCE_MAX_BYTES


def max_files():
    """How many evidence files one progress update takes."""
    return settings.ACTIONPLANS_EVIDENCE_MAX_FILES


@dataclass(frozen=True)
class Kind:
    name: str
    content_type: str
    extension: str


PDF = Kind("PDF", "application/pdf", ".pdf")
PNG = Kind("PNG", "image/png", ".png")
JPEG = Kind("JPEG", "image/jpeg", ".jpg")
DOCX = Kind(
    "DOCX",
    uploads.DOCX,
    ".docx",
)
XLSX = Kind(
    "XLSX",
    uploads.XLSX,
    ".xlsx",
)
ODT = Kind("ODT", uploads.ODT, ".odt")

ACCEPTED = [PDF, PNG, JPEG, DOCX, XLSX, ODT]
ACCEPT_ATTRIBUTE = ",".join(kind.extension for kind in ACCEPTED) + ",.jpeg"


_BY_CONTENT_TYPE = {kind.content_type: kind for kind in ACCEPTED}


def detect(upload):
    """The Kind of an uploaded file judged by its content (portal/uploads.py, the portal's one
    content check), or None when it is not accepted."""
    return _BY_CONTENT_TYPE.get(uploads.sniff(upload))


def check(upload):
    """Validate one upload; return its Kind or raise ValidationError saying what is wrong."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s per file."),
            code="too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": upload.name})
    kind = detect(upload)
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” is not an accepted kind of file. Attach PDF, PNG, JPEG, Word (DOCX), "
                "Excel (XLSX) or OpenDocument text (ODT) files."
            ),
            code="bad_type",
            params={"name": upload.name},
        )
    return kind
