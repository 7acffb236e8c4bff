"""A consultation through its stages: created as a draft, described and dated, opened for
comments, closed when its comment period is over, and its text adopted.

Invariants kept here:
- A consultation opens only with a comment period of at least CONSULTATIONS_MIN_PERIOD_DAYS,
  unless an officer records a justification (kept with who and when, and shown publicly).
- Its closing time changes only before it closes, and never to a shorter period than the
  minimum without a justification.
- A text is adopted only after its report is published, and the version adopted is the one
  the report compares (see consultations.services.texts).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from consultations import uploads, webhooks
from consultations.models import EDITABLE_FIELDS, Consultation, Version, min_period
from consultations.services import audiences, texts
from consultations.services.writing import lock, record, require_customs
from portal import permissions

Status = Consultation.Status


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
    require_customs(acting_user)
    if not permissions.is_customs(responsible_officer):
        raise ValidationError({"responsible_officer": _("Choose a customs officer.")})
    now = now or timezone.now()
    sections = texts.clean_sections(sections)
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
    record(consultation, acting_user).save()
    consultation.invited_organizations.set(invited_organizations)
    consultation.invited_bodies.set(invited_bodies)
    version = Version(consultation=consultation, number=1, published_by=acting_user)
    version.published_at = now
    if document:
        texts.attach_document(version, document, content_type)
    record(version, acting_user).save()
    texts.write_sections(version, sections, acting_user)
    return consultation


@transaction.atomic
def update_consultation(consultation, *, acting_user, now=None, **changes):
    """Change a consultation's description, audience or dates (the EDITABLE_FIELDS).

    The closing time changes only before closing, and never to a shorter period than the
    minimum without a justification. Invitees added while it is open are told, and the closing
    reminders follow the new closing time and invitees.
    """
    require_customs(acting_user)
    unknown = set(changes).difference(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    consultation = lock(consultation)
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
    record(consultation, acting_user).save()
    if invited is not None:
        consultation.invited_organizations.set(invited)
    if invited_bodies is not None:
        consultation.invited_bodies.set(invited_bodies)
    if consultation.status == Status.OPEN:
        audiences.tell_invitees(consultation)
    return consultation


@transaction.atomic
def open_consultation(consultation, *, acting_user, closes_at=None, justification="", now=None):
    """Open a draft for comments now, until `closes_at` (or the closing time already set)."""
    require_customs(acting_user)
    consultation = lock(consultation)
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
    record(consultation, acting_user).save()
    audiences.tell_invitees(consultation)
    webhooks.opened(consultation)
    return consultation


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
        record(consultation, None).save()
        closed += 1
    return closed


@transaction.atomic
def adopt_consultation(consultation, *, acting_user, adopted_on, entry_into_force=None):
    """Record that the text (the version its report compares) was adopted, and when it takes
    effect."""
    require_customs(acting_user)
    consultation = lock(consultation)
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
    # No revision follows the report (texts.publish_revision): the text adopted is the one it
    # shows.
    consultation.adopted_version = consultation.reported_version or consultation.latest_version()
    record(consultation, acting_user).save()
    return consultation
