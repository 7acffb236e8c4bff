"""What the public is told about complaints, and the officers' dashboard indicators.

Public statistics per quarter of receipt and per category: cases received, closed, and the
median number of days (calendar days, in the portal's time zone) to acknowledge and to close.
No figure drawn from fewer than MINIMUM cases is shown: a count under MINIMUM reads "fewer
than 5", and a median over fewer than MINIMUM cases is not given, so that no small group of
reports (and of reporters) can be told apart. The rule, and the complementary hiding of a
second count, is portal/suppression.py's, shared with the survey results.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.indicators import Indicator, Quarter
from integrity.models import Complaint
from portal.suppression import MIN_CELL as MINIMUM
from portal.suppression import PROTECTED, complementary

__all__ = ["MINIMUM", "PROTECTED", "complaint_statistics"]


@dataclass(frozen=True)
class Cell:
    """One line of the table: counts and medians, None where hidden."""

    label: str
    received: int | str | None  # None: fewer than MINIMUM; PROTECTED: see _protect
    closed: int | str | None
    days_to_acknowledge: float | None
    days_to_close: float | None


def _days(start, end):
    return (timezone.localdate(end) - timezone.localdate(start)).days


def _cell(label, rows):
    acknowledged = [_days(r[1], r[2]) for r in rows if r[2] is not None]
    closed = [_days(r[1], r[3]) for r in rows if r[3] is not None]
    return Cell(
        label=label,
        received=len(rows) if len(rows) >= MINIMUM else None,
        closed=len(closed) if len(closed) >= MINIMUM else None,
        days_to_acknowledge=median(acknowledged) if len(acknowledged) >= MINIMUM else None,
        days_to_close=median(closed) if len(closed) >= MINIMUM else None,
    )


def _protect(total, categories, field):
    """When one category's count is hidden and the quarter's total is not, the total minus
    the other categories would give it away: hide the smallest shown count as well."""
    index = complementary(getattr(total, field), [getattr(cell, field) for cell in categories])
    if index is None:
        return categories
    return [
        replace(cell, **{field: PROTECTED}) if position == index else cell
        for position, cell in enumerate(categories)
    ]


def complaint_statistics():
    """[(quarter, total Cell, [Cell per category]), ...], the latest quarter first. One
    query."""
    rows = Complaint.objects.values_list("category", "received_at", "acknowledged_at", "closed_at")
    by_quarter = defaultdict(list)
    for row in rows:
        by_quarter[Quarter.of(timezone.localdate(row[1]))].append(row)
    labels = dict(Complaint.Category.choices)
    result = []
    for quarter in sorted(by_quarter, key=lambda q: (q.year, q.number), reverse=True):
        quarter_rows = by_quarter[quarter]
        categories = []
        for value, label in labels.items():
            mine = [r for r in quarter_rows if r[0] == value]
            if mine:
                categories.append(_cell(label, mine))
        total = _cell(_("All categories"), quarter_rows)
        for field in ("received", "closed"):
            categories = _protect(total, categories, field)
        result.append((quarter, total, categories))
    return result


# --- Dashboard indicators -------------------------------------------------------------------


def _on_time_share(quarter, today, deadline_field, done_field):
    """(share in %, done on time, due) of the cases whose deadline fell in the quarter, up
    to today."""
    end = min(quarter.end, today)
    due = list(
        Complaint.objects.filter(
            **{f"{deadline_field}__gte": quarter.start, f"{deadline_field}__lte": end}
        ).values_list(deadline_field, done_field)
    )
    on_time = sum(
        1 for deadline, done in due if done is not None and timezone.localdate(done) <= deadline
    )
    return (round(100 * on_time / len(due), 1) if due else None), on_time, len(due)


def _indicator(key, label, quarter, today, deadline_field, done_field):
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    value, on_time, due = _on_time_share(quarter, today, deadline_field, done_field)
    previous, _on, _due = _on_time_share(quarter.previous(), today, deadline_field, done_field)
    return Indicator(
        key=key,
        label=label,
        quarter=quarter,
        value=value,
        previous=previous,
        unit="%",
        detail=_("%(on_time)s on time of %(due)s due in the quarter")
        % {"on_time": on_time, "due": due}
        if due
        else "",
    )


def complaints_acknowledged_on_time(quarter=None, *, today=None):
    """Share of the complaints due for acknowledgement in the quarter (up to today) that were
    acknowledged by their deadline. Two queries."""
    return _indicator(
        "integrity_acknowledged_on_time",
        _("Complaints acknowledged on time"),
        quarter,
        today,
        "acknowledge_by",
        "acknowledged_at",
    )


def complaints_closed_on_time(quarter=None, *, today=None):
    """Share of the complaints due for a decision in the quarter (up to today) that were
    closed by their deadline. Two queries."""
    return _indicator(
        "integrity_closed_on_time",
        _("Complaints closed on time"),
        quarter,
        today,
        "decide_by",
        "closed_at",
    )
