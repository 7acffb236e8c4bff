"""The e-mails of contestations (actionplans.contests), rendered at send time by the
notification dispatcher in the recipient's language: to the responsible officer when one is
filed, to its author when it is answered. Each renderer re-reads the contestation and returns
None when the e-mail no longer applies (answered or removed before it went out), so the row is
dropped, not sent. Neither names an anonymous author's organisation."""

from django.conf import settings
from django.urls import reverse

from actionplans import contests
from actionplans.models import Contestation
from portal.notifications.emails import render_email
from portal.notifications.registry import renderer


def _contestation(notification):
    return (
        Contestation.objects.select_related("action", "action__plan", "organization", "author")
        .filter(pk=notification.target_id)
        .first()
    )


def board_url(contestation):
    return (
        settings.SITE_URL
        + reverse("actionplans:board_action", args=[contestation.action_id])
        + f"#contestation-{contestation.pk}"
    )


@renderer(contests.FILED_KIND)
def render_filed(notification):
    contestation = _contestation(notification)
    recipient = notification.recipient
    if contestation is None or not contestation.is_open or recipient is None:
        return None
    if not contests.may_handle(recipient, contestation.action):
        return None
    context = {
        "recipient": recipient,
        "contestation": contestation,
        "action": contestation.action,
        "url": board_url(contestation),
    }
    return render_email("actionplans-contestation-filed", notification.email, context)


@renderer(contests.ANSWERED_KIND)
def render_answered(notification):
    contestation = _contestation(notification)
    if contestation is None or contestation.status != Contestation.Status.ANSWERED:
        return None
    context = {
        "recipient": contestation.author,
        "contestation": contestation,
        "action": contestation.action,
        "url": board_url(contestation),
    }
    return render_email("actionplans-contestation-answered", notification.email, context)
