"""Customs' handling of the comments: a decision and its reason for each, then the report that
publishes them.

Invariants kept here:
- Every active comment has a decision and a reason before the report can be published, and
  the report is published only once the comment period is over; after that, decisions no
  longer change.
- The report compares the consulted version with the one it is published with
  (`reported_version`), which is the one adopted (see consultations.services.texts).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations import notifications, webhooks
from consultations.models import Comment, Consultation
from consultations.services.writing import lock, record, require_customs


@transaction.atomic
def decide_comment(comment, *, acting_user, decision, reason, now=None):
    """An officer's answer to a comment: a decision and its reason, with who and when."""
    require_customs(acting_user)
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    consultation = lock(comment.consultation)
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
    record(comment, acting_user).save()
    return comment


@transaction.atomic
def publish_report(consultation, *, acting_user, summary="", now=None):
    """Publish the consultation's report; every active comment must have been answered."""
    require_customs(acting_user)
    consultation = lock(consultation)
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
    consultation.status = Consultation.Status.REPORT_PUBLISHED
    consultation.reported_version = consultation.latest_version()
    consultation.report_summary = (summary or "").strip()
    consultation.report_published_at = now
    consultation.report_published_by = acting_user
    record(consultation, acting_user).save()
    notifications.sync_closing_reminders(consultation)
    notifications.notify_report(consultation)
    webhooks.report_published(consultation)
    return consultation
