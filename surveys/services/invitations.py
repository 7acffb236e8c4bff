"""Who is asked to answer a survey: the invitations sent when it is launched, and the
reminders an officer sends to those who have not answered yet.

Every e-mail is a notification row rendered at send time (`surveys.emails`); the renderers
check then that it still applies. Answering a survey never touches a notification row: in an
anonymous survey the moment a row was cancelled would line up with the moment a response was
written. A reminder to someone who has answered since it was queued is dropped by its renderer
when it is due, and only then.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.services.invitations import (  # noqa: F401  (the officers' page reads it)
    REPLY_REMINDER_INTERVAL as REMINDER_INTERVAL,
)
from meetings.services.invitations import may_remind_again
from portal.notifications import queue as notifications
from portal.notifications.models import Notification
from surveys import audience
from surveys.models import Participation, Survey, SurveyReminder
from surveys.services._common import Refused, lock_survey

INVITATION_KIND = "surveys.invitation"
REMINDER_KIND = "surveys.reminder"
# An officer's reminder is not sent again for the same survey within REMINDER_INTERVAL: the
# meetings' rule for their reminders to reply (`may_remind_again`), one rule for both.


def invite_audience(survey, *, acting_user, now=None):
    """Queue an invitation e-mail to every member of a launched survey's audience, due when
    it opens (or now). Called once the survey is launched (surveys.services.building.launch);
    calling it again adds rows only for members who were not invited yet (each row has a key
    per survey and person). A public survey has no list of members: nobody is e-mailed.
    Returns the number of members invited."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = lock_survey(survey)
        if survey.status != Survey.Status.LAUNCHED or survey.audience == Survey.Audience.PUBLIC:
            return 0
        due_at = max(survey.opens_at or now, now)
        count = 0
        for user in audience.members(survey).exclude(email="").order_by("pk"):
            notifications.notify(
                INVITATION_KIND,
                target=survey,
                email=user.email,
                recipient=user,
                language=user.language,
                time_zone=user.time_zone,
                due_at=due_at,
                key=f"{INVITATION_KIND}:{survey.pk}:{user.pk}",
            )
            count += 1
    return count


def invited_count(survey):
    """How many invitations the survey has queued or sent (one per person)."""
    return (
        Notification.objects.about(survey)
        .filter(kind=INVITATION_KIND)
        .exclude(status=Notification.Status.CANCELLED)
        .count()
    )


def unanswered(survey):
    """The members of the audience who have not answered (a queryset of users)."""
    answered = Participation.objects.filter(survey=survey, user__isnull=False).values("user_id")
    return audience.members(survey).exclude(pk__in=answered).exclude(email="")


def remind_unanswered(survey, *, acting_user, now=None):
    """Queue a reminder to every member of the audience who has not answered yet, and record
    it (when, by whom, to how many).

    Refused when the survey is not open ("closed"), has no list of members ("public"), has
    nobody left to remind ("nobody_to_remind"), or was reminded less than REMINDER_INTERVAL
    ago ("reminded_recently"): two officers pressing the button at once queue one set of
    e-mails, the survey's lock ordering them.
    """
    now = now or timezone.now()
    with transaction.atomic():
        survey = lock_survey(survey)
        if survey.audience == Survey.Audience.PUBLIC:
            raise Refused(_("A public survey has no list of people to remind."), "public")
        if not survey.is_open(now):
            raise Refused(_("Reminders can be sent only while the survey is open."), "closed")
        if not may_remind_again(survey.reminders.first(), now):
            raise Refused(
                _("A reminder was sent less than a day ago: wait before sending another."),
                "reminded_recently",
            )
        users = list(unanswered(survey).order_by("pk"))
        if not users:
            raise Refused(_("Everyone in the audience has answered."), "nobody_to_remind")
        reminder = SurveyReminder.objects.create(
            survey=survey, sent_at=now, sent_by=acting_user, recipients=len(users)
        )
        for user in users:
            notifications.notify(
                REMINDER_KIND,
                target=survey,
                email=user.email,
                recipient=user,
                language=user.language,
                time_zone=user.time_zone,
                due_at=now,
                key=f"{REMINDER_KIND}:{survey.pk}:{user.pk}:{reminder.pk}",
            )
    return reminder
