"""Every write of consultations: plain functions, each in one transaction.

Views, the admin, the demo and tasks call these and nothing else writes the rows. Each function
checks who acts (keyword-only `acting_user`, or `author` for a comment), then the state of the
consultation, then writes and records who did it (the history tables keep every earlier state).

Invariants kept here:
- A consultation opens only with a comment period of at least CONSULTATIONS_MIN_PERIOD_DAYS,
  unless an officer records a justification (kept with who and when, and shown publicly).
- The text put to consultation is frozen once it opens; each revision is a new Version.
- Comments are added, changed and withdrawn only while the consultation is open for comments.
- Every active comment has a decision and a reason before the report can be published; after
  that, decisions no longer change, nor does the text: the report compares the consulted
  version with the one it was published with (`reported_version`), which is the one adopted.
- Each notification goes out once per address (see consultations/notifications.py).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations import notifications, uploads
from consultations.models import (
    Attachment,
    Comment,
    Consultation,
    Section,
    Version,
    min_period,
    new_section_key,
    represented_organization,
)
from portal import permissions

Status = Consultation.Status


@dataclass
class SectionText:
    """One section as an officer typed it; `key` is empty for a new section."""

    number: str
    heading: str
    body: str
    key: str = ""


def _record(instance, user):
    """Make the history row of the next save or delete name `user` (outside requests too)."""
    instance._history_user = user
    return instance


def _require_customs(user):
    if not permissions.is_customs(user):
        raise PermissionDenied


def _lock(consultation):
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _check_period(opens_at, closes_at, justification, now):
    if closes_at <= now:
        raise ValidationError(
            {"closes_at": _("The closing time must be in the future.")}, code="past"
        )
    if closes_at - opens_at < min_period() and not (justification or "").strip():
        days = min_period().days
        raise ValidationError(
            {
                "short_period_justification": ngettext(
                    "The comment period is shorter than the minimum of %(days)d day: "
                    "give the reason for it, which will be shown publicly.",
                    "The comment period is shorter than the minimum of %(days)d days: "
                    "give the reason for it, which will be shown publicly.",
                    days,
                )
                % {"days": days}
            },
            code="short_period",
        )


def _clean_sections(sections):
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


def _write_sections(version, sections, user):
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
            _record(section, user).save()
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
            _record(section, user).save()
        kept.add(section.key)
    for key, section in existing.items():
        if key not in kept:
            _record(section, user).delete()


def _attach_document(version, document, content_type):
    version.document_type = content_type
    version.document_name = uploads.clean_name(document.name)
    version.document_size = document.size
    version.document.save(version.document_name, document, save=False)


# --- Consultations ----------------------------------------------------------------------


@transaction.atomic
def create_consultation(
    *,
    acting_user,
    title,
    summary,
    closes_at,
    responsible_officer,
    sections,
    audience=Consultation.Audience.PUBLIC,
    invited_organizations=(),
    invited_bodies=(),
    entry_into_force=None,
    document=None,
    now=None,
):
    """A new consultation, as a draft, with version 1 of its text."""
    _require_customs(acting_user)
    if not permissions.is_customs(responsible_officer):
        raise ValidationError({"responsible_officer": _("Choose a customs officer.")})
    now = now or timezone.now()
    sections = _clean_sections(sections)
    content_type = uploads.check_upload(document) if document else None
    consultation = Consultation(
        title=title.strip(),
        summary=summary.strip(),
        closes_at=closes_at,
        responsible_officer=responsible_officer,
        audience=audience,
        entry_into_force=entry_into_force,
        created_by=acting_user,
        created_at=now,
    )
    _record(consultation, acting_user).save()
    consultation.invited_organizations.set(invited_organizations)
    consultation.invited_bodies.set(invited_bodies)
    version = Version(consultation=consultation, number=1, published_by=acting_user)
    version.published_at = now
    if document:
        _attach_document(version, document, content_type)
    _record(version, acting_user).save()
    _write_sections(version, sections, acting_user)
    return consultation


EDITABLE_FIELDS = {
    "title",
    "summary",
    "audience",
    "invited_organizations",
    "invited_bodies",
    "closes_at",
    "entry_into_force",
    "responsible_officer",
    "short_period_justification",
}


@transaction.atomic
def update_consultation(consultation, *, acting_user, now=None, **changes):
    """Change a consultation's description, audience or dates.

    The closing time changes only before closing, and never to a shorter period than the
    minimum without a justification. Invitees added while it is open are told, and the closing
    reminders follow the new closing time and invitees.
    """
    _require_customs(acting_user)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    consultation = _lock(consultation)
    now = now or timezone.now()
    if "responsible_officer" in changes and not permissions.is_customs(
        changes["responsible_officer"]
    ):
        raise ValidationError({"responsible_officer": _("Choose a customs officer.")})
    closing_moves = "closes_at" in changes and changes["closes_at"] != consultation.closes_at
    if closing_moves and (
        consultation.status not in (Status.DRAFT, Status.OPEN) or consultation.is_past_closing(now)
    ):
        raise ValidationError(
            {"closes_at": _("The comment period is over: its closing time can no longer change.")}
        )
    invited = changes.pop("invited_organizations", None)
    invited_bodies = changes.pop("invited_bodies", None)
    previous_justification = consultation.short_period_justification
    justification = (
        changes.pop("short_period_justification", previous_justification) or ""
    ).strip()
    if consultation.status == Status.OPEN and (closing_moves or not justification):
        closes_at = changes.get("closes_at", consultation.closes_at)
        if closing_moves or closes_at - consultation.opens_at < min_period():
            _check_period(consultation.opens_at, closes_at, justification, now)
    for field, value in changes.items():
        setattr(consultation, field, value.strip() if isinstance(value, str) else value)
    if justification != previous_justification:
        consultation.short_period_justification = justification
        consultation.justified_by = acting_user if justification else None
        consultation.justified_at = now if justification else None
    _record(consultation, acting_user).save()
    if invited is not None:
        consultation.invited_organizations.set(invited)
    if invited_bodies is not None:
        consultation.invited_bodies.set(invited_bodies)
    if consultation.status == Status.OPEN:
        notifications.notify_opened(consultation)
        notifications.sync_closing_reminders(consultation)
    return consultation


@transaction.atomic
def save_draft_text(consultation, *, acting_user, sections, document=None, remove_document=False):
    """Change the text of a consultation that has not opened yet (version 1, in place)."""
    _require_customs(acting_user)
    consultation = _lock(consultation)
    if consultation.status != Status.DRAFT:
        raise ValidationError(
            _("The text is frozen once the consultation opens: publish a revised version."),
            code="frozen",
        )
    sections = _clean_sections(sections)
    content_type = uploads.check_upload(document) if document else None
    version = consultation.versions.get(number=1)
    if document:
        _attach_document(version, document, content_type)
    elif remove_document:
        version.document = ""
        version.document_name, version.document_type, version.document_size = "", "", None
    _record(version, acting_user).save()
    _write_sections(version, sections, acting_user)
    return version


@transaction.atomic
def open_consultation(consultation, *, acting_user, closes_at=None, justification="", now=None):
    """Open a draft for comments now, until `closes_at` (or the closing time already set)."""
    _require_customs(acting_user)
    consultation = _lock(consultation)
    now = now or timezone.now()
    if consultation.status != Status.DRAFT:
        raise ValidationError(_("This consultation has already been opened."), code="not_draft")
    version = consultation.versions.get(number=1)
    if not version.sections.exists():
        raise ValidationError(_("The text needs at least one section."), code="no_sections")
    closes_at = closes_at or consultation.closes_at
    justification = (justification or "").strip()
    _check_period(now, closes_at, justification, now)
    consultation.status = Status.OPEN
    consultation.opens_at = now
    consultation.closes_at = closes_at
    consultation.consulted_version = version
    if closes_at - now < min_period():
        consultation.short_period_justification = justification
        consultation.justified_by = acting_user
        consultation.justified_at = now
    else:
        consultation.short_period_justification = ""
        consultation.justified_by = None
        consultation.justified_at = None
    _record(consultation, acting_user).save()
    notifications.notify_opened(consultation)
    notifications.sync_closing_reminders(consultation)
    return consultation


@transaction.atomic
def publish_revision(consultation, *, acting_user, sections, note, document=None, now=None):
    """Publish a revised text as the next version; earlier versions stay as they were."""
    _require_customs(acting_user)
    consultation = _lock(consultation)
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
    sections = _clean_sections(sections)
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
        _attach_document(version, document, content_type)
    _record(version, acting_user).save()
    _write_sections(version, sections, acting_user)
    return version


@transaction.atomic
def close_expired(now=None):
    """Mark closed the open consultations whose comment period is over; return how many.

    Pages already treat such consultations as closed; this keeps the stored status true.
    """
    now = now or timezone.now()
    closed = 0
    for consultation in Consultation.objects.select_for_update().filter(
        status=Status.OPEN, closes_at__lte=now
    ):
        consultation.status = Status.CLOSED
        _record(consultation, None).save()
        closed += 1
    return closed


@transaction.atomic
def publish_report(consultation, *, acting_user, summary="", now=None):
    """Publish the consultation's report; every active comment must have been answered."""
    _require_customs(acting_user)
    consultation = _lock(consultation)
    now = now or timezone.now()
    if consultation.report_is_published:
        raise ValidationError(_("The report has already been published."), code="published")
    if not consultation.is_past_closing(now):
        raise ValidationError(
            _("The report can be published only once the comment period is over."),
            code="still_open",
        )
    waiting = consultation.comments.awaiting_decision().count()
    if waiting:
        raise ValidationError(
            ngettext(
                "%(count)d comment still awaits a decision: answer every comment before "
                "publishing the report.",
                "%(count)d comments still await a decision: answer every comment before "
                "publishing the report.",
                waiting,
            )
            % {"count": waiting},
            code="unhandled",
        )
    consultation.status = Status.REPORT_PUBLISHED
    consultation.reported_version = consultation.latest_version()
    consultation.report_summary = (summary or "").strip()
    consultation.report_published_at = now
    consultation.report_published_by = acting_user
    _record(consultation, acting_user).save()
    notifications.sync_closing_reminders(consultation)
    notifications.notify_report(consultation)
    return consultation


@transaction.atomic
def adopt_consultation(consultation, *, acting_user, adopted_on, entry_into_force=None):
    """Record that the text (the version its report compares) was adopted, and when it takes
    effect."""
    _require_customs(acting_user)
    consultation = _lock(consultation)
    if consultation.status != Status.REPORT_PUBLISHED:
        raise ValidationError(
            _("A text is adopted after its consultation report is published."), code="no_report"
        )
    entry_into_force = entry_into_force or consultation.entry_into_force
    if entry_into_force and entry_into_force < adopted_on:
        raise ValidationError(
            {"entry_into_force": _("The entry into force cannot come before the adoption.")}
        )
    consultation.status = Status.ADOPTED
    consultation.adopted_on = adopted_on
    consultation.entry_into_force = entry_into_force
    # No revision follows the report (publish_revision): the text adopted is the one it shows.
    consultation.adopted_version = consultation.reported_version or consultation.latest_version()
    _record(consultation, acting_user).save()
    return consultation


@transaction.atomic
def dialogue_body_members_changed(body):
    """A dialogue body's members changed (meetings.services.save_body calls this).

    Invitation through a body follows its membership as it is now (Consultation.invitees), so
    nothing is stored here; but the open consultations the body is invited to must tell their
    new invitees that they are open, and keep the closing reminders in step (a former member's
    pending reminder is cancelled).
    """
    for consultation in Consultation.objects.filter(
        status=Status.OPEN, invited_bodies=body
    ).order_by("pk"):
        notifications.notify_opened(consultation)
        notifications.sync_closing_reminders(consultation)


# --- Comments ---------------------------------------------------------------------------


def _check_window(consultation, now):
    if consultation.is_open_for_comments(now):
        return
    if consultation.status == Status.DRAFT or (
        consultation.opens_at is not None and now < consultation.opens_at
    ):
        message = _("This consultation is not open for comments yet.")
    else:
        message = _("The comment period is over: comments can no longer be added or changed.")
    raise ValidationError(message, code="closed")


def _check_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment before sending it.")}, code="empty")
    return body.replace("\r\n", "\n")


def _check_publication(publication):
    """The commenter's choice must be one of the three: anything else would be stored with no
    rule to say who may read the comment."""
    if publication not in Comment.Publication.values:
        raise ValidationError(
            {"publication": _("Choose whether your comment may be published.")},
            code="publication",
        )
    return publication


def _check_section(consultation, section):
    if section is None:
        return None
    latest = consultation.latest_version()
    if section.version_id != latest.pk:
        raise ValidationError(
            {"section": _("This section is not in the current version of the text.")}
        )
    return section


def _organization(author, on_behalf):
    if not on_behalf:
        return None
    organization = represented_organization(author)
    if organization is None:
        raise ValidationError(
            {
                "on_behalf": _(
                    "Your account is not tied to a verified organisation: comment in a "
                    "personal capacity."
                )
            }
        )
    return organization


def _add_attachments(comment, files, already=0):
    if already + len(files) > uploads.MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": ngettext(
                    "A comment may have at most %(count)d attachment.",
                    "A comment may have at most %(count)d attachments.",
                    uploads.MAX_ATTACHMENTS,
                )
                % {"count": uploads.MAX_ATTACHMENTS}
            }
        )
    checked = []
    errors = []
    for upload in files:
        try:
            checked.append((upload, uploads.check_upload(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    for upload, content_type in checked:
        attachment = Attachment(
            comment=comment,
            original_name=uploads.clean_name(upload.name),
            content_type=content_type,
            size=upload.size,
            uploaded_at=comment.updated_at,
        )
        attachment.file.save(attachment.original_name, upload, save=False)
        _record(attachment, comment.author).save()


@transaction.atomic
def submit_comment(
    consultation,
    *,
    author,
    body,
    publication,
    section=None,
    on_behalf=False,
    attachments=(),
    now=None,
):
    """A private-sector user's comment on a section (or the whole text) of an open consultation."""
    if not permissions.may_comment_on_consultations(author):
        raise PermissionDenied
    consultation = _lock(consultation)
    now = now or timezone.now()
    if not Consultation.objects.visible_to(author).filter(pk=consultation.pk).exists():
        raise PermissionDenied
    _check_window(consultation, now)
    errors = {}
    try:
        body = _check_body(body)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        publication = _check_publication(publication)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        section = _check_section(consultation, section)
        organization = _organization(author, on_behalf)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    comment = Comment(
        consultation=consultation,
        version=consultation.latest_version(),
        section=section,
        author=author,
        organization=organization,
        body=body,
        publication=publication,
        created_at=now,
        updated_at=now,
    )
    _record(comment, author).save()
    _add_attachments(comment, list(attachments))
    return comment


def _lock_own_comment(comment, acting_user, now):
    """Lock the author's comment and its consultation; return it and the time of the change."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if comment.author_id != acting_user.pk:
        raise PermissionDenied
    if comment.is_withdrawn:
        raise ValidationError(_("This comment has been withdrawn."), code="withdrawn")
    comment.consultation = _lock(comment.consultation)
    now = now or timezone.now()
    _check_window(comment.consultation, now)
    return comment, now


@transaction.atomic
def edit_comment(
    comment,
    *,
    acting_user,
    body,
    publication,
    section=None,
    on_behalf=False,
    add_attachments=(),
    remove_attachments=(),
    now=None,
):
    """The author changes their comment while the consultation is open. A decision already
    recorded answered the earlier text, so it is cleared (the history keeps it)."""
    comment, now = _lock_own_comment(comment, acting_user, now)
    errors = {}
    try:
        body = _check_body(body)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        publication = _check_publication(publication)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    try:
        section = _check_section(comment.consultation, section)
        organization = _organization(acting_user, on_behalf)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    changed = (comment.body, comment.section_id, comment.organization_id) != (
        body,
        section.pk if section else None,
        organization.pk if organization else None,
    )
    comment.body = body
    comment.section = section
    comment.organization = organization
    comment.publication = publication
    comment.updated_at = now
    comment.version = comment.consultation.latest_version()
    if changed and comment.decision:
        comment.decision, comment.reason, comment.decided_by, comment.decided_at = (
            "",
            "",
            None,
            None,
        )
    _record(comment, acting_user).save()
    removed = 0
    for attachment in comment.attachments.filter(pk__in=[a.pk for a in remove_attachments]):
        _record(attachment, acting_user).delete()
        removed += 1
    _add_attachments(comment, list(add_attachments), already=comment.attachments.count())
    return comment


@transaction.atomic
def withdraw_comment(comment, *, acting_user, now=None):
    """The author withdraws their comment while the consultation is open. It is kept (with
    its history) but no longer shown, counted or answered."""
    comment, now = _lock_own_comment(comment, acting_user, now)
    comment.withdrawn_at = now
    comment.updated_at = now
    _record(comment, acting_user).save()
    return comment


@transaction.atomic
def decide_comment(comment, *, acting_user, decision, reason, now=None):
    """An officer's answer to a comment: a decision and its reason, with who and when."""
    _require_customs(acting_user)
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    consultation = _lock(comment.consultation)
    now = now or timezone.now()
    if consultation.report_is_published:
        raise ValidationError(
            _("The report has been published: its decisions can no longer change."),
            code="published",
        )
    if comment.is_withdrawn:
        raise ValidationError(_("This comment has been withdrawn."), code="withdrawn")
    if decision not in Comment.Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    comment.decision = decision
    comment.reason = reason.replace("\r\n", "\n")
    comment.decided_by = acting_user
    comment.decided_at = now
    _record(comment, acting_user).save()
    return comment
