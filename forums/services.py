"""The writes that keep a forum's invariants. Views, the admin, commands and tasks call these.

- Confirmed in-person registrations plus reserved seats never exceed the forum's capacity (and
  confirmed online ones never exceed the online capacity, when it has one), whatever the
  concurrency: every write that changes who holds a seat first locks the forum's row
  (SELECT ... FOR UPDATE) and counts inside that same transaction.
- The waiting list is served in order of arrival (`Registration.arrival`, assigned under the
  lock); a freed seat goes to the first in line at once, who is told by e-mail.
- One registration per person per forum (database constraints on (forum, user) and on
  (forum, guest e-mail)); a cancelled registration is revived, at the back of the line, when
  its person registers again.
- Every change of a registration's status is logged in RegistrationEvent (who, when, from, to).

Refusals raise `Refused` (a ValidationError) with a message clear in both languages.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from forums import codes
from forums.emails import layout as email_layout
from forums.models import (
    ACTIVE,
    SEATED,
    Feedback,
    Forum,
    ForumMessage,
    Registration,
    RegistrationEvent,
)
from portal import agenda, permissions
from portal.accounts.models import User
from portal.notifications import queue as notifications
from portal.notifications.emails import render_email
from portal.notifications.models import Notification

REMINDER_KIND = "forums.reminder"
REMINDER_OFFSETS = (timedelta(days=7), timedelta(days=1))
# The survey leaves this long after the forum ends.
FEEDBACK_DELAY = timedelta(hours=2)

Status = Registration.Status
Mode = Registration.Mode


class Refused(ValidationError):
    """A write the rules do not allow; its message is shown to the person as it is."""


# --- Reading helpers (inside the services' transactions) --------------------------------


def organization_of(user):
    """The organisation a representative acts for (an approved membership), or None."""
    if user is None or not user.is_authenticated:
        return None
    from stakeholders.models import Organization

    return Organization.objects.represented_by(user).first()


def _lock(forum):
    return Forum.objects.select_for_update().get(pk=forum.pk)


def _seated(forum, mode):
    return Registration.objects.filter(forum=forum, attendance_mode=mode, status__in=SEATED).count()


def free_seats(forum, mode=Mode.IN_PERSON):
    """Seats still free in `mode` (None: no limit). Exact only under the forum's lock."""
    if mode == Mode.ONLINE:
        if forum.online_capacity is None:
            return None
        return max(forum.online_capacity - _seated(forum, mode), 0)
    return max(forum.capacity - forum.reserved_seats - _seated(forum, mode), 0)


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- Registering ------------------------------------------------------------------------


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
            _("Registration opens on %(date)s.") % {"date": _when(forum.registration_opens_at)},
            "not_open",
        )
    if now >= forum.registration_closes_at:
        raise Refused(
            _("Registration closed on %(date)s.") % {"date": _when(forum.registration_closes_at)},
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
    # Read before taking the lock: it does not depend on the seats, and the lock is the
    # bottleneck when many register at once.
    organization = organization_of(user)
    with transaction.atomic():
        forum = _lock(forum)
        _check_forum_accepts(forum, now)
        if (
            forum.visibility == Forum.Visibility.INVITED
            and not Forum.objects.visible_to(user).filter(pk=forum.pk).exists()
        ):
            raise Refused(_("This forum is open to invited organisations only."), "not_invited")
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
        _changed(registration, existing.status if existing else "", status, actor=user, now=now)
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
        forum = _lock(forum)
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
        _changed(
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
        forum = _lock(registration.forum)
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
        _changed(
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
        _changed(
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
        forum = _lock(forum)
        available = forum.capacity - _seated(forum, Mode.IN_PERSON)
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


# --- Check-in ---------------------------------------------------------------------------


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
                % {"name": name, "time": _when(registration.checked_in_at)},
                registration,
            )
        registration.status = Status.ATTENDED
        registration.checked_in_at = now
        registration.checked_in_by = acting_user
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
        _changed(registration, Status.CONFIRMED, Status.ATTENDED, actor=acting_user, now=now)
        organization = registration.organization
        organization = f" ({organization.acronym or organization.name})" if organization else ""
        return CheckinResult(
            "checked_in",
            _("Welcome, %(name)s%(organization)s: checked in.")
            % {"name": name, "organization": organization},
            registration,
        )


# --- Feedback ---------------------------------------------------------------------------


def submit_feedback(
    registration, *, acting_user, rating, most_useful_session=None, suggestions="", now=None
):
    """Record an attendee's answer to the survey (once, after the forum)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("forum")
            .get(pk=registration.pk)
        )
        if registration.status != Status.ATTENDED:
            raise Refused(
                _("Only people who attended the forum can give feedback."), "not_attended"
            )
        if not registration.forum.has_ended(now):
            raise Refused(_("The survey opens when the forum ends."), "too_early")
        if Feedback.objects.filter(registration=registration).exists():
            raise Refused(_("You have already given your feedback. Thank you!"), "duplicate")
        if (
            most_useful_session is not None
            and most_useful_session.forum_id != registration.forum_id
        ):
            raise Refused(_("Choose a session of this forum."), "session")
        feedback = Feedback.objects.create(
            registration=registration,
            rating=rating,
            most_useful_session=most_useful_session,
            suggestions=suggestions,
            submitted_at=now,
        )
        notifications.cancel_for(registration, kind="forums.feedback")
    return feedback


# --- Forums and their programme ---------------------------------------------------------

TRANSITIONS = {
    Forum.Status.DRAFT: {Forum.Status.PUBLISHED, Forum.Status.CANCELLED},
    Forum.Status.PUBLISHED: {Forum.Status.CLOSED, Forum.Status.CANCELLED, Forum.Status.HELD},
    Forum.Status.CLOSED: {Forum.Status.PUBLISHED, Forum.Status.CANCELLED, Forum.Status.HELD},
    Forum.Status.CANCELLED: set(),
    Forum.Status.HELD: set(),
}


def save_forum(
    forum, *, acting_user, partner_organizations=None, invited_organizations=None, now=None
):
    """Create a forum (as a draft) or save an officer's changes to one.

    The capacity cannot go below the seats already taken; more seats promote the waiting list.
    A change of time or place raises the calendar sequence, moves the reminders and tells the
    registrants. The status and the reserved seats change only through their own services.
    """
    now = now or timezone.now()
    forum._history_user = acting_user
    with transaction.atomic():
        if forum.pk is None:
            forum.created_by = acting_user
            forum.status = Forum.Status.DRAFT
            forum.reserved_seats = min(forum.reserved_seats, forum.capacity)
            forum.save()
            moved = False
        else:
            old = _lock(forum)
            forum.status = old.status
            forum.reserved_seats = old.reserved_seats
            forum.sequence = old.sequence
            problem = capacity_problem(old, forum.capacity, forum.online_capacity)
            if problem:
                raise Refused(problem, "capacity")
            moved = (old.start, old.end) != (forum.start, forum.end)
            if moved or (old.title, old.venue, old.city, old.online_url) != (
                forum.title,
                forum.venue,
                forum.city,
                forum.online_url,
            ):
                forum.sequence += 1
            forum.save()
        if partner_organizations is not None:
            forum.partner_organizations.set(partner_organizations)
        if invited_organizations is not None:
            forum.invited_organizations.set(invited_organizations)
        if forum.status in (Forum.Status.PUBLISHED, Forum.Status.CLOSED):
            for mode in Mode.values:
                promote_waiting(forum, mode, acting_user=acting_user, now=now)
            if moved:
                _forum_moved(forum, now)
    return forum


def capacity_problem(forum, capacity, online_capacity=None):
    """Why `forum` cannot take these capacities (seats already taken), or "" if it can."""
    seated = _seated(forum, Mode.IN_PERSON)
    if capacity is not None and capacity - forum.reserved_seats < seated:
        return _(
            "%(seated)s in-person seat(s) are taken and %(reserved)s reserved: the capacity "
            "cannot be lower than %(total)s."
        ) % {
            "seated": seated,
            "reserved": forum.reserved_seats,
            "total": seated + forum.reserved_seats,
        }
    seated_online = _seated(forum, Mode.ONLINE)
    if online_capacity is not None and online_capacity < seated_online:
        return _("%(count)s online seat(s) are taken: the online capacity cannot be lower.") % {
            "count": seated_online
        }
    return ""


def _forum_moved(forum, now):
    registrations = forum.registrations.active().select_related("user")
    for registration in registrations:
        registration.forum = forum
        _sync_reminders(registration, now=now)
        _notify(registration, "forums.changed")
    Notification.objects.filter(
        kind="forums.feedback",
        status=Notification.Status.PENDING,
        target_type=ContentType.objects.get_for_model(Registration),
        target_id__in=forum.registrations.values("pk"),
    ).update(due_at=max(forum.end + FEEDBACK_DELAY, now))


def set_forum_status(forum, status, *, acting_user, now=None):
    """Publish, close or reopen registration, cancel, or mark a forum as held."""
    now = now or timezone.now()
    with transaction.atomic():
        forum = _lock(forum)
        if status not in TRANSITIONS[forum.status]:
            raise Refused(
                _("A forum that is %(current)s cannot become %(new)s.")
                % {
                    "current": forum.get_status_display(),
                    "new": Forum.Status(status).label,
                },
                "transition",
            )
        if status == Forum.Status.HELD and now < forum.start:
            raise Refused(
                _("A forum can be marked as held only once it has started."), "transition"
            )
        previous = forum.status
        forum.status = status
        if status == Forum.Status.CANCELLED:
            forum.sequence += 1
        forum._history_user = acting_user
        forum.save(update_fields=["status", "sequence", "updated_at"])
        if status == Forum.Status.CANCELLED and previous != Forum.Status.DRAFT:
            for registration in forum.registrations.active().select_related("user"):
                registration.forum = forum
                _sync_reminders(registration, now=now)
                _notify(registration, "forums.forum_cancelled")
        if status == Forum.Status.PUBLISHED:
            for mode in Mode.values:
                promote_waiting(forum, mode, acting_user=acting_user, now=now)
    return forum


def save_session(session, *, acting_user, speakers=None, consultations=None):
    """Save a programme session; `consultations`, when given, become the consultations on
    its agenda (only ones the acting officer may see)."""
    if consultations is not None:
        consultations = agenda.consultations_for_agenda(consultations, acting_user=acting_user)
    with transaction.atomic():
        session._history_user = acting_user
        session.save()
        if speakers is not None:
            session.speakers.set(speakers)
        if consultations is not None:
            session.consultations.set(consultations)
    return session


def delete_session(session, *, acting_user):
    with transaction.atomic():
        session._history_user = acting_user
        session.delete()


# --- Messages to registrants ------------------------------------------------------------


def message_registrants(forum, *, statuses, subject, body, acting_user, now=None):
    """Queue one e-mail per registrant whose status is in `statuses`; keep a record."""
    now = now or timezone.now()
    with transaction.atomic():
        registrations = (
            forum.registrations.filter(status__in=statuses)
            .select_related("user")
            .order_by("arrival")
        )
        sent = 0
        for registration in registrations:
            if not registration.email:
                continue
            with override(registration.language):
                message = render_email(
                    "forums-message",
                    registration.email,
                    {
                        "forum": forum,
                        "registration": registration,
                        "subject": subject,
                        "body": body,
                        "sender": acting_user,
                        "email_layout": email_layout(),
                    },
                )
            notifications.queue_message(message, recipient=registration.user)
            sent += 1
        record = ForumMessage.objects.create(
            forum=forum,
            subject=subject,
            body=body,
            statuses=list(statuses),
            recipients=sent,
            sent_by=acting_user,
            sent_at=now,
        )
    return record


# --- What follows a status change -------------------------------------------------------


def _changed(registration, previous, new, *, actor, note="", now=None, payload=None):
    """Log a status change, then bring its e-mails and reminders in line with it."""
    RegistrationEvent.objects.create(
        registration=registration,
        from_status=previous or "",
        to_status=new,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=now or timezone.now(),
        note=note,
    )
    _sync_reminders(registration, now=now)
    if new == Status.CONFIRMED:
        _notify(registration, "forums.confirmation", payload=payload)
    elif new == Status.WAITING:
        _notify(registration, "forums.waitlisted")
    elif new == Status.CANCELLED:
        _notify(registration, "forums.cancelled", payload=payload)
    elif new == Status.ATTENDED:
        forum = registration.forum
        _notify(
            registration,
            "forums.feedback",
            due_at=max(forum.end + FEEDBACK_DELAY, now or timezone.now()),
            key=f"forums.feedback:{registration.pk}",
        )


def _notify(registration, kind, *, payload=None, due_at=None, key=None):
    if not registration.email:
        return None
    return notifications.notify(
        kind,
        target=registration,
        email=registration.email,
        recipient=registration.user,
        language=registration.language,
        payload=payload,
        due_at=due_at,
        key=key,
    )


def _sync_reminders(registration, *, now=None):
    forum = registration.forum
    wanted = []
    if (
        registration.status == Status.CONFIRMED
        and registration.email
        and forum.status in (Forum.Status.PUBLISHED, Forum.Status.CLOSED)
    ):
        user = registration.user
        wanted = [
            notifications.Reminder(
                email=registration.email,
                occurrence=forum.start,
                offset=offset,
                recipient=user,
                language=registration.language,
                time_zone=user.time_zone if user else "",
            )
            for offset in REMINDER_OFFSETS
        ]
    notifications.sync_reminders(REMINDER_KIND, registration, wanted, now=now)
