"""Check-in at the door: a registration's code marks its holder as attended, or says why not."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import codes
from forums.models import Forum, Registration
from forums.services._common import Status, when
from forums.services.followups import record_change


@dataclass(frozen=True)
class CheckinResult:
    outcome: str  # "checked_in", "unknown", "other_forum", "cancelled", "waiting", "already_used"
    message: str
    registration: Registration | None = None

    @property
    def ok(self):
        return self.outcome == "checked_in"


def check_in(forum, typed_code, *, acting_user, now=None):
    """Mark the holder of `typed_code` as attended, or say clearly why not."""
    now = now or timezone.now()
    code = codes.normalise(typed_code)
    unknown = CheckinResult(
        "unknown",
        _("Unknown code “%(code)s”: check it with the person and type it again.")
        % {"code": (typed_code or "").strip()[:20]},
    )
    if not code:
        return unknown
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("forum", "user", "organization")
            .filter(code=code)
            .first()
        )
        if registration is None:
            return unknown
        name = registration.person_name
        if registration.forum_id != forum.pk:
            return CheckinResult(
                "other_forum",
                _("This code is for another forum: “%(title)s”.") % {"title": registration.forum},
                registration,
            )
        if registration.forum.status == Forum.Status.CANCELLED:
            return CheckinResult("cancelled", _("This forum has been cancelled."), registration)
        if registration.status == Status.CANCELLED:
            return CheckinResult(
                "cancelled",
                _("%(name)s’s registration was cancelled: the person has no seat.")
                % {"name": name},
                registration,
            )
        if registration.status == Status.WAITING:
            return CheckinResult(
                "waiting",
                _("%(name)s is on the waiting list and has no confirmed seat.") % {"name": name},
                registration,
            )
        if registration.status == Status.ATTENDED:
            return CheckinResult(
                "already_used",
                _("Code already used: %(name)s was checked in at %(time)s.")
                % {"name": name, "time": when(registration.checked_in_at)},
                registration,
            )
        registration.status = Status.ATTENDED
        registration.checked_in_at = now
        registration.checked_in_by = acting_user
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
        record_change(registration, Status.CONFIRMED, Status.ATTENDED, actor=acting_user, now=now)
        organization = registration.organization
        organization = f" ({organization.acronym or organization.name})" if organization else ""
        return CheckinResult(
            "checked_in",
            _("Welcome, %(name)s%(organization)s: checked in.")
            % {"name": name, "organization": organization},
            registration,
        )
