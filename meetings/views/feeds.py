"""Calendar files: the public feed, a person's feed at a secret URL and its settings, and one
meeting as an .ics file."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings import forms
from meetings.entries import entry_for
from meetings.models import CalendarFeed
from meetings.services import feeds
from meetings.views import visible
from portal import calendar, ical
from portal.middleware import not_stored
from portal.notifications import queue as notifications
from portal.permissions import signed_in_required

FEED_PAST = timedelta(days=92)
FEED_FUTURE = timedelta(days=400)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _feed(user, name):
    now = timezone.now()
    entries = calendar.entries(user, now - FEED_PAST, now + FEED_FUTURE)
    return HttpResponse(
        ical.calendar_bytes(entries, name=name), content_type="text/calendar; charset=utf-8"
    )


def public_feed(request):
    """Every public entry, for anyone's calendar program."""
    response = _feed(AnonymousUser(), _("Customs–Private Sector: public calendar"))
    response["Cache-Control"] = "private, max-age=300"
    return response


def personal_feed(request, token):
    """A person's feed at a secret URL: what that person may see, nothing more."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    return not_stored(_feed(feed.user, _("Customs–Private Sector: my calendar")))


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


def meeting_ics(request, pk):
    """The meeting (every occurrence of a series in the coming year) as an .ics file."""
    meeting = get_object_or_404(visible(request.user).select_related("body"), pk=pk)
    if meeting.is_series:
        now = timezone.now()
        occurrences = meeting.occurrences(now - FEED_PAST, now + FEED_FUTURE)
    else:
        occurrences = meeting.occurrences()
    content = ical.calendar_bytes([entry_for(o) for o in occurrences], name=meeting.title)
    return _ics_response(content, f"meeting-{meeting.pk}.ics")
