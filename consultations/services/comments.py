"""Partners' comments on a consultation: submitted, edited and withdrawn by their author.

Invariants kept here:
- Comments are added, changed and withdrawn only while the consultation is open for comments,
  by a private-sector user who may see it; only the author changes or withdraws a comment.
- A comment is on the current version of the text (on one of its sections, or the whole).
- A comment made on behalf of an organisation names the organisation its author represents.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations import uploads
from consultations.models import Attachment, Comment, Consultation, represented_organization
from consultations.services.writing import lock, record
from portal import permissions

Status = Consultation.Status


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


def _check_comment(consultation, author, *, body, publication, section, on_behalf):
    """What a comment says, as it is kept: (body, publication, section, organization).

    The same checks for a new comment and an edited one; every field's error is raised at once.
    """
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
    return body, publication, section, organization


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
        record(attachment, comment.author).save()


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
    consultation = lock(consultation)
    now = now or timezone.now()
    if not Consultation.objects.visible_to(author).filter(pk=consultation.pk).exists():
        raise PermissionDenied
    _check_window(consultation, now)
    body, publication, section, organization = _check_comment(
        consultation,
        author,
        body=body,
        publication=publication,
        section=section,
        on_behalf=on_behalf,
    )
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
    record(comment, author).save()
    _add_attachments(comment, list(attachments))
    return comment


def _lock_own_comment(comment, acting_user, now):
    """Lock the author's comment and its consultation; return it and the time of the change."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if comment.author_id != acting_user.pk:
        raise PermissionDenied
    if comment.is_withdrawn:
        raise ValidationError(_("This comment has been withdrawn."), code="withdrawn")
    comment.consultation = lock(comment.consultation)
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
    body, publication, section, organization = _check_comment(
        comment.consultation,
        acting_user,
        body=body,
        publication=publication,
        section=section,
        on_behalf=on_behalf,
    )
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
    record(comment, acting_user).save()
    for attachment in comment.attachments.filter(pk__in=[a.pk for a in remove_attachments]):
        record(attachment, acting_user).delete()
    _add_attachments(comment, list(add_attachments), already=comment.attachments.count())
    return comment


@transaction.atomic
def withdraw_comment(comment, *, acting_user, now=None):
    """The author withdraws their comment while the consultation is open. It is kept (with
    its history) but no longer shown, counted or answered."""
    comment, now = _lock_own_comment(comment, acting_user, now)
    comment.withdrawn_at = now
    comment.updated_at = now
    record(comment, acting_user).save()
    return comment
