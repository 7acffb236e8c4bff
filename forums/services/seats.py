"""Who holds a seat: registering (people and guests), cancelling, the waiting list, held seats.

- Confirmed in-person registrations plus reserved seats never exceed the forum's capacity (and
  confirmed online ones never exceed the online capacity, when it has one), whatever the
  concurrency: every write that changes who holds a seat first locks the forum's row
  (SELECT ... FOR UPDATE) and counts inside that same transaction.
- The waiting list is served in order of arrival (`Registration.arrival`, assigned under the
  lock); a freed seat goes to the first in line at once, who is told by e-mail.
- One registration per person per forum (database constraints on (forum, user) and on
  (forum, guest e-mail)); a cancelled registration is revived, at the back of the line, when
  its person registers again.
- A representative's organisation may hold only as many seats as the forum's
  per-organisation limit; an invited-only forum takes only its invited organisations.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import codes
from forums.models import ACTIVE, SEATED, Forum, Registration
from forums.services._common import (
    Mode,
    Refused,
    Status,
    count_seated,
    free_seats,
    lock_forum,
    when,
)
from forums.services.followups import follow_up, log_change, record_change
from portal import permissions
from portal.accounts.models import User


def organization_of(user):
    """The organisation a representative acts for (an approved membership), or None."""
    if user is None or not user.is_authenticated:
        return None
    from stakeholders.models import Organization

    return Organization.objects.represented_by(user).first()


def _check_forum_accepts(forum, now, *, window=True):
    if forum.status == Forum.Status.DRAFT:
        raise Refused(_("This forum is not published yet: registration is not open."), "draft")
    if forum.status == Forum.Status.CANCELLED:
        raise Refused(
            _("This forum has been cancelled: registration is not possible."), "cancelled"
        )
    if forum.status == Forum.Status.HELD or forum.has_ended(now):
        raise Refused(_("This forum has already taken place."), "held")
    if not window:
        return
    if forum.status == Forum.Status.CLOSED:
        raise Refused(_("Registration for this forum is closed."), "closed")
    if now < forum.registration_opens_at:
        raise Refused(
            _("Registration opens on %(date)s.") % {"date": when(forum.registration_opens_at)},
            "not_open",
        )
    if now >= forum.registration_closes_at:
        raise Refused(
            _("Registration closed on %(date)s.") % {"date": when(forum.registration_closes_at)},
            "closed",
        )


def _check_mode(forum, mode):
    if mode == Mode.ONLINE and not forum.offers_online:
        raise Refused(_("This forum cannot be followed online."), "mode")
    if mode == Mode.IN_PERSON and not forum.offers_in_person:
        raise Refused(_("This forum has no seats in person: choose online attendance."), "mode")


def _check_sessions(forum, sessions, exclude=None):
    for session in sessions:
        if session.forum_id != forum.pk:
            raise Refused(_("Choose sessions of this forum only."), "session")
        if session.capacity is None:
            continue
        interested = session.interested.filter(status__in=ACTIVE)
        if exclude is not None:
            interested = interested.exclude(pk=exclude.pk)
        if interested.count() >= session.capacity:
            raise Refused(
                _("The session “%(title)s” is full: choose another one.")
                % {"title": session.title},
                "session_full",
            )


def _place(forum, mode):
    """(status, arrival) for a newcomer in `mode`, in one query. The caller holds the lock.

    Confirmed while a seat is free and nobody is waiting in that mode; otherwise at the back
    of the waiting list. The arrival number orders the waiting list.
    """
    tally = Registration.objects.filter(forum=forum).aggregate(
        seated=Count("pk", filter=Q(attendance_mode=mode, status__in=SEATED)),
        waiting=Count("pk", filter=Q(attendance_mode=mode, status=Status.WAITING)),
        last=Max("arrival"),
    )
    if mode == Mode.ONLINE:
        seats = forum.online_capacity
    else:
        seats = forum.capacity - forum.reserved_seats
    free = seats is None or tally["seated"] < seats
    status = Status.CONFIRMED if free and not tally["waiting"] else Status.WAITING
    return status, (tally["last"] or 0) + 1


def register(
    forum,
    *,
    user,
    attendance_mode=Mode.IN_PERSON,
    sessions=(),
    accessibility_needs="",
    dietary_needs="",
    consent_to_list=False,
    now=None,
):
    """Register `user` for `forum`: confirmed if a seat is free, else on the waiting list.

    Refused outside the registration window, for a forum that is not published, for a person
    already registered, beyond the per-organisation limit, or for an invited-only forum to
    which the person's organisation is not invited.
    """
    now = now or timezone.now()
    sessions = list(sessions)
    # What does not depend on who holds the seats is read before taking the forum's lock:
    # during a rush every registration waits its turn at that lock, so what is done while
    # holding it (the count and the insert) must be as short as it can be.
    organization = organization_of(user)
    if (
        forum.visibility == Forum.Visibility.INVITED
        and not Forum.objects.visible_to(user).filter(pk=forum.pk).exists()
    ):
        raise Refused(_("This forum is open to invited organisations only."), "not_invited")
    with transaction.atomic():
        forum = lock_forum(forum)
        _check_forum_accepts(forum, now)
        existing = Registration.objects.select_for_update().filter(forum=forum, user=user).first()
        if existing is not None and existing.status in ACTIVE:
            raise Refused(_("You are already registered for this forum."), "duplicate")
        _check_mode(forum, attendance_mode)
        if forum.per_organization_limit and organization is not None:
            taken = Registration.objects.filter(
                forum=forum, organization=organization, status__in=ACTIVE, is_guest=False
            ).count()
            if taken >= forum.per_organization_limit:
                raise Refused(
                    _(
                        "%(organization)s has already used its %(limit)s seat(s) for this forum: "
                        "ask a colleague who is registered, or Customs, for help."
                    )
                    % {"organization": organization, "limit": forum.per_organization_limit},
                    "organization_limit",
                )
        _check_sessions(forum, sessions)
        status, arrival = _place(forum, attendance_mode)
        fields = {
            "organization": organization,
            "attendance_mode": attendance_mode,
            "accessibility_needs": accessibility_needs,
            "dietary_needs": dietary_needs,
            "consent_to_list": consent_to_list,
            "status": status,
            "arrival": arrival,
            "registered_at": now,
            "registered_by": user,
            "is_guest": False,
        }
        registration = _save_registration(forum, existing, fields, user=user)
        if sessions or existing is not None:
            registration.sessions.set(sessions)
        log_change(registration, existing.status if existing else "", status, actor=user, now=now)
    # The lock is released with that commit. The e-mail and the reminders change no seat, so
    # they are queued after it (the e-mail itself is rendered and sent later by the
    # dispatcher). Should the process die between the two commits, the registration holds
    # its place and shows on the person's page, without its confirmation e-mail.
    with transaction.atomic():
        follow_up(registration, status, now=now)
    return registration


def register_guest(
    forum,
    *,
    acting_user,
    name,
    email="",
    language="fr",
    organization=None,
    attendance_mode=Mode.IN_PERSON,
    use_reserved_seat=False,
    sessions=(),
    accessibility_needs="",
    dietary_needs="",
    consent_to_list=False,
    now=None,
):
    """An officer registers an invited guest (a speaker, a partner) on their behalf.

    A guest whose e-mail belongs to an account is registered as that user (so the forum is in
    their calendar and their list); otherwise as a named guest. The registration window and the
    per-organisation limit do not apply; capacity does, but a reserved seat may be used.
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    sessions = list(sessions)
    with transaction.atomic():
        forum = lock_forum(forum)
        _check_forum_accepts(forum, now, window=False)
        _check_mode(forum, attendance_mode)
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is not None:
            existing = (
                Registration.objects.select_for_update().filter(forum=forum, user=user).first()
            )
            organization = organization or organization_of(user)
        elif email:
            existing = (
                Registration.objects.select_for_update()
                .filter(forum=forum, user__isnull=True, guest_email__iexact=email)
                .first()
            )
        else:
            existing = None
        if existing is not None and existing.status in ACTIVE:
            raise Refused(_("This person is already registered for this forum."), "duplicate")
        _check_sessions(forum, sessions)
        if use_reserved_seat:
            if attendance_mode != Mode.IN_PERSON:
                raise Refused(_("Reserved seats are in-person seats."), "reserved")
            if forum.reserved_seats < 1:
                raise Refused(_("No reserved seat is left for this forum."), "reserved")
            forum.reserved_seats -= 1
            forum._history_user = acting_user
            forum.save(update_fields=["reserved_seats", "updated_at"])
            status, arrival = Status.CONFIRMED, _place(forum, attendance_mode)[1]
        else:
            status, arrival = _place(forum, attendance_mode)
        fields = {
            "guest_name": "" if user else name.strip(),
            "guest_email": "" if user else email,
            "guest_language": language,
            "organization": organization,
            "attendance_mode": attendance_mode,
            "accessibility_needs": accessibility_needs,
            "dietary_needs": dietary_needs,
            "consent_to_list": consent_to_list,
            "status": status,
            "arrival": arrival,
            "registered_at": now,
            "registered_by": acting_user,
            "is_guest": True,
        }
        registration = _save_registration(forum, existing, fields, user=user)
        registration.sessions.set(sessions)
        note = _("on a reserved seat") if use_reserved_seat else _("registered by Customs")
        record_change(
            registration,
            existing.status if existing else "",
            status,
            actor=acting_user,
            note=note,
            now=now,
        )
    return registration


def _save_registration(forum, existing, fields, *, user):
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.checked_in_at = None
        existing.checked_in_by = None
        existing.save()
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    forum=forum, user=user, code=codes.new_code(), **fields
                )
        except IntegrityError:
            if user is not None and Registration.objects.filter(forum=forum, user=user).exists():
                raise Refused(
                    _("You are already registered for this forum."), "duplicate"
                ) from None
            # Otherwise a check-in code collided (about one chance in 10¹²): draw another.
    raise RuntimeError("Could not draw a unique check-in code.")


# --- Cancelling and promoting -----------------------------------------------------------


def cancel(registration, *, acting_user, note="", now=None):
    """Cancel a confirmed or wait-listed registration; a freed seat goes to the next in line.

    The person may cancel until the forum starts; officers may cancel at any time before the
    forum is marked as held.
    """
    now = now or timezone.now()
    with transaction.atomic():
        forum = lock_forum(registration.forum)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=registration.pk)
        )
        if registration.status not in (Status.CONFIRMED, Status.WAITING):
            if registration.status == Status.CANCELLED:
                raise Refused(_("This registration is already cancelled."), "already_cancelled")
            raise Refused(
                _("This person has already been checked in: the registration cannot be cancelled."),
                "attended",
            )
        by_officer = acting_user is not None and permissions.is_customs(acting_user)
        if forum.status == Forum.Status.HELD or (not by_officer and now >= forum.start):
            raise Refused(
                _("The forum has already started: the registration can no longer be cancelled."),
                "started",
            )
        previous = registration.status
        registration.status = Status.CANCELLED
        registration.save(update_fields=["status"])
        record_change(
            registration,
            previous,
            Status.CANCELLED,
            actor=acting_user,
            note=note,
            now=now,
            payload={"by_officer": by_officer and acting_user != registration.user},
        )
        if previous == Status.CONFIRMED:
            promote_waiting(forum, registration.attendance_mode, acting_user=acting_user, now=now)
    return registration


def promote_waiting(forum, mode, *, acting_user=None, now=None):
    """Give every free seat in `mode` to the first in line. The caller holds the forum's lock."""
    now = now or timezone.now()
    if forum.status not in (Forum.Status.PUBLISHED, Forum.Status.CLOSED) or forum.has_ended(now):
        return []
    free = free_seats(forum, mode)
    if free == 0:
        return []
    line = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(forum=forum, attendance_mode=mode, status=Status.WAITING)
        .order_by("arrival")
    )
    promoted = list(line if free is None else line[:free])
    for registration in promoted:
        registration.forum = forum
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        record_change(
            registration,
            Status.WAITING,
            Status.CONFIRMED,
            actor=acting_user,
            note=_("promoted from the waiting list"),
            now=now,
            payload={"promoted": True},
        )
    return promoted


def hold_seats(forum, *, seats, acting_user, now=None):
    """Set how many in-person seats Customs holds back; releasing some promotes the waiting."""
    if seats < 0:
        raise Refused(_("The number of reserved seats cannot be negative."), "reserved")
    with transaction.atomic():
        forum = lock_forum(forum)
        available = forum.capacity - count_seated(forum, Mode.IN_PERSON)
        if seats > available:
            raise Refused(
                _("Only %(count)s seat(s) are not taken: you cannot hold %(seats)s.")
                % {"count": available, "seats": seats},
                "reserved",
            )
        forum.reserved_seats = seats
        forum._history_user = acting_user
        forum.save(update_fields=["reserved_seats", "updated_at"])
        promote_waiting(forum, Mode.IN_PERSON, acting_user=acting_user, now=now)
    return forum
