"""Consultations on the agenda of a meeting or of a forum session, for the apps below them.

Meetings and forums store which consultations their agendas discuss, but they stand below the
consultations app and may not import it. The consultations app registers the one module that
decides what a viewer may see of those links (`consultations.agenda`) here, in its
`AppConfig.ready()`; meetings and forums call these functions, which pass the call on.
"""

from django.core.exceptions import ImproperlyConfigured

_provider = None


def register(provider):
    """Make `provider` (a module or object with the functions below) the agenda's source."""
    global _provider
    _provider = provider


def _source():
    if _provider is None:
        raise ImproperlyConfigured(
            "No app provides the consultations on agendas: is 'consultations' installed?"
        )
    return _provider


def setup_field(field, user):
    """Prepare a meeting's or a session's `consultations` form field for `user`."""
    _source().setup_field(field, user)


def consultations_for_agenda(consultations, *, acting_user):
    """Check that `acting_user` may see every consultation put on an agenda; return them."""
    return _source().consultations_for_agenda(consultations, acting_user=acting_user)


def on_agenda(holder, user):
    """The consultations on a meeting's or a session's agenda that `user` may see."""
    return _source().on_agenda(holder, user)


def visible_consultations(user, lookup="consultations"):
    """A prefetch giving each meeting or session the consultations on its agenda `user` may
    see, as `agenda_consultations`."""
    return _source().visible_consultations(user, lookup)
