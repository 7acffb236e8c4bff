"""A consultation on the agenda of a meeting or of a forum session.

The link is stored on the agenda's side (Meeting.consultations, forums' Session.consultations)
and edited with the meeting or the session; this module is the one place that decides which
consultations an officer may put on an agenda and which links a viewer is shown:

- a viewer sees a consultation on an agenda only if they may see the consultation
  (Consultation.objects.visible_to), so that nobody learns the title of a text not meant
  for them;
- the consultation's page lists only the meetings (Meeting.objects.visible_to) and the forum
  sessions (Forum.objects.visible_to) the viewer may see.

Each read is one query whatever the number of meetings, sessions or consultations.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from consultations.models import Consultation
from forums.models import Forum, Session
from meetings.models import Meeting

# Attribute set on each meeting or session by `visible_consultations`.
ATTRIBUTE = "agenda_consultations"


def choices_for(user):
    """The consultations `user` may put on an agenda: those they may see, newest first."""
    if user is None:
        return Consultation.objects.none()
    return Consultation.objects.visible_to(user).order_by("-closes_at", "-pk")


def setup_field(field, user):
    """Prepare a meeting's or a session's `consultations` form field for `user`."""
    field.queryset = choices_for(user)
    field.label_from_instance = lambda consultation: (
        f"{consultation.title} ({consultation.phase().label})"
    )
    field.help_text = _(
        "Draft texts open for comment that are discussed here: the page links to them, for "
        "those who may see them. Hold Ctrl (or Cmd) to choose several."
    )


def consultations_for_agenda(consultations, *, acting_user):
    """Check that `acting_user` may see every consultation put on an agenda; return them."""
    consultations = list(consultations)
    if not consultations:
        return consultations
    wanted = {consultation.pk for consultation in consultations}
    seen = set(choices_for(acting_user).filter(pk__in=wanted).values_list("pk", flat=True))
    if seen != wanted:
        raise PermissionDenied
    return consultations


def on_agenda(holder, user):
    """The consultations on a meeting's or a session's agenda that `user` may see."""
    return (
        Consultation.objects.visible_to(user)
        .filter(pk__in=holder.consultations.values("pk"))
        .order_by("title", "pk")
    )


def visible_consultations(user, lookup="consultations"):
    """A prefetch giving each meeting or session (reached by `lookup`) the list of the
    consultations on its agenda that `user` may see, as `agenda_consultations`."""
    return Prefetch(
        lookup,
        queryset=Consultation.objects.visible_to(user).order_by("title", "pk"),
        to_attr=ATTRIBUTE,
    )


def meetings_discussing(consultation, user):
    """The meetings with `consultation` on their agenda that `user` may see, soonest first.
    A series is listed once: the occurrences held on their own (which copy its agenda) are
    reached from its page."""
    return (
        Meeting.objects.visible_to(user)
        .filter(consultations=consultation, series__isnull=True)
        .order_by("start", "pk")
    )


def sessions_discussing(consultation, user):
    """The forum sessions with `consultation` on their agenda, in forums `user` may see."""
    return (
        Session.objects.filter(consultations=consultation, forum__in=Forum.objects.visible_to(user))
        .select_related("forum")
        .order_by("start", "pk")
    )
