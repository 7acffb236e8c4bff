"""What the plan dashboard, the board and the reports read: gathered in a fixed number of queries.

Every function here reads; none writes. Health comes from Action.health_on (the one rule).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import formats

from actionplans.health import HEALTH_ORDER, Health
from actionplans.indicators import Quarter
from actionplans.models import Action, IntegrityFactor, StrategicObjective
from meetings.models import Commitment
from stakeholders.models import (
    Assessment,
    Category,
    Organization,
    quadrant_condition,
    quadrant_of,
)


def plan_actions(plan, *, public_only=False, narratives=False):
    """The plan's actions with all a dashboard or report shows, in code order (3 queries);
    with `narratives`, what their latest progress report says too."""
    rows = (
        plan.actions.select_related("objective", "responsible")
        .prefetch_related(
            "partners",
            Prefetch(
                "objective__integrity_factors",
                queryset=IntegrityFactor.objects.order_by("position"),
            ),
        )
        .with_progress()
        .order_by("code")
    )
    if public_only:
        rows = rows.filter(visibility=Action.Visibility.PUBLIC)
    if narratives:
        rows = rows.with_narrative()
    return list(rows)


def annotate_health(actions, today):
    for action in actions:
        action.current_health = action.health_on(today)
    return actions


@dataclass
class Row:
    """One line of a "progress by ..." table."""

    label: str
    count: int = 0
    progress_total: int = 0
    health: Counter = field(default_factory=Counter)
    key: str = ""

    @property
    def progress(self):
        return round(self.progress_total / self.count) if self.count else 0

    @property
    def health_cells(self):
        return [self.health.get(value, 0) for value in HEALTH_ORDER]

    @property
    def attention(self):
        return self.health.get(Health.OVERDUE, 0) + self.health.get(Health.AT_RISK, 0)


def _add(row, action):
    if action.current_health is None:  # cancelled: not a commitment any more
        return
    row.count += 1
    row.progress_total += action.progress
    row.health[action.current_health] += 1


def health_counts(actions):
    counts = Counter(action.current_health for action in actions)
    labels = dict(Health.choices)
    total = sum(counts[value] for value in HEALTH_ORDER)
    return [
        {
            "value": value,
            "label": labels[value],
            "count": counts[value],
            "share": round(100 * counts[value] / total) if total else 0,
        }
        for value in HEALTH_ORDER
    ], counts[None]


def by_objective(actions, objectives):
    rows = {objective.pk: Row(str(objective), key=objective.code) for objective in objectives}
    for action in actions:
        row = rows.setdefault(
            action.objective_id, Row(str(action.objective), key=action.objective.code)
        )
        _add(row, action)
    return sorted(rows.values(), key=lambda row: row.key)


def by_factor(actions, factors):
    rows = {factor.pk: Row(str(factor), key=factor.code) for factor in factors}
    for action in actions:
        for factor in action.objective.integrity_factors.all():
            _add(rows[factor.pk], action)
    return list(rows.values())


# --- Coverage of the stakeholder map ----------------------------------------------------


UNADDRESSED_SHOWN = 25


@dataclass
class Coverage:
    quadrants: list  # {"label", "actions", "organisations"}
    categories: list
    # The most influential high-influence organisations no action addresses, enough to act
    # on (a registry of thousands can have hundreds), and how many there are in all.
    unaddressed_shown: list
    unaddressed_count: int
    high_influence_count: int

    @property
    def unaddressed(self):
        return self.unaddressed_count > 0

    @property
    def unaddressed_hidden(self):
        return max(0, self.unaddressed_count - len(self.unaddressed_shown))


def coverage(actions):
    """Which parts of the map the actions target, and which influential organisations none
    addresses (as partner, or through a targeted category or quadrant of their latest
    assessment). Cancelled actions address nobody.

    The registry is counted in SQL, never loaded: four queries whatever its size (counts per
    category, per pair of latest scores, then the unaddressed ones' count and first rows).
    """
    live = [a for a in actions if a.current_health is not None]
    quadrant_actions = Counter(q for a in live for q in a.target_quadrants or [])
    category_actions = Counter(c for a in live for c in a.target_categories or [])
    partner_ids = {org.pk for a in live for org in a.partners.all()}

    active = Organization.objects.filter(status=Organization.Status.ACTIVE)
    category_orgs = Counter(dict(active.order_by().values_list("category").annotate(n=Count("pk"))))
    scored = active.with_latest_assessment()
    quadrant_orgs = Counter()
    high = 0
    for influence, interest, count in (
        scored.order_by().values_list("latest_influence", "latest_interest").annotate(n=Count("pk"))
    ):
        quadrant = quadrant_of(influence, interest)
        if quadrant:
            quadrant_orgs[quadrant] += count
        if influence is not None and influence >= Assessment.HIGH:
            high += count

    unaddressed = scored.filter(latest_influence__gte=Assessment.HIGH).exclude(
        Q(pk__in=partner_ids) | Q(category__in=list(category_actions))
    )
    for quadrant in quadrant_actions:
        if quadrant in Assessment.Quadrant.values:
            unaddressed = unaddressed.exclude(quadrant_condition(quadrant))
    shown = list(
        unaddressed.only("pk", "name", "acronym", "category").order_by("-latest_influence", "name")[
            :UNADDRESSED_SHOWN
        ]
    )
    count = len(shown) if len(shown) < UNADDRESSED_SHOWN else unaddressed.count()
    known_categories = set(Category.values)  # an enum's .values is rebuilt on every access
    for org in shown:
        quadrant = quadrant_of(org.latest_influence, org.latest_interest)
        org.quadrant_label = Assessment.Quadrant(quadrant).label if quadrant else ""
        org.category_label = (
            Category(org.category).label if org.category in known_categories else org.category
        )
    return Coverage(
        quadrants=[
            {
                "label": label,
                "actions": quadrant_actions[value],
                "organisations": quadrant_orgs[value],
            }
            for value, label in Assessment.Quadrant.choices
        ],
        categories=[
            {
                "label": label,
                "actions": category_actions[value],
                "organisations": category_orgs[value],
            }
            for value, label in Category.choices
        ],
        unaddressed_shown=shown,
        unaddressed_count=count,
        high_influence_count=high,
    )


# --- The timeline (server-drawn SVG) -----------------------------------------------------

TIMELINE_WIDTH = 960
LABEL_WIDTH = 110
ROW_HEIGHT = 22
AXIS_HEIGHT = 34


@dataclass
class Bar:
    action: Action
    y: float
    x: float
    width: float
    done_width: float
    css: str
    label_y: float


def timeline(plan, actions, today):
    """Coordinates for a Gantt-like chart: one bar per action from start to due date, filled
    to its progress, coloured by health; quarter ticks and a line for today."""
    starts = [plan.period_start, *(a.start_date for a in actions)]
    ends = [plan.period_end, *(a.due_date for a in actions)]
    first, last = min(starts), max(ends) + timedelta(days=1)
    span = max((last - first).days, 1)
    chart = TIMELINE_WIDTH - LABEL_WIDTH - 10

    def x_of(day):
        return round(LABEL_WIDTH + chart * (day - first).days / span, 1)

    bars = []
    for index, action in enumerate(actions):
        y = AXIS_HEIGHT + index * ROW_HEIGHT + 4
        x = x_of(action.start_date)
        width = max(x_of(action.due_date + timedelta(days=1)) - x, 2)
        health = action.current_health
        bars.append(
            Bar(
                action=action,
                y=y,
                x=x,
                width=round(width, 1),
                done_width=round(width * min(action.progress, 100) / 100, 1),
                css=f"health-{health or 'cancelled'}",
                label_y=y + ROW_HEIGHT / 2 + 0,
            )
        )
    ticks = []
    day = date(first.year, 3 * ((first.month - 1) // 3) + 1, 1)
    while day <= last:
        if day >= first:
            x = x_of(day)
            # No room for a label at the right edge: the line alone marks the quarter.
            label = str(Quarter.of(day)) if x < TIMELINE_WIDTH - 60 else ""
            ticks.append({"x": x, "label": label})
        month = day.month + 3
        day = date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    height = AXIS_HEIGHT + len(actions) * ROW_HEIGHT + 10
    return {
        "width": TIMELINE_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bars": bars,
        "ticks": ticks,
        "today_x": x_of(today) if first <= today <= last else None,
        "today_label": formats.date_format(today, "SHORT_DATE_FORMAT"),
        "bar_height": ROW_HEIGHT - 8,
        "axis_y": AXIS_HEIGHT - 6,
    }


# --- Bar charts (server-drawn SVG) -------------------------------------------------------

BAR_CHART_WIDTH = 600
BAR_ROW = 34


def bar_chart(rows):
    """Geometry of a horizontal bar chart of progress (0-100 %), label above each bar."""
    bars = []
    for index, row in enumerate(rows):
        top = index * BAR_ROW
        bars.append(
            {
                "row": row,
                "text_y": top + 12,
                "bar_y": top + 16,
                "width": round((BAR_CHART_WIDTH - 50) * min(row.progress, 100) / 100, 1),
                "value_x": round((BAR_CHART_WIDTH - 50) * min(row.progress, 100) / 100 + 6, 1),
            }
        )
    return {
        "bars": bars,
        "width": BAR_CHART_WIDTH,
        "track": BAR_CHART_WIDTH - 50,
        "height": max(len(rows) * BAR_ROW, BAR_ROW),
    }


def health_segments(counts):
    """A stacked bar (in % of its width) of the actions by health."""
    total = sum(row["count"] for row in counts)
    segments = []
    x = 0.0
    for row in counts:
        if not row["count"]:
            continue
        width = 100 * row["count"] / total
        segments.append({**row, "x": round(x, 2), "width": round(width, 2)})
        x += width
    return segments


# --- Commitments made in meetings ------------------------------------------------------

RECENT_UNLINKED = 10


def unlinked_commitments(limit=RECENT_UNLINKED):
    """The latest commitments made at meetings that no action carries out yet (dropped ones
    aside), newest meeting first, and how many there are in all (two queries)."""
    rows = Commitment.objects.filter(action__isnull=True).exclude(status=Commitment.Status.DROPPED)
    recent = list(
        rows.select_related("meeting", "organization", "responsible_user").order_by(
            "-meeting__start", "-pk"
        )[:limit]
    )
    return recent, rows.count() if len(recent) >= limit else len(recent)


def meeting_commitments(plan, actions):
    """The meeting commitments the plan's actions carry out, each with its action (whose
    progress and health are the commitment's), most urgent first. One query: the actions
    (with their health) are the dashboard's own."""
    by_commitment = {a.commitment_id: a for a in actions if a.commitment_id}
    linked = (
        list(
            Commitment.objects.filter(pk__in=by_commitment)
            .select_related("meeting", "organization", "responsible_user")
            .order_by("-meeting__start", "pk")
        )
        if by_commitment
        else []
    )
    order = {value: index for index, value in enumerate(HEALTH_ORDER)}
    for commitment in linked:
        commitment.linked_action = by_commitment[commitment.pk]
    linked.sort(
        key=lambda c: (
            order.get(c.linked_action.current_health, len(order)),
            c.linked_action.due_date,
        )
    )
    counts = Counter(c.linked_action.current_health for c in linked)
    labels = dict(Health.choices)
    return {
        "linked": linked,
        "counts": [
            {"value": value, "label": labels[value], "count": counts[value]}
            for value in HEALTH_ORDER
            if counts[value]
        ],
    }


# --- The whole dashboard -----------------------------------------------------------------


def plan_dashboard(plan, today):
    actions = annotate_health(plan_actions(plan), today)
    objectives = list(StrategicObjective.objects.filter(plans=plan).order_by("code"))
    factors = list(IntegrityFactor.objects.all())
    counts, cancelled = health_counts(actions)
    attention = defaultdict(list)
    for action in actions:
        attention[action.current_health].append(action)
    objective_rows = by_objective(actions, objectives)
    factor_rows = by_factor(actions, factors)
    return {
        "actions": actions,
        "health_counts": counts,
        "health_segments": health_segments(counts),
        "objective_chart": bar_chart(objective_rows),
        "factor_chart": bar_chart(factor_rows),
        "cancelled_count": cancelled,
        "tracked_count": sum(row["count"] for row in counts),
        "by_objective": objective_rows,
        "by_factor": factor_rows,
        "overdue": attention[Health.OVERDUE],
        "at_risk": attention[Health.AT_RISK],
        "coverage": coverage(actions),
        "timeline": timeline(plan, actions, today),
        "health_order": [dict(Health.choices)[value] for value in HEALTH_ORDER],
        "meeting_commitments": meeting_commitments(plan, actions),
    }
