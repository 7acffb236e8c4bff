"""The integrity app's e-mails, rendered at send time by the notification dispatcher."""

from django.conf import settings
from django.urls import reverse

from integrity.services import complaints as _complaints
from portal import permissions
from portal.notifications import registry
from portal.notifications.emails import render_email

# --- Complaints -----------------------------------------------------------------------------
#
# No e-mail about a complaint carries its content: the unit's e-mails give the case's
# reference, its deadlines and a link to the case (which only the unit can open); the
# reporter's e-mail says that the unit answered and links to "my reports". A receipt code is
# never e-mailed. Each renderer re-checks that its recipient may still be told.


def _to_unit_member(notification):
    complaint = notification.target
    recipient = notification.recipient
    if complaint is None or recipient is None or not permissions.is_integrity_unit(recipient):
        return None
    return complaint


def _render_unit(name, notification, **extra):
    complaint = _to_unit_member(notification)
    if complaint is None:
        return None
    url = settings.SITE_URL + reverse("integrity:case", args=[complaint.pk])
    return render_email(name, notification.email, {"complaint": complaint, "url": url, **extra})


@registry.renderer(_complaints.NEW)
def render_complaint_new(notification):
    return _render_unit("integrity-complaint_new", notification)


@registry.renderer(_complaints.ANSWERED)
def render_complaint_answered(notification):
    return _render_unit("integrity-complaint_answered", notification)


@registry.renderer(_complaints.REMINDER)
def render_complaint_reminder(notification):
    complaint = notification.target
    if complaint is None or complaint.is_closed:
        return None
    return _render_unit("integrity-complaint_reminder", notification)


@registry.renderer(_complaints.ESCALATED)
def render_complaint_escalated(notification):
    complaint = notification.target
    if complaint is None or complaint.is_closed:
        return None
    if notification.recipient is None or not permissions.is_integrity_head(notification.recipient):
        return None
    return _render_unit("integrity-complaint_escalated", notification)


@registry.renderer(_complaints.REPLY)
def render_complaint_reply(notification):
    complaint = notification.target
    reporter = notification.recipient
    if complaint is None or reporter is None or complaint.reporter_id != reporter.pk:
        return None
    url = settings.SITE_URL + reverse("integrity:my_report", args=[complaint.pk])
    return render_email(
        "integrity-complaint_reply", notification.email, {"complaint": complaint, "url": url}
    )
