"""Contestations: a partner organisation disputing the status or progress reported on a public
action, and Customs' answer. The one rule of who may contest (`concerned_organizations`) and
every write (contest, answer, moderate) are here.

Invariants kept here:

- only a representative of an organisation the action concerns contests it, and only a public
  action of an active plan (what the board shows);
- an organisation has at most one open contestation per action (checked under a lock on the
  action; a partial unique constraint backs it up);
- the responsible officer or an editor answers or removes it; removing needs a reason, which
  the board shows instead of the statement;
- the officer's answer closes it ("answered"): an action is "contested" while one of its
  contestations is open, unanswered;
- the responsible officer is told by e-mail when one is filed, the author when it is answered.

How often a person may file one is the rate limit "actionplans_contest" of
ACCOUNT_RATE_LIMITS (portal.ratelimit), counted by the view for each filing it accepts.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import evidence as file_rules
from actionplans.models import Action, Contestation
from meetings.models import Invitation, InvitedOrganization
from portal import permissions
from portal.notifications import queue as notifications
from stakeholders.models import Assessment, Organization, quadrant_condition

FILED_KIND = "actionplans.contestation_filed"
ANSWERED_KIND = "actionplans.contestation_answered"
RATE_LIMIT = "actionplans_contest"


def concerned_organizations(user, action):
    """The organisations `user` represents (an approved membership) that `action` concerns:
    a partner of it; of a stakeholder category or, by their latest assessment, a mapping
    quadrant it targets; or invited to (or present at) the meeting where the commitment it
    carries out was made, or the organisation that commitment names."""
    represented = Organization.objects.represented_by(user)
    if not action.pk:
        return represented.none()
    concerned = Q(pk__in=action.partners.values("pk"))
    if action.target_categories:
        concerned |= Q(category__in=list(action.target_categories))
    for quadrant in action.target_quadrants or []:
        if quadrant in Assessment.Quadrant.values:
            concerned |= quadrant_condition(quadrant)
    commitment = action.commitment if action.commitment_id else None
    if commitment is not None:
        meeting = commitment.meeting_id
        concerned |= Q(
            Exists(InvitedOrganization.objects.filter(meeting=meeting, organization=OuterRef("pk")))
        ) | Q(Exists(Invitation.objects.filter(meeting=meeting, organization=OuterRef("pk"))))
        if commitment.organization_id:
            concerned |= Q(pk=commitment.organization_id)
    return represented.with_latest_assessment().filter(concerned).order_by("name")


def may_handle(user, action):
    """Whether `user` answers or moderates the contestations of `action`: its responsible
    officer, or an editor."""
    if not permissions.is_customs(user):
        return False
    return permissions.is_editor(user) or action.responsible_id == user.pk


def handled_by(user):
    """The contestations `user` may answer or moderate (a queryset)."""
    rows = Contestation.objects.all()
    if permissions.is_editor(user):
        return rows
    if permissions.is_customs(user):
        return rows.filter(action__responsible=user)
    return rows.none()


def open_exists(organization, action):
    return Contestation.objects.open().filter(organization=organization, action=action).exists()


def already_open_message():
    return _(
        "Your organisation already has an open contestation of this action: wait for the "
        "answer before filing another."
    )


def _clean_statement(statement):
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": _("Say why the reported status or progress is wrong.")})
    if len(statement) > Contestation.STATEMENT_MAX:
        raise ValidationError(
            {
                "statement": _("Keep the statement under %(max)s characters.")
                % {"max": Contestation.STATEMENT_MAX}
            }
        )
    return statement


def contest(
    action, *, acting_user, organization, subject, statement, anonymous=False, attachment=None
):
    """File `organization`'s contestation of `action`'s reported `subject` (status or progress)
    with `statement` and an optional `attachment` (checked by content, as evidence is)."""
    statement = _clean_statement(statement)
    if subject not in Contestation.Subject.values:
        raise ValidationError({"subject": _("Choose what you contest.")})
    kind = file_rules.check(attachment) if attachment else None
    with transaction.atomic():
        locked = (
            Action.objects.public()
            .select_for_update(of=("self",))
            .select_related("commitment")
            .filter(pk=action.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied
        if not concerned_organizations(acting_user, locked).filter(pk=organization.pk).exists():
            raise PermissionDenied
        if open_exists(organization, locked):
            raise ValidationError(already_open_message())
        contestation = Contestation(
            action=locked,
            organization=organization,
            author=acting_user,
            anonymous=anonymous,
            subject=subject,
            statement=statement,
        )
        if attachment:
            attachment.seek(0)
            contestation.attachment_name = attachment.name[-200:]
            contestation.attachment_type = kind.content_type
            contestation.attachment_extension = kind.extension
            contestation.attachment = attachment
        contestation._history_user = acting_user
        try:
            with transaction.atomic():
                contestation.save()
        except IntegrityError:  # the constraint: another filing got in first
            raise ValidationError(already_open_message()) from None
        officer = locked.responsible
        if officer.is_active and officer.email:
            notifications.notify(
                FILED_KIND,
                target=contestation,
                email=officer.email,
                recipient=officer,
                key=f"{FILED_KIND}:{contestation.pk}",
            )
    return contestation


def _locked(contestation, acting_user):
    locked = (
        handled_by(acting_user)
        .select_for_update(of=("self",))
        .select_related("action", "author")
        .filter(pk=contestation.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    return locked


def answer(contestation, *, acting_user, text):
    """The responsible officer's (or an editor's) public answer, which closes the
    contestation; its author is told by e-mail."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        locked = _locked(contestation, acting_user)
        if not locked.is_open:
            raise ValidationError(_("This contestation is no longer open."))
        locked.status = Contestation.Status.ANSWERED
        locked.answer = text
        locked.answered_by = acting_user
        locked.answered_at = timezone.now()
        locked._history_user = acting_user
        locked.save()
        author = locked.author
        if author.is_active and author.email:
            notifications.notify(
                ANSWERED_KIND,
                target=locked,
                email=author.email,
                recipient=author,
                key=f"{ANSWERED_KIND}:{locked.pk}",
            )
    return locked


def moderate(contestation, *, acting_user, reason):
    """Remove a contestation for abuse: the board shows the reason instead of its statement,
    attachment and answer; the action is no longer contested by it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for removing it.")})
    with transaction.atomic():
        locked = _locked(contestation, acting_user)
        if locked.is_moderated:
            raise ValidationError(_("This contestation was already removed."))
        locked.status = Contestation.Status.MODERATED
        locked.moderation_reason = reason
        locked.moderated_by = acting_user
        locked.moderated_at = timezone.now()
        locked._history_user = acting_user
        locked.save()
    return locked


def contested_ids(action_ids):
    """Of these actions, the ids of those with an open contestation (one query)."""
    return set(
        Contestation.objects.open()
        .filter(action__in=action_ids)
        .values_list("action_id", flat=True)
        .distinct()
    )
