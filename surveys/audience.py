"""Who a survey is for: the one rule that the answer page, the invitations and the reminders
read.

- everyone (public link): anyone, signed in or not;
- signed-in representatives: anyone who acts for an organisation (an approved membership);
- members of chosen organisations or dialogue bodies: the representatives of those
  organisations, and of the bodies' member organisations;
- attendees of a forum: the holders of an "attended" registration;
- attendees of a meeting: the invitees recorded as present (as a portal user, or through a
  contact linked to an account).

Officers may open every survey (to see it as respondents will) but never count as its
audience.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from forums.models import Registration
from meetings.models import Invitation
from stakeholders.models import Membership
from surveys.models import Survey

Audience = Survey.Audience


def members(survey):
    """The accounts the survey is for, as a queryset of users (none for a public survey: its
    audience is whoever has the link)."""
    users = get_user_model().objects.filter(is_active=True)
    if survey.audience == Audience.PUBLIC:
        return users.none()
    if survey.audience == Audience.REPRESENTATIVES:
        return users.filter(pk__in=Membership.objects.approved().values("user_id"))
    if survey.audience == Audience.ORGANIZATIONS:
        organizations = Q(organization__in=survey.organizations.all()) | Q(
            organization__dialogue_bodies__in=survey.bodies.all()
        )
        return users.filter(
            pk__in=Membership.objects.approved().filter(organizations).values("user_id")
        )
    if survey.audience == Audience.FORUM:
        return users.filter(
            pk__in=Registration.objects.filter(
                forum_id=survey.forum_id,
                status=Registration.Status.ATTENDED,
                user__isnull=False,
            ).values("user_id")
        )
    if survey.audience == Audience.MEETING:
        present = Invitation.objects.filter(meeting_id=survey.meeting_id, attended=True)
        return users.filter(
            Q(pk__in=present.values("user_id")) | Q(pk__in=present.values("contact__user_id"))
        )
    raise ValueError(survey.audience)


def is_for(survey, user):
    """Whether `user` (a visitor: None or anonymous) is in the survey's audience."""
    if survey.audience == Audience.PUBLIC:
        return True
    if user is None or not user.is_authenticated:
        return False
    return members(survey).filter(pk=user.pk).exists()
