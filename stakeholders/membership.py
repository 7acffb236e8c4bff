"""Every write to organisation memberships: who acts for which organisation.

An account asks to join an organisation (at sign-up, or later from "My organisation"); the
request waits until one of the organisation's administrators or a customs officer approves or
refuses it. Administrators (and officers) then manage the members: remove one, appoint or
revoke an administrator, hand the role over. Each function runs in one transaction, locks the
rows it decides on, stamps the acting user on the history, keeps the reason, and queues the
e-mails it owes (sent after commit by the notification dispatcher).

The invariants kept here:
- an account holds at most one pending or approved membership (a database constraint too);
- an organisation with approved members has at least one administrator among them;
- an approved member's portal account is tied to one of the organisation's contacts, and a
  former member's is untied (so personal invitations through the contact stop reaching them).
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import permissions
from portal.notifications import queue as notifications
from stakeholders.models import Category, Contact, Membership, Organization
from stakeholders.services import _apply_consent, _stamp, find_by_name

REQUEST_KIND = "stakeholders.membership_request"
DECISION_KIND = "stakeholders.membership_decision"

Status = Membership.Status
Role = Membership.Role


class Refused(ValidationError):
    """A change the membership rules do not allow; its message is shown as it is."""


# --- Asking to join ----------------------------------------------------------------------


@transaction.atomic
def request_at_signup(user, form):
    """The request to join the organisation chosen or proposed on the sign-up form, if any
    (registered with portal.accounts.hooks: the account is made in the same transaction)."""
    if hasattr(form, "organization_choice"):
        request_membership(user, **form.organization_choice())


def request_membership(
    user,
    *,
    organization=None,
    proposed_name="",
    proposed_category="",
    position="",
    consent=False,
):
    """Ask to join `organization`, or propose a new one by its name (and category).

    A proposal whose name matches an organisation already in the registry asks to join that one
    instead of making a duplicate. A proposed organisation stays unverified; its proposer
    becomes its first administrator when an officer verifies it. Until a request is approved
    the account acts for nobody. Refused for an account that already has a pending or approved
    membership.
    """
    if (organization is None) == (not proposed_name.strip()):
        raise ValueError("Give either an existing organisation or a proposed name.")
    if not permissions.is_private_sector(user):
        raise PermissionDenied
    if Membership.objects.active().filter(user=user).exists():
        raise Refused(_("This account already belongs to an organisation or asked to join one."))
    proposed = False
    if organization is None:
        organization = find_by_name(proposed_name)
    if organization is None:
        organization = Organization(
            name=" ".join(proposed_name.split()),
            category=proposed_category or Category.OTHER,
            verified=False,
        )
        _stamp(organization, user)
        organization.save()
        proposed = True
    membership = Membership(
        user=user,
        organization=organization,
        position=position.strip(),
        consent=consent,
        proposed_organization=proposed,
        role=Role.ADMINISTRATOR if proposed else Role.MEMBER,
    )
    _stamp(membership, user)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # a second request sent at the same moment
        raise Refused(
            _("This account already belongs to an organisation or asked to join one.")
        ) from None
    if address_confirmed(user):
        _notify_approvers(membership)
    return membership


def address_confirmed(user):
    """Whether `user` proved they read their account's address (allauth's confirmation)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def address_now_confirmed(user):
    """The requester confirmed their address: their pending request now goes to its approvers
    (a request from an address nobody has proved is not worth anyone's time, and its domain
    would be a false hint). Called by the account adapter; safe to call again."""
    for membership in Membership.objects.pending().filter(user=user):
        _notify_approvers(membership)


@transaction.atomic
def withdraw_request(membership, *, acting_user):
    """The requester takes back a request nobody has decided on yet."""
    membership = _lock(membership)
    if membership.user_id != acting_user.pk:
        raise PermissionDenied
    _must_be(membership, Status.PENDING)
    return _decide(membership, Status.WITHDRAWN, acting_user, reason="")


# --- Deciding on a request ---------------------------------------------------------------


@transaction.atomic
def approve(membership, *, acting_user):
    """Approve a pending request: the account now acts for the organisation.

    It becomes an administrator when it proposed the organisation, or when the organisation has
    no administrator yet (so an organisation with members always has one); otherwise a member.
    """
    membership = _lock(membership, manager=acting_user)
    _must_be(membership, Status.PENDING)
    if not address_confirmed(membership.user):
        raise Refused(
            _(
                "This person has not confirmed their e-mail address yet: approve the request "
                "once they have."
            )
        )
    membership = _admit(membership, acting_user)
    _notify_requester(membership)
    return membership


def _admit(membership, acting_user):
    organization = _lock_organization(membership.organization_id)
    has_administrator = Membership.objects.administrators().filter(organization=organization)
    if not membership.proposed_organization and has_administrator.exists():
        membership.role = Role.MEMBER
    else:
        membership.role = Role.ADMINISTRATOR
    membership = _decide(membership, Status.APPROVED, acting_user, reason="")
    _tie_contact(membership, acting_user)
    return membership


@transaction.atomic
def enrol(user, organization, *, acting_user, position="", consent=False):
    """Record an approved membership directly, without a request or e-mails: for data that
    Customs has already checked (the demo). The same rules as approve(); an account that
    already has a pending or approved membership is returned that one."""
    if not permissions.is_customs(acting_user):
        raise PermissionDenied
    current = Membership.objects.active().filter(user=user).first()
    if current is not None:
        return current
    membership = Membership(
        user=user, organization=organization, position=position, consent=consent
    )
    _stamp(membership, acting_user)
    membership.save()
    return _admit(membership, acting_user)


@transaction.atomic
def refuse(membership, *, acting_user, reason):
    """Refuse a pending request, saying why (the requester is told)."""
    reason = _required_reason(reason)
    membership = _lock(membership, manager=acting_user)
    _must_be(membership, Status.PENDING)
    membership = _decide(membership, Status.REFUSED, acting_user, reason=reason)
    _notify_requester(membership)
    return membership


def approve_proposer(organization, *, acting_user):
    """When an officer verifies a proposed organisation, its proposer's pending request is
    approved: they become its first administrator. (Called by services.set_verified.) A
    proposer who has not confirmed their address yet stays pending; the officers are asked
    once they have."""
    pending = Membership.objects.pending().filter(
        organization=organization, proposed_organization=True
    )
    for membership in pending:
        if address_confirmed(membership.user):
            approve(membership, acting_user=acting_user)


# --- Managing members --------------------------------------------------------------------


@transaction.atomic
def remove(membership, *, acting_user, reason=""):
    """End an approved membership. Administrators and officers remove a member, saying why;
    a member may also leave. The last administrator of an organisation that keeps other
    members cannot go before handing the role over."""
    leaving = membership.user_id == acting_user.pk
    if not leaving:
        reason = _required_reason(reason)
    membership = _lock(membership, manager=None if leaving else acting_user)
    _must_be(membership, Status.APPROVED)
    organization = _lock_organization(membership.organization_id)
    others = (
        Membership.objects.approved().filter(organization=organization).exclude(pk=membership.pk)
    )
    if (
        membership.role == Role.ADMINISTRATOR
        and others.exists()
        and not others.filter(role=Role.ADMINISTRATOR).exists()
    ):
        raise Refused(
            _(
                "An organisation with members keeps at least one administrator: appoint "
                "another administrator first."
            )
        )
    membership = _decide(membership, Status.REMOVED, acting_user, reason=reason.strip())
    _untie_contact(membership, acting_user)
    if not leaving:
        _notify_requester(membership)
    return membership


@transaction.atomic
def set_role(membership, role, *, acting_user, reason=""):
    """Appoint an approved member administrator, or make an administrator a member again
    (never the organisation's last one)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    membership = _lock(membership, manager=acting_user)
    _must_be(membership, Status.APPROVED)
    if membership.role == role:
        return membership
    organization = _lock_organization(membership.organization_id)
    if role == Role.MEMBER:
        others = (
            Membership.objects.administrators()
            .filter(organization=organization)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise Refused(
                _(
                    "An organisation with members keeps at least one administrator: appoint "
                    "another administrator first."
                )
            )
    membership.role = role
    return _decide(membership, membership.status, acting_user, reason=reason.strip())


@transaction.atomic
def hand_over(membership, *, acting_user):
    """An administrator hands their role to another approved member of the organisation: the
    member becomes administrator and the giver a member, in one step."""
    giver = (
        Membership.objects.select_for_update()
        .administrators()
        .filter(user=acting_user, organization_id=membership.organization_id)
        .first()
    )
    if giver is None:
        raise PermissionDenied
    membership = _lock(membership, manager=acting_user)
    _must_be(membership, Status.APPROVED)
    if membership.pk == giver.pk:
        raise Refused(_("Choose another member to hand the role over to."))
    membership.role = Role.ADMINISTRATOR
    _decide(membership, membership.status, acting_user, reason="")
    giver.role = Role.MEMBER
    return _decide(giver, giver.status, acting_user, reason="")


# --- Helpers -----------------------------------------------------------------------------


def _lock(membership, *, manager=None):
    """The membership row, locked. With `manager`, only if that person may manage it."""
    rows = Membership.objects.select_for_update()
    if manager is not None:
        if not Membership.objects.manageable_by(manager).filter(pk=membership.pk).exists():
            raise PermissionDenied
    return rows.select_related("user", "organization").get(pk=membership.pk)


def _lock_organization(pk):
    # Decisions about one organisation's members queue up behind this lock, so two
    # administrators stepping down at once cannot leave it without one.
    return Organization.objects.select_for_update().get(pk=pk)


def _must_be(membership, status):
    if membership.status != status:
        raise Refused(
            _("This membership is %(status)s: nothing was changed.")
            % {"status": membership.get_status_display()}
        )


def _required_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give the reason: the person is told."))
    return reason


def _decide(membership, status, acting_user, *, reason):
    membership.status = status
    membership.decided_by = acting_user
    membership.decided_at = timezone.now()
    membership.reason = reason
    _stamp(membership, acting_user)
    membership.save()
    return membership


def _tie_contact(membership, acting_user):
    """The approved member appears among the organisation's contacts, tied to their account:
    the registry's contact with their address if there is one, else a new one."""
    user = membership.user
    mine = Contact.objects.select_for_update().filter(organization=membership.organization)
    contact = (
        mine.filter(user=user).first()
        or mine.filter(user__isnull=True, email__iexact=user.email).order_by("pk").first()
    )
    if contact is None:
        contact = Contact(organization=membership.organization, name=user.full_name or user.email)
    contact.user = user
    contact.email = user.email
    contact.position = membership.position or contact.position
    contact.phone = contact.phone or user.phone or ""
    contact.language = user.language or contact.language
    if membership.consent:
        _apply_consent(contact, True, was_consenting=contact.consent)
    _stamp(contact, acting_user)
    contact.save()
    return contact


def _untie_contact(membership, acting_user):
    """A former member keeps no tie: their contact stays in the registry (the organisation
    may remove it), without their account."""
    for contact in Contact.objects.select_for_update().filter(
        user=membership.user, organization=membership.organization
    ):
        contact.user = None
        _stamp(contact, acting_user)
        contact.save()


def approvers(organization):
    """Who decides on a request to join `organization`: its administrators, or, when it has
    none (a proposed organisation, or one nobody represents yet), the customs officers."""
    administrators = [
        m.user
        for m in Membership.objects.administrators()
        .filter(organization=organization, user__is_active=True)
        .select_related("user")
    ]
    return administrators or list(permissions.customs_officers())


def _notify_approvers(membership):
    for user in approvers(membership.organization):
        notifications.notify(
            REQUEST_KIND,
            target=membership,
            email=user.email,
            recipient=user,
            key=f"{REQUEST_KIND}:{membership.pk}:{user.pk}",
        )


def _notify_requester(membership):
    user = membership.user
    notifications.notify(
        DECISION_KIND,
        target=membership,
        email=user.email,
        recipient=user,
        payload={"status": membership.status, "reason": membership.reason},
        key=f"{DECISION_KIND}:{membership.pk}:{membership.decided_at.isoformat()}",
    )
