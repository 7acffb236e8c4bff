"""Which uploaded files the portal accepts, judged by their content: the one rule for every app
(consultation documents and comment attachments, evidence of progress on an action, ...),
and how large a request to a page that takes files may be.

A file's name and the type its browser claims say nothing about what it holds, so the first
bytes decide: PDF, PNG and JPEG by their signatures; Word, Excel and OpenDocument files are ZIP
archives told apart by the content type they declare inside ([Content_Types].xml, or the
`mimetype` entry of an OpenDocument file). Anything else is refused.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", ODT: ".odt"}
LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "Word", XLSX: "Excel", ODT: "OpenDocument"}
# The `accept` hint for file inputs; the server still checks every file's content.
ACCEPT = ",".join([*EXTENSIONS.values(), ".jpeg", *EXTENSIONS])

# The main part each Office format declares in [Content_Types].xml (macro-enabled variants,
# .docm and .xlsm, declare other types and are refused).
_OFFICE_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_MAX_MANIFEST = 1024 * 1024  # a [Content_Types].xml is a few kilobytes


def sniff(fileobj):
    """The content type of the file's content, or None when it is not an accepted kind."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            return _sniff_zip(fileobj)
        finally:
            fileobj.seek(0)
    return None


def _sniff_zip(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read(info).strip() == ODT.encode():
                    return ODT
                return None
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_MANIFEST:
                return None
            manifest = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return None
    for content_type, main_part in _OFFICE_MAIN_PARTS.items():
        if main_part in manifest:
            return content_type
    return None


# What a ZIP archive (XLSX, DOCX, ODT) that the portal opens may expand to. A registry of 5,000
# rows and 20 columns of text is some 7 MB of XML, its parts compressed 4 to 15 times; a "zip
# bomb" of 279 KB expanded to hundreds of megabytes and held a worker for a minute.
ARCHIVE_MAX_EXPANDED = 40 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100  # for a part of more than a megabyte (small parts compress better)
ARCHIVE_MAX_PARTS = 1000


def check_archive(content, *, max_expanded=ARCHIVE_MAX_EXPANDED, max_ratio=ARCHIVE_MAX_RATIO):
    """Refuse (ValidationError) a ZIP archive that would expand far beyond its size, judged by
    what its directory declares, before anything in it is decompressed.

    The declared sizes are a bound to trust: Python's zipfile never returns more of a part
    than its declared size (and openpyxl reads through it). So a part that declares 8 GB is
    refused for that alone, and one that declares little cannot hold more.
    """
    refused = ValidationError(
        _(
            "This file holds far more data than its size shows (once uncompressed, more than "
            "%(limit)s, or parts that expand more than %(ratio)s times): it is refused. Save "
            "it again from your spreadsheet program, or export it as CSV."
        ),
        code="archive_too_large",
        params={"limit": filesizeformat(max_expanded), "ratio": max_ratio},
    )
    fileobj = io.BytesIO(content)
    try:
        # The number of parts, from the end of the archive, before zipfile reads an entry for
        # each one (a few bytes each: millions fit in a few megabytes).
        end = zipfile._EndRecData(fileobj)
        if end is None or end[zipfile._ECD_ENTRIES_TOTAL] > ARCHIVE_MAX_PARTS:
            raise refused
        with zipfile.ZipFile(fileobj) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return  # not a readable archive: the reader says so in its own words
    if len(parts) > ARCHIVE_MAX_PARTS or sum(p.file_size for p in parts) > max_expanded:
        raise refused
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > max_ratio * max(part.compress_size, 1):
            raise refused


def accepted_types_text():
    return _("PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG or JPEG")


def check_upload(uploaded, *, limit):
    """Return the content type found in `uploaded`, or raise a ValidationError that names the
    file and says what is accepted (or that it is larger than `limit` bytes)."""
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s): files may be at most %(limit)s."),
            code="too_large",
            params={
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
        )
    content_type = sniff(uploaded) if uploaded.size else None
    if content_type is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a file type the portal accepts (its content was checked, "
                "not its name). Accepted: %(types)s."
            ),
            code="bad_type",
            params={"name": uploaded.name, "types": accepted_types_text()},
        )
    return content_type


def clean_name(name):
    """A file name safe to send back in a Content-Disposition header."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return base[:150] or "document"


def download(field, name, content_type):
    """A stored upload sent back as an attachment no cache keeps, under a safe name and its
    checked type (never sniffed by the browser); 404 when the file is gone from its storage.

    Read through the Storage API (the disk, or the bucket: portal.storage) and streamed by
    this process, after the caller's permission check, rather than answered with a redirect
    to a signed URL of the bucket: the check and these headers stay the portal's, and no
    link that works for whoever it is forwarded to ever leaves the portal."""
    from portal.middleware import not_stored  # (the middleware imports this module)

    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=clean_name(name), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return not_stored(response)


# --- How large a request may be -----------------------------------------------------------
#
# A request larger than its page takes is answered 413 before anything reads its body
# (portal.middleware.RequestSizeLimitMiddleware). A page of text forms takes MAX_REQUEST_BYTES
# (the setting, also Django's DATA_UPLOAD_MAX_MEMORY_SIZE); a view whose form takes files says
# how many bytes of files it takes with @takes_files, and gets that much on top.


# The largest body the proxy lets through (nginx's client_max_body_size in
# deploy/nginx/portal-locations.conf, 53m: a little over the portal's largest page). A request
# refused with 413 that is no larger has its body read and thrown away after the answer, so
# that the proxy gets the 413 rather than a reset connection; a larger one is never read.
DRAIN_LIMIT = 53 * 1024 * 1024


def text_limit():
    """The largest request a page of text forms takes, and the room for a form's text on a
    page that takes files."""
    return settings.MAX_REQUEST_BYTES


def takes_files(files_limit):
    """Mark a view whose form takes files: `files_limit()` (called per request, so that the
    settings behind it apply) is how many bytes of files its form accepts at most."""

    def decorate(view):
        view.files_limit = files_limit
        return view

    return decorate


def body_limit(path, urlconf=None):
    """The largest request body the page at `path` takes."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return text_limit()
    files_limit = getattr(view, "files_limit", None)
    return text_limit() + (files_limit() if files_limit else 0)
