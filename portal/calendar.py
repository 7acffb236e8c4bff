"""The shared calendar's common interface.

Meetings and forums both appear on one calendar, in the iCalendar feeds and in reminders. Each
app hands its entries to the calendar through a provider: a function that, for a viewer and a
period, returns the `CalendarEntry` items that viewer may see (deciding that with its own
`visible_to` queryset); and a stamp: a function of the same viewer and period that returns,
cheaply, a small value that changes whenever the provider's entries would. The feeds' ETag is
made of the stamps (`version`), so a calendar program asking again is told "not modified"
without a single entry being built. Apps register both in AppConfig.ready:

    calendar.register(meeting_entries, stamp=meeting_stamp)

Pages, feeds and the home page then ask `entries(...)` or `upcoming(...)`, never an app.

A provider is called as provider(user, start, end, **filters) and must accept filters it does
not know. The calendar page passes these, each only when the viewer chose it:

- `kind`: an entry kind, a meeting kind ("plenary", "bilateral", ...) or "forum"; a provider
  returns nothing for a kind that is not one of its own;
- `body`: a dialogue body's id (meetings.DialogueBody);
- `organization`: an organisation's id (stakeholders.Organization) taking part.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

_providers = []
_stamps = []


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
    # A recurring entry, as an invitation to a series carries it: `rrule` (icalendar's vRecur
    # keys, e.g. {"freq": "weekly", "count": 4}) with `exdates`, the starts of the occurrences
    # that do not take place; or `recurrence_id`, the original start of the one occurrence an
    # entry (with the series' UID) changes. Feeds expand occurrences instead and leave these.
    rrule: dict | None = field(default=None, hash=False)
    exdates: tuple = field(default_factory=tuple)
    recurrence_id: datetime | None = None


def register(provider, *, stamp):
    if provider not in _providers:
        _providers.append(provider)
        _stamps.append(stamp)
    return provider


def providers():
    return list(_providers)


def entries(user, start, end, **filters):
    """Every entry `user` may see that overlaps [start, end), in time order."""
    found = []
    for provider in _providers:
        found.extend(provider(user, start, end, **filters))
    return sorted(found, key=lambda entry: (entry.start, entry.title))


def version(user, start, end):
    """A digest that changes whenever `entries(user, start, end)` may: of the period and of
    every provider's stamp. The same digest means the same entries."""
    parts = [
        start.isoformat(),
        end.isoformat(),
        *(repr(stamp(user, start, end)) for stamp in _stamps),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


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
