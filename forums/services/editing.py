"""Forums and their programme as officers edit them: saving a forum, its status, its sessions.

A change of capacity never goes below the seats taken; more seats, or a forum published,
promote the waiting list (seats.promote_waiting). A change of time or place raises the
calendar sequence, moves the reminders and tells the registrants.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import webhooks
from forums.models import Forum
from forums.services._common import Mode, Refused, count_seated, lock_forum
from forums.services.followups import notify, sync_reminders
from forums.services.seats import promote_waiting
from portal import agenda

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
            old = lock_forum(forum)
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
    seated = count_seated(forum, Mode.IN_PERSON)
    if capacity is not None and capacity - forum.reserved_seats < seated:
        return _(
            "%(seated)s in-person seat(s) are taken and %(reserved)s reserved: the capacity "
            "cannot be lower than %(total)s."
        ) % {
            "seated": seated,
            "reserved": forum.reserved_seats,
            "total": seated + forum.reserved_seats,
        }
    seated_online = count_seated(forum, Mode.ONLINE)
    if online_capacity is not None and online_capacity < seated_online:
        return _("%(count)s online seat(s) are taken: the online capacity cannot be lower.") % {
            "count": seated_online
        }
    return ""


def _forum_moved(forum, now):
    registrations = forum.registrations.active().select_related("user")
    for registration in registrations:
        registration.forum = forum
        sync_reminders(registration, now=now)
        notify(registration, "forums.changed")


def set_forum_status(forum, status, *, acting_user, now=None):
    """Publish, close or reopen registration, cancel, or mark a forum as held."""
    now = now or timezone.now()
    with transaction.atomic():
        forum = lock_forum(forum)
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
                sync_reminders(registration, now=now)
                notify(registration, "forums.forum_cancelled")
        if status == Forum.Status.PUBLISHED:
            for mode in Mode.values:
                promote_waiting(forum, mode, acting_user=acting_user, now=now)
            webhooks.registration_opened(forum, now)
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
