"""Forums' gauge on /metrics (portal/metrics.py), registered in ForumsConfig.ready: the seats
still free in each published forum whose registration is open or yet to open. Forums whose
registration has closed are left out, so the series stay few."""

from forums.models import Forum, Registration


def seats_left(now):
    """(forum slug, mode) and the seats still free: in person (capacity less reserved seats
    and those held) when the forum has seats in the room, online when it limits them."""
    forums = Forum.objects.filter(
        status=Forum.Status.PUBLISHED, registration_closes_at__gt=now
    ).with_counts()
    for forum in forums.order_by("pk"):
        if forum.offers_in_person:
            yield (forum.slug, Registration.Mode.IN_PERSON.value), forum.seats_left
        if forum.offers_online and forum.online_seats_left is not None:
            yield (forum.slug, Registration.Mode.ONLINE.value), forum.online_seats_left


def register():
    from portal import metrics

    metrics.register(
        "portal_forum_seats_left",
        "Seats still free per forum whose registration is open or yet to open, by forum "
        "(its short name) and mode (in_person, or online when online seats are limited).",
        seats_left,
        labels=("forum", "mode"),
    )
