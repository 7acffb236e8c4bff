"""The e-mails memberships send, rendered at send time by the notification dispatcher (in the
recipient's language): a request to its approvers, a decision to the requester.

Each renderer re-reads the membership and returns None when the e-mail no longer applies (a
request decided or withdrawn before the e-mail went out), so the row is dropped, not sent.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.notifications import registry, unsubscribe
from portal.notifications.emails import render_email
from stakeholders import membership as services
from stakeholders import services as contact_services
from stakeholders.models import Membership, domain_of, known_domains

# The contacts' mailings (announcements, consultations) are sent to contacts who consent: the
# one-click link of their e-mails withdraws that consent (the one place it is kept).
MAILINGS = "mailings"


def _leave_mailings(email, target):
    contact_services.withdraw_consent(email=email)


unsubscribe.register(
    MAILINGS,
    label=_("messages from Customs to organisations' contacts (announcements, consultations)"),
    leave=_leave_mailings,
)


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


def _membership(notification):
    return (
        Membership.objects.select_related("user", "organization")
        .filter(pk=notification.target_id)
        .first()
    )


@registry.renderer(services.REQUEST_KIND)
def render_request(notification):
    membership = _membership(notification)
    if membership is None or not membership.is_pending:
        return None
    recipient = notification.recipient
    if (
        recipient is None
        or not Membership.objects.manageable_by(recipient).filter(pk=membership.pk).exists()
    ):
        return None  # no longer an approver of this organisation
    domain = domain_of(membership.user.email)
    context = {
        "membership": membership,
        "recipient": recipient,
        "domain": domain,
        "domain_known": domain in known_domains(membership.organization),
        "url": _absolute(reverse("stakeholders:members", args=[membership.organization_id])),
    }
    return render_email("stakeholders-membership-request", notification.email, context)


@registry.renderer(services.DECISION_KIND)
def render_decision(notification):
    membership = _membership(notification)
    if membership is None:
        return None
    context = {
        "membership": membership,
        "status": notification.payload.get("status", membership.status),
        "reason": notification.payload.get("reason", ""),
        "url": _absolute(reverse("stakeholders:mine")),
    }
    return render_email("stakeholders-membership-decision", notification.email, context)


from stakeholders import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
