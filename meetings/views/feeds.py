"""Calendar files: the public feed, a person's feed at a secret URL and its settings, and one
meeting as an .ics file."""

import hashlib
import time
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from meetings import forms
from meetings.entries import calendar_entries
from meetings.models import CalendarFeed
from meetings.services import feeds
from meetings.views import visible
from portal import calendar, ical
from portal.middleware import NOT_STORED
from portal.notifications import queue as notifications
from portal.notifications.models import ReminderOptOut
from portal.permissions import signed_in_required

FEED_PAST = timedelta(days=92)
FEED_FUTURE = timedelta(days=400)
# A rendered feed is kept under its version: a new version is a new key, so nothing is ever
# stale; an unused one simply expires.
FEED_CACHE_SECONDS = 7 * 24 * 3600
# Raised when what the writer puts in a feed changes, so no feed cached before is served.
FEED_FORMAT = 3


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _window():
    """The feed's period in whole days (UTC): it moves once a day, so the entries it holds
    are those of the calendar's generation and of the day."""
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - FEED_PAST, today + FEED_FUTURE + timedelta(days=1)


def _feed(request, user, name, *, who, cache_control, alarms=False):
    """The feed, or "304 Not Modified" when the calendar program holds this version already.

    The ETag is a digest of the calendar's generation (one cache read: it changes with any
    change of what a feed may show, portal.calendar.register), the period, the language and
    the feed's owner, so a 304 builds nothing; the rendered feed is cached under the same
    digest, for programs that do not send the ETag back. Last-Modified is when this version
    was first drawn (`_last_modified`), for programs that send If-Modified-Since instead.
    A series is written as one recurring event, as the e-mailed invitations write it
    (meetings.entries.series_entries), so a person who has both sees it once.
    """
    start, end = _window()
    version = f"{who}|{calendar.generation()}|{start:%Y%m%d}|{get_language()}|{FEED_FORMAT}"
    digest = hashlib.sha256(version.encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    stamp_key = f"meetings:feed-modified:{digest}"
    modified = cache.get(stamp_key)
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        key = f"meetings:feed:{digest}"
        content = cache.get(key)
        if content is None or modified is None:
            entries = calendar.entries(user, start, end, alarms=alarms, recurring=True)
            content = ical.calendar_bytes(entries, name=name)
            cache.set(key, content, FEED_CACHE_SECONDS)
            modified = _last_modified(f"{who}|{get_language()}", stamp_key)
        response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = cache_control
    return response


def _last_modified(feed, stamp_key):
    """The Last-Modified of a feed's version drawn now (a Unix time in whole seconds): now,
    but always at least a second after that of the same feed's previous version, so that two
    versions drawn within one second never share it (HTTP dates count whole seconds, and
    If-Modified-Since would then answer 304 to the older one's holder)."""
    latest_key = f"meetings:feed-latest:{hashlib.sha256(feed.encode()).hexdigest()[:32]}"
    modified = int(time.time())
    previous = cache.get(latest_key)
    if previous is not None and modified <= previous:
        modified = previous + 1
    cache.set(latest_key, modified, FEED_CACHE_SECONDS)
    cache.set(stamp_key, modified, FEED_CACHE_SECONDS)
    return modified


def public_feed(request):
    """Every public entry, for anyone's calendar program."""
    return _feed(
        request,
        AnonymousUser(),
        _("Customs–Private Sector: public calendar"),
        who="public",
        cache_control="private, max-age=300",
    )


def personal_feed(request, token):
    """A person's feed at a secret URL: what that person may see, nothing more. Like every
    page a secret URL opens, no cache may keep it (NOT_STORED); calendar programs keep the
    ETag themselves and send it back."""
    opted_out = ReminderOptOut.objects.filter(user=OuterRef("user"))
    owner = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .annotate(opted_out=Exists(opted_out))
        .values_list("user_id", "user__kind", "user__is_superuser", "opted_out")
        .first()
    )
    if owner is None:
        raise Http404
    user_id, kind, is_superuser, opted_out = owner
    return _feed(
        request,
        # The person is loaded only when the feed is built, not for a 304.
        SimpleLazyObject(lambda: get_user_model().objects.get(pk=user_id)),
        _("Customs–Private Sector: my calendar"),
        # Its role too: what an officer sees differs (groups changes are in the generation).
        # And whether it wants reminders: the feed's alarms are those the portal e-mails.
        who=f"user-{user_id}-{kind}-{is_superuser}-{opted_out}",
        cache_control=NOT_STORED,
        # The alarms are the reminders the portal e-mails (reminders.alarm_offsets decides,
        # opting out included); `opted_out` above only keys the feed's version.
        alarms=True,
    )


@signed_in_required
def subscribe(request):
    """The personal feed's URL, its reset, and the reminders opt-out."""
    if request.method == "POST" and "reset" in request.POST:
        feeds.reset_feed_token(request.user)
        messages.success(request, _("Your calendar link was renewed; the old one no longer works."))
        return redirect("meetings:subscribe")
    if request.method == "POST":
        form = forms.ReminderSettingsForm(request.POST)
        if form.is_valid():
            notifications.set_reminders(request.user, enabled=form.cleaned_data["reminders"])
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("meetings:subscribe")
    feed = feeds.feed_for(request.user)
    form = forms.ReminderSettingsForm(
        initial={"reminders": notifications.wants_reminders(request.user)}
    )
    return render(
        request,
        "meetings/subscribe.html",
        {
            "feed_url": request.build_absolute_uri(feed.get_absolute_url()),
            "public_feed_url": request.build_absolute_uri(reverse("meetings:public_feed")),
            "form": form,
        },
    )


def subscribe_public(request):
    """How to subscribe to the public feed, for anyone."""
    return render(
        request,
        "meetings/subscribe_public.html",
        {
            "public_feed_url": request.build_absolute_uri(reverse("meetings:public_feed")),
            "signin_url": f"{reverse(settings.LOGIN_URL)}?next={reverse('meetings:subscribe')}",
        },
    )


def meeting_ics(request, pk):
    """The meeting as an .ics file, as the feeds and invitations write it (a series as one
    recurring event)."""
    meeting = get_object_or_404(
        visible(request.user).select_related("body").prefetch_related("exceptions", "detached"),
        pk=pk,
    )
    content = ical.calendar_bytes(calendar_entries(meeting), name=meeting.title)
    return _ics_response(content, f"meeting-{meeting.pk}.ics")
