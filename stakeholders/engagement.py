"""An organisation's engagement history, gathered from every app through one interface.

Meetings, forums, action plans and consultations each register a provider that lists what an
organisation took part in; the organisation page shows them together, newest first:

    engagement.register(meeting_engagements)

A provider is called as provider(organization, user) and returns EngagementItem objects that
`user` may see (deciding that with its own `visible_to` queryset).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

_providers = []


@dataclass(frozen=True)
class EngagementItem:
    when: date | datetime
    kind_label: str  # "Meeting", "Forum registration", ... (already translated, lazily)
    title: str
    url: str = ""
    detail: str = ""  # e.g. the organisation's role or the registration's status


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def _moment(when):
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day)
    return when if timezone.is_aware(when) else timezone.make_aware(when)


def history(organization, user):
    """Everything `organization` took part in that `user` may see, newest first."""
    items = []
    for provider in _providers:
        items.extend(provider(organization, user))
    return sorted(items, key=lambda item: _moment(item.when), reverse=True)
