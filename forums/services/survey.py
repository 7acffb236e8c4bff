"""The survey after a forum: an attendee's feedback, recorded once."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Feedback, Registration
from forums.services._common import Refused, Status
from portal.notifications import queue as notifications


def submit_feedback(
    registration, *, acting_user, rating, most_useful_session=None, suggestions="", now=None
):
    """Record an attendee's answer to the survey (once, after the forum)."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("forum")
            .get(pk=registration.pk)
        )
        if registration.status != Status.ATTENDED:
            raise Refused(
                _("Only people who attended the forum can give feedback."), "not_attended"
            )
        if not registration.forum.has_ended(now):
            raise Refused(_("The survey opens when the forum ends."), "too_early")
        if Feedback.objects.filter(registration=registration).exists():
            raise Refused(_("You have already given your feedback. Thank you!"), "duplicate")
        if (
            most_useful_session is not None
            and most_useful_session.forum_id != registration.forum_id
        ):
            raise Refused(_("Choose a session of this forum."), "session")
        feedback = Feedback.objects.create(
            registration=registration,
            rating=rating,
            most_useful_session=most_useful_session,
            suggestions=suggestions,
            submitted_at=now,
        )
        notifications.cancel_for(registration, kind="forums.feedback")
    return feedback
