"""Calendar feeds: each person's secret feed URL, and a new one on request."""

from django.db import transaction

from meetings.models import CalendarFeed, new_token


def feed_for(user):
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed_token(user):
    """A new secret URL for the person's feed; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_token()
            feed.save(update_fields=["token"])
    return feed
