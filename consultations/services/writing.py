"""The steps every write of consultations shares: that Customs acts, the lock on the
consultation, and who the history rows name."""

from django.core.exceptions import PermissionDenied

from consultations.models import Consultation
from portal import permissions


def record(instance, user):
    """Make the history row of the next save or delete name `user` (outside requests too)."""
    instance._history_user = user
    return instance


def require_customs(user):
    if not permissions.is_customs(user):
        raise PermissionDenied


def lock(consultation):
    """The consultation read again under a row lock, until the end of the transaction."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)
