"""The integrity indicators on the action-plan dashboard (actionplans.indicators.register)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from actionplans.indicators import Indicator
from integrity.models import GiftVersion


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
