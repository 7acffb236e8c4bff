"""Forums' gauge on /metrics (portal/metrics.py), registered in ForumsConfig.ready: the seats
still free in each published forum whose registration is open or yet to open. Forums whose
registration has closed are left out, so the series stay few."""

from django.db.models import Count, Q

from forums.models import SEATED, Forum, Registration


def seats_left(now):
    """(forum slug, mode) and the seats still free: in person (capacity less reserved seats
    and those held) when the forum has seats in the room, online when it limits them."""
    forums = (
        Forum.objects.filter(status=Forum.Status.PUBLISHED, registration_closes_at__gt=now)
        .with_counts()
        .annotate(
            online_seated_count=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=SEATED,
                    registrations__attendance_mode=Registration.Mode.ONLINE,
                ),
            )
        )
        .order_by("pk")
    )
    for forum in forums:
        if forum.offers_in_person:
            yield (forum.slug, Registration.Mode.IN_PERSON.value), forum.seats_left
        if forum.offers_online and forum.online_capacity is not None:
            online = max(forum.online_capacity - forum.online_seated_count, 0)
            yield (forum.slug, Registration.Mode.ONLINE.value), online


def register():
    from portal import metrics

    metrics.register(
        "portal_forum_seats_left",
        "Seats still free per forum whose registration is open or yet to open, by forum "
        "(its short name) and mode (in_person, or online when online seats are limited).",
        seats_left,
        labels=("forum", "mode"),
    )
