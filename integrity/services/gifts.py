"""Declaring gifts, hospitality and invitations, correcting a declaration, reviewing one.

- Declarations are append-only: `declare` makes the declaration and its first version,
  `correct` adds a version (with a note saying why), `review` adds a supervisor's review of
  the latest version. No function here changes or deletes a row.
- A version accepted above settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD needs a review; the
  gift supervisors are told. A correction that stays above it needs a review of its own.
- Each write locks the declaration's row first, then checks, then writes, so two
  corrections (or a correction and a review) never both act on the same "latest" version.
- The version keeps the declarant's unit and position as they were: the public register
  names those, not the person.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity.models import GiftDeclaration, GiftReview, GiftVersion
from portal import permissions
from portal.notifications.queue import notify

REVIEW_NEEDED_KIND = "integrity.gift_review_needed"
DECISION_KIND = "integrity.gift_decision"


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


def needs_review(decision, estimated_value):
    return (
        decision == GiftVersion.Decision.ACCEPTED
        and estimated_value > settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD
    )


def _check_offer(organization, offered_by, estimated_value):
    if organization is None and not (offered_by or "").strip():
        raise Refused(_("Say who offered it: an organisation of the registry or a name."))
    if estimated_value is None or estimated_value < 0:
        raise Refused(_("Give an estimated value in CFA francs (0 or more)."))


def _new_declaration(declarant, year):
    """A declaration with the next reference of `year`; a concurrent declaration that took
    the same number makes this one try the next."""
    for _attempt in range(10):
        last = GiftDeclaration.objects.filter(year=year).aggregate(last=Max("sequence"))["last"]
        sequence = (last or 0) + 1
        try:
            with transaction.atomic():
                return GiftDeclaration.objects.create(
                    declarant=declarant,
                    year=year,
                    sequence=sequence,
                    reference=f"CAD-{year}-{sequence:04d}",
                )
        except IntegrityError:
            continue
    raise Refused(_("Too many declarations at once: try again in a moment."))


def _add_version(declaration, *, number, acting_user, correction_note="", **offer):
    declarant = declaration.declarant
    version = GiftVersion.objects.create(
        declaration=declaration,
        number=number,
        unit_id=declarant.unit_id,
        officer_role=declarant.position,
        correction_note=correction_note,
        needs_review=needs_review(offer["decision"], offer["estimated_value"]),
        recorded_by=acting_user,
        **offer,
    )
    if version.needs_review:
        _notify_supervisors(version)
    return version


def declare(
    *,
    acting_user,
    kind,
    description,
    estimated_value,
    offered_on,
    decision,
    organization=None,
    offered_by="",
):
    """An officer declares what was offered to them; returns the first version."""
    if not permissions.is_customs(acting_user):
        raise Refused(_("Only customs officers declare gifts."))
    _check_offer(organization, offered_by, estimated_value)
    with transaction.atomic():
        declaration = _new_declaration(acting_user, timezone.localdate().year)
        return _add_version(
            declaration,
            number=1,
            acting_user=acting_user,
            kind=kind,
            description=description,
            organization=organization,
            offered_by=offered_by,
            estimated_value=estimated_value,
            offered_on=offered_on,
            decision=decision,
        )


def _lock(declaration):
    return (
        GiftDeclaration.objects.select_for_update()
        .select_related("declarant")
        .get(pk=declaration.pk)
    )


def _latest(declaration):
    return declaration.versions.order_by("-number").first()


def correct(
    declaration,
    *,
    acting_user,
    correction_note,
    kind,
    description,
    estimated_value,
    offered_on,
    decision,
    organization=None,
    offered_by="",
):
    """The declarant corrects their declaration: a new version, the old ones kept."""
    if not (correction_note or "").strip():
        raise Refused(_("Say what the correction is and why."))
    _check_offer(organization, offered_by, estimated_value)
    with transaction.atomic():
        declaration = _lock(declaration)
        if declaration.declarant_id != acting_user.pk:
            raise Refused(_("Only the declarant may correct a declaration."))
        latest = _latest(declaration)
        return _add_version(
            declaration,
            number=latest.number + 1,
            acting_user=acting_user,
            correction_note=correction_note,
            kind=kind,
            description=description,
            organization=organization,
            offered_by=offered_by,
            estimated_value=estimated_value,
            offered_on=offered_on,
            decision=decision,
        )


def review(version, *, decision, note, acting_user):
    """A gift supervisor approves the latest version, or orders the gift returned."""
    if not permissions.is_gift_supervisor(acting_user):
        raise Refused(_("Only gift supervisors review declarations."))
    if decision not in GiftReview.Decision.values:
        raise Refused(_("Choose a decision."))
    if not (note or "").strip():
        raise Refused(_("Write a note for the declarant."))
    with transaction.atomic():
        declaration = _lock(version.declaration)
        if declaration.declarant_id == acting_user.pk:
            raise Refused(_("You may not review your own declaration."))
        latest = _latest(declaration)
        if latest.pk != version.pk:
            raise Refused(_("This version has been corrected since: review the latest one."))
        if not latest.needs_review:
            raise Refused(_("This declaration needs no review."))
        if GiftReview.objects.filter(version=latest).exists():
            raise Refused(_("This version has already been reviewed."))
        result = GiftReview.objects.create(
            version=latest, decision=decision, note=note, reviewer=acting_user
        )
        _notify_declarant(result)
    return result


# --- Who is told --------------------------------------------------------------------------


def _notify_supervisors(version):
    declarant_id = version.declaration.declarant_id
    for user in permissions.gift_supervisors().exclude(pk=declarant_id):
        notify(
            REVIEW_NEEDED_KIND,
            target=version,
            email=user.email,
            recipient=user,
            key=f"{REVIEW_NEEDED_KIND}:{version.pk}:{user.pk}",
        )


def _notify_declarant(gift_review):
    declarant = gift_review.version.declaration.declarant
    notify(
        DECISION_KIND,
        target=gift_review,
        email=declarant.email,
        recipient=declarant,
        key=f"{DECISION_KIND}:{gift_review.pk}",
    )
