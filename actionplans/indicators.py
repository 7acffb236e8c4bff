"""Engagement indicators per quarter, each with its trend against the previous quarter.

Each indicator is a function `indicator(quarter, *, today) -> Indicator`, listed in INDICATORS;
`engagement_indicators()` computes them all for the officers' dashboard. This module holds the
one that needs only the action plans; the integrator adds the ones that need the other apps
as functions next to it (meetings held, organisations engaged by category and quadrant, forum
attendance rate, consultation participation) and appends them to INDICATORS.

Each indicator makes a fixed number of queries, whatever the amount of data.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from actionplans.health import Health, health_of
from actionplans.models import Action, ActionPlan, ProgressUpdate


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return self.next().start - timedelta(days=1)

    def next(self):
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self):
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self):
        return pgettext("quarter", "Q%(number)s %(year)s") % {
            "number": self.number,
            "year": self.year,
        }


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    quarter: Quarter
    value: float | None  # None: not measurable for that quarter (e.g. nothing under way)
    previous: float | None
    unit: str = ""
    detail: str = ""

    @property
    def trend(self):
        """The change against the previous quarter (in the indicator's unit), or None."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def direction(self):
        trend = self.trend
        if trend is None:
            return None
        return "up" if trend > 0 else "down" if trend < 0 else "flat"


# --- Share of commitments on track ------------------------------------------------------


def _progress_at(updates, day):
    """The percent of the latest of `updates` (sorted by date) dated on or before `day`."""
    percent = 0
    for update_date, value in updates:
        if update_date > day:
            break
        percent = value
    return percent


def _share_on_track(actions, updates, quarter, today):
    if quarter.start > today:
        return None, 0, 0
    reference = min(quarter.end, today)
    day_before = quarter.start - timedelta(days=1)
    considered = on_track = 0
    for action in actions:
        if action["start_date"] > reference:
            continue
        history = updates.get(action["pk"], [])
        # Only the current quarter can use the status editors set; the past is judged on the
        # progress reported by then.
        status = action["status"] if reference >= today else Action.Status.IN_PROGRESS
        done_before = (
            health_of(
                status=Action.Status.IN_PROGRESS,
                percent=_progress_at(history, day_before),
                start=action["start_date"],
                due=action["due_date"],
                today=day_before,
            )
            == Health.DONE
        )
        if done_before:
            continue
        health = health_of(
            status=status,
            percent=_progress_at(history, reference),
            start=action["start_date"],
            due=action["due_date"],
            today=reference,
        )
        if health is None:
            continue
        considered += 1
        if health not in (Health.AT_RISK, Health.OVERDUE):
            on_track += 1
    if not considered:
        return None, 0, 0
    return round(100 * on_track / considered, 1), on_track, considered


def commitments_on_track(quarter=None, *, today=None, plan=None):
    """Share of the quarter's commitments that are on track (neither at risk nor overdue).

    The quarter's commitments are the actions of approved, active or closed plans (not
    cancelled) whose work had begun by the end of the quarter (or today, for the current
    one) and that were not already done when it began. Each is judged, by the one health
    rule, on the progress reported by that date. Two queries.
    """
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    rows = Action.objects.exclude(plan__status=ActionPlan.Status.DRAFT).exclude(
        status=Action.Status.CANCELLED
    )
    if plan is not None:
        rows = rows.filter(plan=plan)
    actions = list(rows.values("pk", "start_date", "due_date", "status"))
    updates = defaultdict(list)
    for action_id, update_date, percent in (
        ProgressUpdate.objects.filter(action__in=rows)
        .order_by("action_id", "date", "created_at", "pk")
        .values_list("action_id", "date", "percent")
    ):
        updates[action_id].append((update_date, percent))
    value, on_track, considered = _share_on_track(actions, updates, quarter, today)
    previous, _on, _of = _share_on_track(actions, updates, quarter.previous(), today)
    return Indicator(
        key="commitments_on_track",
        label=_("Share of commitments on track"),
        quarter=quarter,
        value=value,
        previous=previous,
        unit="%",
        detail=_("%(on_track)s of %(count)s actions") % {"on_track": on_track, "count": considered},
    )


INDICATORS = [commitments_on_track]


def engagement_indicators(quarter=None, *, today=None):
    """Every engagement indicator for `quarter` (the current one by default)."""
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    return [indicator(quarter, today=today) for indicator in INDICATORS]
