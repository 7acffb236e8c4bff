"""The e-mails surveys send, rendered at send time by the notification dispatcher.

Each renderer checks that its e-mail still applies and returns None otherwise, which drops the
row unsent: the survey is still launched and open (or opens later, for an invitation), the
person is still in its audience, and has not answered (the `Participation` record, read here
and nowhere else: answering never cancels a row, see surveys.services.invitations). A reminder
also respects the person's choice not to receive reminders (portal.notifications.queue
.wants_reminders); an invitation goes out regardless, as the meetings' do.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.notifications import queue as notification_queue
from portal.notifications import registry
from portal.notifications.emails import render_email
from surveys import audience
from surveys.models import Participation, Survey
from surveys.services import invitations


def _still_wanted(notification, *, reminder):
    survey = Survey.objects.filter(pk=notification.target_id).first()
    if survey is None or survey.status != Survey.Status.LAUNCHED:
        return None
    now = timezone.now()
    if survey.closes_at is not None and survey.closes_at <= now:
        return None
    if reminder and not survey.is_open(now):
        return None
    user = get_user_model().objects.filter(pk=notification.recipient_id, is_active=True).first()
    if user is None or not audience.is_for(survey, user):
        return None
    if Participation.objects.filter(survey=survey, user=user).exists():
        return None
    if reminder and not notification_queue.wants_reminders(user):
        return None
    return survey, user


def context(survey, user):
    return {
        "survey": survey,
        "name": user.get_full_name() or user.email,
        "survey_url": f"{settings.SITE_URL}{survey.get_absolute_url()}",
    }


@registry.renderer(invitations.INVITATION_KIND)
def render_invitation(notification):
    found = _still_wanted(notification, reminder=False)
    if found is None:
        return None
    survey, user = found
    return render_email("surveys-invitation", notification.email, context(survey, user))


@registry.renderer(invitations.REMINDER_KIND)
def render_reminder(notification):
    """An officer's reminder: dropped for anyone who has answered since it was queued."""
    found = _still_wanted(notification, reminder=True)
    if found is None:
        return None
    survey, user = found
    return render_email("surveys-reminder", notification.email, context(survey, user))


from surveys import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
