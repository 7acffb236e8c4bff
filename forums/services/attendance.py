"""Check-in at the door: a registration's code (or its holder found by name) marks the person
as attended, or says why not; a mistaken check-in is undone.

The door is open in a window around the forum's days (`window`: CHECKIN_OPENS_HOURS_BEFORE
its start to CHECKIN_CLOSES_HOURS_AFTER its end); outside it every check-in and every undo is
refused with the day and time it opens or closed. Each check-in and each undo is a line of
the registration's log (RegistrationEvent: who, when, confirmed → attended or back), so the
record of a check-in is kept when it is undone.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forums import codes
from forums.models import Forum, Registration
from forums.services._common import Status, when
from forums.services.followups import log_change, record_change, sync_reminders
from portal import permissions


@dataclass(frozen=True)
class CheckinResult:
    # "checked_in", "undone", "unknown", "other_forum", "cancelled", "waiting", "already_used",
    # "not_checked_in", "not_open_yet", "closed"
    outcome: str
    message: str
    registration: Registration | None = None

    @property
    def ok(self):
        return self.outcome in ("checked_in", "undone")

    @property
    def level(self):
        """How the door's page shows it: success, info, warning or danger."""
        if self.outcome == "checked_in":
            return "success"
        if self.outcome == "undone":
            return "info"
        if self.outcome in ("already_used", "waiting", "not_checked_in", "not_open_yet", "closed"):
            return "warning"
        return "danger"


@dataclass(frozen=True)
class Window:
    """When a forum's door is open: from `opens` to `closes`."""

    opens: object
    closes: object

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens:
            return "not_open_yet"
        if now > self.closes:
            return "closed"
        return "open"


def window(forum):
    """The forum's check-in window, the one rule for every check-in and undo."""
    return Window(
        opens=forum.start - timedelta(hours=settings.CHECKIN_OPENS_HOURS_BEFORE),
        closes=forum.end + timedelta(hours=settings.CHECKIN_CLOSES_HOURS_AFTER),
    )


def _day_and_time(moment):
    local = timezone.localtime(moment)
    return {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


def window_refusal(forum, now=None):
    """Why the door is shut now (a result), or None while it is open."""
    door = window(forum)
    state = door.state(now)
    if state == "not_open_yet":
        return CheckinResult(
            state,
            _("Check-in for this forum opens on %(date)s at %(time)s.") % _day_and_time(door.opens),
        )
    if state == "closed":
        return CheckinResult(
            state,
            _("Check-in for this forum closed on %(date)s at %(time)s.")
            % _day_and_time(door.closes),
        )
    return None


def check_in(forum, typed_code, *, acting_user, now=None):
    """Mark the holder of `typed_code` as attended, or say clearly why not."""
    now = now or timezone.now()
    code = codes.normalise(typed_code)
    unknown = CheckinResult(
        "unknown",
        _("Unknown code “%(code)s”: check it with the person and type it again.")
        % {"code": (typed_code or "").strip()[:20]},
    )
    refused = _door_refusal(forum, now)
    if refused:
        return refused
    if not code:
        return unknown
    with transaction.atomic():
        registration = _locked(Registration.objects.filter(code=code))
        if registration is None:
            return unknown
        if registration.forum_id != forum.pk:
            return CheckinResult(
                "other_forum",
                _("This code is for another forum: “%(title)s”.") % {"title": registration.forum},
                registration,
            )
        return _admit(registration, acting_user=acting_user, now=now)


def check_in_registration(forum, registration_id, *, acting_user, now=None):
    """Check in a registration of `forum` found by name (the person lost their code): the same
    rules as a typed code. Raises Registration.DoesNotExist for one of another forum."""
    now = now or timezone.now()
    refused = _door_refusal(forum, now)
    if refused:
        return refused
    with transaction.atomic():
        registration = _locked(Registration.objects.filter(forum=forum, pk=registration_id))
        if registration is None:
            raise Registration.DoesNotExist
        return _admit(registration, acting_user=acting_user, now=now, by_code=False)


def undo_check_in(forum, registration_id, *, acting_user, now=None):
    """Undo a mistaken check-in: the registration is confirmed again, its seat kept, and the
    person may be checked in anew. The log keeps the check-in and says who undid it and when.
    Only check-in staff (officers
    included) may; raises Registration.DoesNotExist for a registration of another forum."""
    if not permissions.is_checkin_staff(acting_user):
        raise PermissionDenied
    now = now or timezone.now()
    refused = _door_refusal(forum, now)
    if refused:
        return refused
    with transaction.atomic():
        registration = _locked(Registration.objects.filter(forum=forum, pk=registration_id))
        if registration is None:
            raise Registration.DoesNotExist
        name = registration.person_name
        if registration.status != Status.ATTENDED:
            return CheckinResult(
                "not_checked_in",
                _("%(name)s is not checked in: there is nothing to undo.") % {"name": name},
                registration,
            )
        registration.status = Status.CONFIRMED
        registration.checked_in_at = None
        registration.checked_in_by = None
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
        log_change(
            registration,
            Status.ATTENDED,
            Status.CONFIRMED,
            actor=acting_user,
            note=_("Check-in undone at the door."),
            now=now,
        )
        sync_reminders(registration, now=now)
        return CheckinResult(
            "undone",
            _("Check-in of %(name)s undone: the person is expected again.") % {"name": name},
            registration,
        )


def _door_refusal(forum, now):
    if forum.status == Forum.Status.CANCELLED:
        return CheckinResult("cancelled", _("This forum has been cancelled."))
    return window_refusal(forum, now)


def _locked(registrations):
    return (
        registrations.select_for_update(of=("self",))
        .select_related("forum", "user", "organization")
        .first()
    )


def _admit(registration, *, acting_user, now, by_code=True):
    """Mark a locked registration of the forum as attended, or say why not."""
    name = registration.person_name
    if registration.status == Status.CANCELLED:
        return CheckinResult(
            "cancelled",
            _("%(name)s’s registration was cancelled: the person has no seat.") % {"name": name},
            registration,
        )
    if registration.status == Status.WAITING:
        return CheckinResult(
            "waiting",
            _("%(name)s is on the waiting list and has no confirmed seat.") % {"name": name},
            registration,
        )
    if registration.status == Status.ATTENDED:
        message = (
            _("Code already used: %(name)s was checked in at %(time)s.")
            if by_code
            else _("%(name)s is already checked in, since %(time)s.")
        )
        return CheckinResult(
            "already_used",
            message % {"name": name, "time": when(registration.checked_in_at)},
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
