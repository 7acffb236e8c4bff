"""Declaring a conflict of interest with an organisation, ending one, and recording who went
ahead despite the warning it raises (integrity/conflicts.py reads them)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity.models import ConflictOfInterest, ConflictOverride
from integrity.services.gifts import Refused
from portal import permissions


def declare_conflict(*, acting_user, organization, description):
    """An officer declares an interest in an organisation (one active declaration per
    organisation: declaring it again returns the one that stands)."""
    if not permissions.is_customs(acting_user):
        raise Refused(_("Only customs officers declare conflicts of interest."))
    if not (description or "").strip():
        raise Refused(_("Describe the interest."))
    with transaction.atomic():
        # The officer's row is the lock: two declarations of theirs never cross.
        get_user_model().objects.select_for_update().filter(pk=acting_user.pk).first()
        existing = ConflictOfInterest.objects.active().filter(
            officer=acting_user, organization=organization
        )
        if existing.exists():
            raise Refused(_("You have already declared a conflict with this organisation."))
        return ConflictOfInterest.objects.create(
            officer=acting_user, organization=organization, description=description
        )


def end_conflict(conflict, *, acting_user):
    """The officer says the interest has ended; the declaration and its overrides stay."""
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
        if conflict.officer_id != acting_user.pk:
            raise Refused(_("Only the officer who declared it may end a conflict."))
        if conflict.ended_at is None:
            conflict.ended_at = timezone.now()
            conflict.save(update_fields=["ended_at"])
    return conflict


def record_overrides(conflicts, *, context, reason, acting_user, target="", meeting=None):
    """Who went ahead despite the warning about `conflicts`, why, and on what."""
    if not (reason or "").strip():
        raise Refused(_("Give the reason to proceed despite the conflict of interest."))
    with transaction.atomic():
        return [
            ConflictOverride.objects.create(
                conflict=conflict,
                context=context,
                target=(target or "")[:300],
                meeting=meeting,
                reason=reason,
                overridden_by=acting_user,
            )
            for conflict in conflicts
        ]
