"""Who may do what: the one place the portal decides it.

Querysets' `visible_to(user)` methods decide which rows a person may see; this module decides
which kinds of pages and actions a person may reach. A page that a person may not reach answers
404, never 403, so that nobody learns what exists; a visitor who is not signed in is sent to
the sign-in page instead.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404

from portal.accounts.roles import (
    ACTION_PLAN_EDITORS,
    CHECKIN_STAFF,
    CUSTOMS_OFFICERS,
    GIFT_SUPERVISORS,
    INTEGRITY_HEADS,
    INTEGRITY_UNIT,
)


def _in_group(user, name):
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_portal_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._portal_group_names = cache
    return name in cache


def is_customs(user):
    """A customs officer: a customs account in the officers' (or editors') group, or a superuser.

    This is who sees Customs' internal data (the mapping, internal notes, internal meetings).
    A customs account that is only check-in staff is not an officer.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_customs and (
        _in_group(user, CUSTOMS_OFFICERS) or _in_group(user, ACTION_PLAN_EDITORS)
    )


def _members_of(*group_names):
    """The ids of the accounts in any of the groups, as a subquery."""
    User = get_user_model()
    return User.groups.through.objects.filter(group__name__in=group_names).values("user_id")


def customs_officers_q():
    """`is_customs` as a filter on accounts, for querysets and `limit_choices_to`.

    Who may be given officers' work (made responsible for an action, which only an officer may
    report on): the same rule as is_customs, so a check-in-only account is never offered.
    A test checks that both agree for every role.
    """
    User = get_user_model()
    memberships = _members_of(CUSTOMS_OFFICERS, ACTION_PLAN_EDITORS)
    return Q(is_active=True) & (
        Q(is_superuser=True) | Q(kind=User.Kind.CUSTOMS, pk__in=memberships)
    )


def customs_officers():
    """The accounts for which is_customs holds, by name."""
    return get_user_model().objects.filter(customs_officers_q()).order_by("full_name", "pk")


def is_private_sector(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_private_sector
        and not user.is_superuser
    )


def is_editor(user):
    """May edit strategic objectives, action plans and actions."""
    return is_customs(user) and (user.is_superuser or _in_group(user, ACTION_PLAN_EDITORS))


def is_checkin_staff(user):
    """May check attendees in at a forum's door."""
    return is_customs(user) or (
        user.is_authenticated
        and user.is_active
        and user.is_customs
        and _in_group(user, CHECKIN_STAFF)
    )


def is_integrity_unit(user):
    """A member of the integrity unit: the only people who see integrity complaints.

    A customs account in the unit's group, and nothing else: being an officer, an
    administrator or a superuser gives no access to a case.
    """
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_customs
        and _in_group(user, INTEGRITY_UNIT)
    )


def is_integrity_head(user):
    """A head of the integrity unit: told when a case is late (and a member of the unit)."""
    return is_integrity_unit(user) and _in_group(user, INTEGRITY_HEADS)


def integrity_unit_members():
    """The accounts for which is_integrity_unit holds."""
    User = get_user_model()
    return User.objects.filter(
        is_active=True, kind=User.Kind.CUSTOMS, pk__in=_members_of(INTEGRITY_UNIT)
    )


def integrity_heads():
    """The accounts for which is_integrity_head holds."""
    return integrity_unit_members().filter(pk__in=_members_of(INTEGRITY_HEADS))


def is_gift_supervisor(user):
    """An officer who approves, or orders the return of, gifts above the threshold."""
    return is_customs(user) and _in_group(user, GIFT_SUPERVISORS)


def gift_supervisors():
    """The accounts for which is_gift_supervisor holds."""
    return get_user_model().objects.filter(
        customs_officers_q(), pk__in=_members_of(GIFT_SUPERVISORS)
    )


def is_webhook_manager(user):
    """May configure the outgoing webhooks (portal.webhooks): Customs' administrators, the
    superusers. (Whether anything is sent is the installation's WEBHOOKS_ENABLED.)"""
    return is_customs(user) and user.is_superuser


def may_comment_on_consultations(user):
    """Private-sector partners comment on draft texts; Customs answers them. Which
    consultations a partner may see is decided by Consultation.objects.visible_to."""
    return is_private_sector(user)


def sees_comment_authors(user):
    """Who may know the author of a comment published anonymously or kept private: Customs."""
    return is_customs(user)


def role_names(user):
    """The roles a person holds, for display (navigation, dashboard)."""
    roles = []
    if is_customs(user):
        roles.append("customs")
    if is_editor(user):
        roles.append("editor")
    if is_checkin_staff(user):
        roles.append("checkin")
    if is_integrity_unit(user):
        roles.append("integrity")
    if is_gift_supervisor(user):
        roles.append("gift_supervisor")
    if is_private_sector(user):
        roles.append("private")
    return roles


def require(predicate):
    """Decorate a view so that only people for whom `predicate(user)` holds reach it.

    Visitors are sent to sign in; signed-in people who may not see the page get 404.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def visitors_sign_in_first(view):
    """Decorate the page of an object that some may see and others not (a meeting, a forum, a
    consultation), the pages e-mails link to: a visitor who is not signed in and would get
    404 is sent to sign in instead, and back to the page afterwards. An invitee who follows
    an e-mail's link signed out so reaches the page; whoever still may not see it once signed
    in gets 404 then. A visitor gets that answer for an object hidden from visitors and for
    one that does not exist alike, so it tells no more than the sign-in wall itself.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


def integrity_unit_required(view):
    """Decorate a case's page: 404 to everyone outside the integrity unit, visitors included,
    so that not even the sign-in wall says a case exists."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_integrity_unit(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


customs_required = require(is_customs)
editor_required = require(is_editor)
checkin_required = require(is_checkin_staff)
private_sector_required = require(is_private_sector)
signed_in_required = require(lambda user: user.is_active)
gift_supervisor_required = require(is_gift_supervisor)
webhook_manager_required = require(is_webhook_manager)
