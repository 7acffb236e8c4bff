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
from django.utils import timezone
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
    """The occurrences at which `consultation` is on the agenda, among the meetings `user` may
    see, soonest first (meetings.models.Occurrence: its own date, its own page).

    A single meeting is its own occurrence; an occurrence of a series held on its own (which
    has its own agenda) is listed by its date; a series with the text on its agenda is listed
    once, at the occurrence where the text comes up: the first one not cancelled that ends
    after the consultation opened (or after now, before it opens), unless one held on its own
    from then on is listed; else its last one. Never the series' first date, which may be
    long before the consultation.
    """
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(consultations=consultation)
        .prefetch_related("exceptions", "detached")
        .order_by("start", "pk")
    )
    since = consultation.opens_at or timezone.now()
    # Series one of whose occurrences held on their own, from `since` on, carries the text:
    # that occurrence is the one listed.
    on_their_own = {m.series_id for m in meetings if m.series_id and m.end > since}
    found = []
    for meeting in meetings:
        if not meeting.is_series:
            found.append(meeting.occurrences()[0])
        elif meeting.pk not in on_their_own:
            occurrence = _occurrence_for(meeting, since)
            if occurrence is not None:
                found.append(occurrence)
    return sorted(found, key=lambda occurrence: (occurrence.start, occurrence.meeting.pk))


def _occurrence_for(meeting, since):
    coming = [o for o in meeting.occurrences(since, None) if not o.cancelled]
    if coming:
        return coming[0]
    held = [o for o in meeting.occurrences() if not o.cancelled]
    return held[-1] if held else None


def sessions_discussing(consultation, user):
    """The forum sessions with `consultation` on their agenda, in forums `user` may see."""
    return (
        Session.objects.filter(consultations=consultation, forum__in=Forum.objects.visible_to(user))
        .select_related("forum")
        .order_by("start", "pk")
    )
