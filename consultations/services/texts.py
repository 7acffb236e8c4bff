"""The text put to consultation: its sections and document, as a draft and then version by
version.

Invariants kept here:
- The text put to consultation is frozen once it opens; each revision is a new Version, and
  earlier versions stay as they were.
- Once the report is published the text no longer changes: the report compares the consulted
  version with the one it was published with (`reported_version`), which is the one adopted.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations import uploads
from consultations.models import Consultation, Section, Version, new_section_key
from consultations.services.writing import lock, record, require_customs

Status = Consultation.Status


@dataclass
class SectionText:
    """One section as an officer typed it; `key` is empty for a new section."""

    number: str
    heading: str
    body: str
    key: str = ""


def clean_sections(sections):
    """The sections that have a heading or a text, checked; refused when none has."""
    texts = [s for s in sections if (s.body or "").strip() or (s.heading or "").strip()]
    if not texts:
        raise ValidationError(_("The text needs at least one section."), code="no_sections")
    for section in texts:
        if not (section.body or "").strip():
            raise ValidationError(
                _("Section %(number)s has no text.") % {"number": section.number or "?"},
                code="empty_section",
            )
    keys = [s.key for s in texts if s.key]
    if len(keys) != len(set(keys)):
        raise ValidationError(_("Two sections cannot be the same section."), code="duplicate")
    return texts


def write_sections(version, sections, user):
    """Make `version`'s sections exactly `sections` (matched on their keys), recording it."""
    existing = {s.key: s for s in version.sections.all()}
    kept = set()
    for position, text in enumerate(sections, start=1):
        number = (text.number or "").strip() or str(position)
        heading = (text.heading or "").strip()
        body = text.body.strip().replace("\r\n", "\n")
        section = existing.get(text.key) if text.key else None
        if section is None:
            section = Section(
                version=version,
                key=text.key or new_section_key(),
                position=position,
                number=number,
                heading=heading,
                body=body,
            )
            record(section, user).save()
        elif (section.position, section.number, section.heading, section.body) != (
            position,
            number,
            heading,
            body,
        ):
            section.position, section.number, section.heading, section.body = (
                position,
                number,
                heading,
                body,
            )
            record(section, user).save()
        kept.add(section.key)
    for key, section in existing.items():
        if key not in kept:
            record(section, user).delete()


def attach_document(version, document, content_type):
    """Keep `document` (already checked: `content_type`) as the version's original document."""
    version.document_type = content_type
    version.document_name = uploads.clean_name(document.name)
    version.document_size = document.size
    version.document.save(version.document_name, document, save=False)


@transaction.atomic
def save_draft_text(consultation, *, acting_user, sections, document=None, remove_document=False):
    """Change the text of a consultation that has not opened yet (version 1, in place)."""
    require_customs(acting_user)
    consultation = lock(consultation)
    if consultation.status != Status.DRAFT:
        raise ValidationError(
            _("The text is frozen once the consultation opens: publish a revised version."),
            code="frozen",
        )
    sections = clean_sections(sections)
    content_type = uploads.check_upload(document) if document else None
    version = consultation.versions.get(number=1)
    if document:
        attach_document(version, document, content_type)
    elif remove_document:
        version.document = ""
        version.document_name, version.document_type, version.document_size = "", "", None
    record(version, acting_user).save()
    write_sections(version, sections, acting_user)
    return version


@transaction.atomic
def publish_revision(consultation, *, acting_user, sections, note, document=None, now=None):
    """Publish a revised text as the next version; earlier versions stay as they were."""
    require_customs(acting_user)
    consultation = lock(consultation)
    now = now or timezone.now()
    if consultation.status == Status.DRAFT:
        raise ValidationError(
            _("Until the consultation opens, change its text directly."), code="draft"
        )
    if consultation.status == Status.ADOPTED:
        raise ValidationError(
            _("The text has been adopted: it can no longer be revised."), code="adopted"
        )
    if consultation.report_is_published:
        # The report shows what changed between the consulted and the adopted text: once it
        # is out, the text it compares is the one adopted, and it stays as published.
        raise ValidationError(
            _(
                "The report has been published: the text it compares with the consulted one "
                "is the one adopted, and can no longer be revised."
            ),
            code="reported",
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say briefly what changed in this version.")})
    sections = clean_sections(sections)
    content_type = uploads.check_upload(document) if document else None
    number = (consultation.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version(
        consultation=consultation,
        number=number,
        note=note.strip(),
        published_by=acting_user,
        published_at=now,
    )
    if document:
        attach_document(version, document, content_type)
    record(version, acting_user).save()
    write_sections(version, sections, acting_user)
    return version
