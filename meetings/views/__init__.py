"""Pages of meetings and of the shared calendar. Each view checks who may do it, validates a
form and calls one service; what a person may see comes from the `visible_to` querysets.

The pages are grouped by what they serve: the shared calendar (calendar.py), calendar files and
feeds (feeds.py), meeting pages and scheduling (meetings.py), invitations, replies and agenda
proposals (invitations.py), minutes and commitments (minutes.py),
dialogue bodies (bodies.py), meeting requests (requests.py). What they share is below."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import Meeting

ERRORS = {
    "closed": gettext_lazy("This meeting can no longer be changed."),
    "occurrence": gettext_lazy("This occurrence does not exist."),
    "end": gettext_lazy("The meeting must end after it starts."),
    "response": gettext_lazy("Choose a reply."),
    "series": gettext_lazy("Record minutes on a single occurrence, not on the whole series."),
    "not_held": gettext_lazy(
        "Minutes can be recorded once the meeting has started, unless it was cancelled."
    ),
    "answered": gettext_lazy("This request has already been answered."),
    "working_day": gettext_lazy("This occurrence already falls on a working day."),
    "past": gettext_lazy("The previous working day has already gone by."),
    "reminded_recently": gettext_lazy(
        "A reminder to reply was sent less than 24 hours ago: it is not sent again yet."
    ),
    "nobody_to_remind": gettext_lazy("Every invitee has replied: there is nobody to remind."),
    "replies_closed": gettext_lazy(
        "This meeting was cancelled or has already been held: it no longer takes replies."
    ),
    "no_cochair": gettext_lazy(
        "This meeting has no private-sector co-chair with a portal account to validate its minutes."
    ),
    "not_cochair": gettext_lazy("Only the private-sector co-chair validates these minutes."),
    "not_awaiting": gettext_lazy(
        "This version no longer awaits your validation: it was answered or replaced."
    ),
    "comment": gettext_lazy("Say which changes you propose."),
    "nothing_pending": gettext_lazy("No draft of the minutes is waiting to be published."),
    "reason": gettext_lazy("Give the reason for publishing without the co-chair's validation."),
}


def show_error(request, exc):
    """Tell the person why a service refused (a MeetingError), in their language."""
    message = getattr(exc, "message", None) or ERRORS.get(str(exc))
    messages.error(request, str(message or _("This change is not possible.")))


def visible(user):
    """The meetings `user` may see: every page starts from these."""
    return Meeting.objects.visible_to(user)


def invitation_for(user, meeting):
    """The signed-in person's invitation to `meeting`, or None."""
    if not user.is_authenticated:
        return None
    return meeting.invitations.of_user(user).first()
