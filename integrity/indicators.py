"""The integrity registers' indicators, added to the action-plan dashboard's engagement
indicators (`actionplans.indicators.register` in IntegrityConfig.ready); the complaints' are
in integrity/statistics.py."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from actionplans.indicators import Indicator, Quarter
from integrity.models import ContactEntry, GiftVersion


def entries_on_time(quarter=None, *, today=None):
    """Share of the register entries due in the quarter (up to today) that were completed on
    time: published by an officer with their outcome, or withheld, on or before their due
    date. None when none was due. One query."""
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    aggregates = {}
    for which in (quarter, quarter.previous()):
        stem = f"q{which.year}_{which.number}"
        due = Q(due_on__gte=which.start, due_on__lte=min(which.end, today))
        aggregates[f"{stem}_due"] = Count("pk", filter=due)
        aggregates[f"{stem}_on_time"] = Count("pk", filter=due & ContactEntry.objects.on_time_q())
    counts = ContactEntry.objects.aggregate(**aggregates)
    values = []
    for which in (quarter, quarter.previous()):
        stem = f"q{which.year}_{which.number}"
        due, on_time = counts[f"{stem}_due"], counts[f"{stem}_on_time"]
        values.append((round(100 * on_time / due, 1) if due else None, due, on_time))
    (value, due, on_time), (previous, *_rest) = values
    return Indicator(
        key="register_on_time",
        label=_("Register of contacts: entries completed on time"),
        quarter=quarter,
        value=value,
        previous=previous,
        unit="%",
        detail=ngettext(
            "%(on_time)s of %(due)s entry due in the quarter",
            "%(on_time)s of %(due)s entries due in the quarter",
            due,
        )
        % {"on_time": on_time, "due": due}
        if due
        else "",
    )


def declarations_per_quarter(quarter, *, today):
    """Gift, hospitality and invitation declarations recorded in the quarter (and in the one
    before), with how many of them were refused and accepted (as their latest version says).
    One query."""
    first, _end = quarter.previous().bounds()
    start, last = quarter.bounds()
    made = "declaration__created_at"
    latest = GiftVersion.objects.latest().filter(**{f"{made}__gte": first, f"{made}__lt": last})
    counts = latest.aggregate(
        previous=Count("pk", filter=Q(**{f"{made}__lt": start})),
        value=Count("pk", filter=Q(**{f"{made}__gte": start})),
        refused=Count(
            "pk", filter=Q(**{f"{made}__gte": start}, decision=GiftVersion.Decision.REFUSED)
        ),
    )
    value = counts["value"] if quarter.start <= today else None
    return Indicator(
        key="gift_declarations",
        label=_("Gift and hospitality declarations"),
        quarter=quarter,
        value=value,
        previous=counts["previous"],
        detail=_("%(refused)s refused, %(accepted)s accepted")
        % {"refused": counts["refused"], "accepted": counts["value"] - counts["refused"]},
    )
