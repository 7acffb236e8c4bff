"""Calendar feeds: each person's secret feed URL, and a new one on request."""

from urllib.parse import urlencode

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


def subscription_links(url, name):
    """The ways to subscribe to the feed at `url` (absolute http or https): the address
    itself, the same as webcal:// (calendar programs on the computer and phones open it and
    offer to subscribe), and the one-click pages of Google Calendar and Outlook.com, which
    fetch the feed from their own servers (so only a feed reachable from the Internet works
    there)."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    webcal = f"webcal://{rest}"
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}),
    }
