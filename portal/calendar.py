"""The shared calendar's common interface.

Meetings and forums both appear on one calendar, in the iCalendar feeds and in reminders. Each
app hands its entries to the calendar through a provider: a function that, for a viewer and a
period, returns the `CalendarEntry` items that viewer may see (deciding that with its own
`visible_to` queryset). Apps register their provider in AppConfig.ready, with the models whose
rows its entries are made of or whose rows decide who sees them:

    calendar.register(meeting_entries, models=[Meeting, Invitation, ...])

Any row of those models saved or deleted, or any change of their many-to-many links, makes a
new calendar `generation()`: the feeds' ETag is made of it, so a calendar program asking again
is told "not modified" with no entry built, and the rendered feeds are kept under it.

Pages, feeds and the home page then ask `entries(...)` or `upcoming(...)`, never an app.

A provider is called as provider(user, start, end, **filters) and must accept filters it does
not know. The calendar page passes these, each only when the viewer chose it:

- `kind`: an entry kind, a meeting kind ("plenary", "bilateral", ...) or "forum"; a provider
  returns nothing for a kind that is not one of its own;
- `body`: a dialogue body's id (meetings.DialogueBody);
- `organization`: an organisation's id (stakeholders.Organization) taking part.

The feeds pass two more:

- `alarms=True`: each entry carries the reminders its provider e-mails the viewer about it;
- `recurring=True`: a repeating entry is given as calendar files carry it (one entry with
  `rrule` and `exdates`, and one entry with its UID and `recurrence_id` for each occurrence
  changed), not as its occurrences in the period; a provider without repeating entries
  ignores it. Every calendar file the portal writes (feeds, downloads, e-mails) names an
  entry the same way, so a program that got it twice holds it once.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from portal import generations

_providers = []
# The section of portal.generations that the providers' models renew.
SECTION = "calendar"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable across changes: derived from the entry and its occurrence, never random
    title: str
    start: datetime  # aware
    end: datetime  # aware
    url: str  # the entry's page on the portal
    kind: str  # "meeting", "forum", ...
    kind_label: str = ""
    location: str = ""
    online_url: str = ""
    description: str = ""
    cancelled: bool = False
    sequence: int = 0  # increases on every change that matters to a calendar program
    last_modified: datetime | None = None
    public: bool = False
    categories: tuple = field(default_factory=tuple)
    # A recurring entry, as every calendar file carries a series: `rrule` (icalendar's vRecur
    # keys, e.g. {"freq": "weekly", "count": 4}) with `exdates`, the starts of the occurrences
    # that do not take place; or `recurrence_id`, the original start of the occurrence an
    # entry (with the series' UID) is: each occurrence has it, and the feeds write only those
    # that differ from the rule (the `recurring` filter).
    rrule: dict | None = field(default=None, hash=False)
    exdates: tuple = field(default_factory=tuple)
    recurrence_id: datetime | None = None
    # How long before the start the person's calendar program should remind them (VALARM):
    # set only for a personal feed's entries (the provider's `alarms=True` filter).
    alarms: tuple = field(default_factory=tuple)


def uid(local):
    """The UID of a calendar entry: `local` names the thing ("meeting-12", "forum-3"), the
    domain is the CALENDAR_UID_DOMAIN setting, never the site's address (which may change)."""
    return f"{local}@{settings.CALENDAR_UID_DOMAIN}"


def register(provider, *, models):
    """Add a calendar provider; `models`: those whose rows its entries depend on."""
    if provider not in _providers:
        _providers.append(provider)
        generations.follow(SECTION, models)
    return provider


def generation():
    """A value that changes whenever any calendar entry may have (see `register` and
    portal.generations)."""
    return generations.current(SECTION)[0]


def providers():
    return list(_providers)


def entries(user, start, end, **filters):
    """Every entry `user` may see that overlaps [start, end), in time order."""
    found = []
    for provider in _providers:
        found.extend(provider(user, start, end, **filters))
    return sorted(found, key=lambda entry: (entry.start, entry.title))


def kept(request, key, build, *, seconds):
    """The HTML `build()` returns, kept per viewer, language, time zone and day under the
    calendar's generation: for a part of a page drawn only from rows of the models the
    providers registered (the month grid, a person's registrations), seen again at the cost
    of a cache read. `seconds` bounds what the generation does not cover.

    `key` names the page and what it shows (e.g. "meetings:calendar|2027-03"), made by the
    view from the parameters it understood, never from the raw address: what a visitor types
    must not fill the cache. None builds it afresh, keeping nothing (a filtered view).
    """
    if key is None:
        return build()
    user = request.user
    parts = [
        key,
        str(user.pk) if user.is_authenticated else "visitor",
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        generation(),
    ]
    cache_key = f"calendar:kept:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"
    content = cache.get(cache_key)
    if content is None:
        content = build()
        cache.set(cache_key, content, seconds)
    return content


# upcoming() looks this far ahead first, then further until it has enough entries: on a busy
# calendar the next few entries are days away, and building a year's entries to show five
# made the home page slow (bench/pages.py). One step only: each costs a query per provider.
UPCOMING_WINDOWS = (timedelta(days=31),)


def upcoming(user, *, limit=5, now=None, horizon=timedelta(days=366), include_cancelled=False):
    """The next `limit` entries `user` may see within `horizon` from `now`."""
    now = now or timezone.now()
    windows = [w for w in UPCOMING_WINDOWS if w < horizon] + [horizon]
    for window in windows:
        found = [
            e for e in entries(user, now, now + window) if include_cancelled or not e.cancelled
        ]
        if len(found) >= limit:
            break
    return found[:limit]
