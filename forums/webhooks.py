"""What the outgoing webhooks say about forums (portal.webhooks): a public forum whose
registration opens, with what its public page shows (not its online link, which registrants
alone receive).

Registration opens when a published forum reaches its opening time, or when a forum is
published (or reopened) with that time already past. Both paths emit under one key per forum
and opening time, so the event leaves once: set_forum_status tells it at publication, and
beat's `forums.tasks.announce_opened_registrations` finds the forums whose opening time has
passed since (it looks back OPENING_LOOKBACK, more than its interval).
"""

from datetime import timedelta

from django.utils import timezone

from forums.models import Forum
from portal.webhooks import events as webhooks

EVENT = "forum.registration_opened"
OPENING_LOOKBACK = timedelta(days=1)


def _public(forum):
    return {
        "slug": forum.slug,
        "title": forum.title,
        "theme": forum.theme,
        "description": forum.description,
        "start": forum.start.isoformat(),
        "end": forum.end.isoformat(),
        "venue": forum.venue,
        "city": forum.city,
        "country": str(forum.country),
        "organiser": forum.organiser,
        "registration_opens_at": forum.registration_opens_at.isoformat(),
        "registration_closes_at": forum.registration_closes_at.isoformat(),
        "in_person_seats_left": forum.seats_left,
        "online": forum.offers_online,
        "online_seats_left": forum.online_seats_left if forum.offers_online else None,
        "url": webhooks.public_url(forum.get_absolute_url()),
    }


def registration_opened(forum, now=None):
    """Tell of `forum`'s registration opening, once per opening time, if it is a public
    forum whose registration is open now."""
    now = now or timezone.now()
    forum = Forum.objects.with_counts().filter(pk=forum.pk).first()
    if forum is None or forum.visibility != Forum.Visibility.PUBLIC:
        return None
    if not forum.registration_is_open(now):
        return None
    key = f"{EVENT}:{forum.pk}:{forum.registration_opens_at.isoformat()}"
    return webhooks.emit(EVENT, {"forum": _public(forum)}, key=key, now=now)


def announce_opened_registrations(now=None):
    """The public forums whose registration opened within OPENING_LOOKBACK: tell of each
    (once). Returns how many events were emitted."""
    now = now or timezone.now()
    forums = Forum.objects.open(now).filter(
        visibility=Forum.Visibility.PUBLIC,
        registration_opens_at__gt=now - OPENING_LOOKBACK,
    )
    return sum(1 for forum in forums if registration_opened(forum, now) is not None)
