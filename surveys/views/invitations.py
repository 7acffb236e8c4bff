"""Officers' page of a survey's invitations: how many are in its audience, how many were
invited, how many have answered (a count only: never who, so that an anonymous survey's page
says nothing about anyone), the reminders sent; and the button that reminds those who have not
answered."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal.permissions import customs_required
from surveys import audience
from surveys.models import Survey
from surveys.services import invitations as survey_invitations
from surveys.services._common import Refused


@customs_required
def invitations(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    now = timezone.now()
    public = survey.audience == Survey.Audience.PUBLIC
    reminders = list(survey.reminders.select_related("sent_by"))
    last = reminders[0] if reminders else None
    context = {
        "survey": survey,
        "public": public,
        "audience_size": None if public else audience.members(survey).count(),
        "invited": survey_invitations.invited_count(survey),
        "answered": survey.participations.count(),
        "reminders": reminders,
        "may_remind": (
            not public and survey.is_open(now) and survey_invitations.may_remind_again(last, now)
        ),
        "next_reminder_at": (
            last.sent_at + survey_invitations.REMINDER_INTERVAL
            if last and not survey_invitations.may_remind_again(last, now)
            else None
        ),
    }
    return render(request, "surveys/invitations.html", context)


@customs_required
@require_POST
def remind(request, pk):
    """Remind every member of the audience who has not answered yet (at most once a day)."""
    survey = get_object_or_404(Survey, pk=pk)
    try:
        reminder = survey_invitations.remind_unanswered(survey, acting_user=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(count)d person who has not answered.",
                "A reminder is on its way to %(count)d people who have not answered.",
                reminder.recipients,
            )
            % {"count": reminder.recipients},
        )
    return redirect("surveys:invitations", pk=survey.pk)
