"""What the plan dashboard, the board and the reports read: gathered in a fixed number of queries.

Every function here reads; none writes. Health comes from actionplans.health (the one rule).
The plan dashboard reads its actions as plain values (ActionLine) and draws its charts once per
change of the plan (`last_change`, `charts`); its view keeps both in the cache.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import formats

from actionplans.health import AT_RISK_MARGIN, HEALTH_ORDER, Health, health_of
from actionplans.indicators import Quarter, commitments_on_track
from actionplans.models import Action, Contestation, IntegrityFactor, StrategicObjective
from meetings.models import Commitment
from stakeholders.models import (
    Assessment,
    Category,
    Organization,
    quadrant_condition,
    quadrant_of,
)


def plan_actions(plan, *, public_only=False, narratives=False):
    """The plan's actions with all a report shows, in code order (3 queries);
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
    pk: int | None = None
    # From the first start to the last due date of its actions (the timeline's bar).
    start: date | None = None
    due: date | None = None

    @property
    def progress(self):
        return round(self.progress_total / self.count) if self.count else 0

    @property
    def health_cells(self):
        return [self.health.get(value, 0) for value in HEALTH_ORDER]

    @property
    def attention(self):
        return self.health.get(Health.OVERDUE, 0) + self.health.get(Health.AT_RISK, 0)

    @property
    def worst(self):
        """The health of its action needing attention most (the order of HEALTH_ORDER)."""
        return next((value for value in HEALTH_ORDER if self.health.get(value)), None)


def _add(row, action):
    if action.current_health is None:  # cancelled: not a commitment any more
        return
    row.count += 1
    row.progress_total += action.progress
    row.health[action.current_health] += 1
    row.start = min(row.start or action.start_date, action.start_date)
    row.due = max(row.due or action.due_date, action.due_date)


def contested_count(actions):
    """How many of these actions (ActionLines) a partner contests: an open contestation,
    counted beside their health (actionplans.health), never instead of it."""
    return sum(1 for action in actions if getattr(action, "contested", False))


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
    rows = {
        objective.pk: Row(str(objective), key=objective.code, pk=objective.pk)
        for objective in objectives
    }
    for action in actions:
        row = rows.setdefault(
            action.objective_id,
            Row(str(action.objective), key=action.objective.code, pk=action.objective_id),
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
    # The live actions' partners as a subquery (`actions` are all their plans' actions): the
    # hundreds of ids of a large plan, sent as parameters, cost more than the rest of it.
    partner_ids = (
        Action.partners.through.objects.filter(action__plan__in={a.plan_id for a in live})
        .exclude(action__status=Action.Status.CANCELLED)
        .values("organization_id")
    )

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
    row: Row
    y: float
    x: float
    width: float
    done_width: float
    css: str
    label_y: float


def timeline(plan, rows, today):
    """Coordinates for a Gantt-like chart: one bar per strategic objective (`rows`, from
    by_objective) from its actions' first start to their last due date, filled to their average
    progress, coloured by the health of the one needing attention most; quarter ticks and a
    line for today. A bar per objective, not per action: the actions are in the paged list."""
    rows = [row for row in rows if row.count]
    starts = [plan.period_start, *(row.start for row in rows)]
    ends = [plan.period_end, *(row.due for row in rows)]
    first, last = min(starts), max(ends) + timedelta(days=1)
    span = max((last - first).days, 1)
    chart = TIMELINE_WIDTH - LABEL_WIDTH - 10

    def x_of(day):
        return round(LABEL_WIDTH + chart * (day - first).days / span, 1)

    bars = []
    for index, row in enumerate(rows):
        y = AXIS_HEIGHT + index * ROW_HEIGHT + 4
        x = x_of(row.start)
        width = max(x_of(row.due + timedelta(days=1)) - x, 2)
        bars.append(
            Bar(
                row=row,
                y=y,
                x=x,
                width=round(width, 1),
                done_width=round(width * min(row.progress, 100) / 100, 1),
                css=f"health-{row.worst}",
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
    height = AXIS_HEIGHT + len(rows) * ROW_HEIGHT + 10
    return {
        "width": TIMELINE_WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bars": bars,
        "rows": rows,
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
COMMITMENTS_SHOWN = 10


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


def meeting_commitments(actions, limit=COMMITMENTS_SHOWN):
    """The meeting commitments the plan's actions carry out: how many, by health, and the
    `limit` most urgent (by health, then due date, then latest meeting; None: all), each with
    its action (whose progress and health are the commitment's). One query, for those shown:
    the actions (with their health) are the caller's own."""
    order = {value: index for index, value in enumerate(HEALTH_ORDER)}

    def urgency(action):
        return order.get(action.current_health, len(order)), action.due_date

    carrying = sorted((a for a in actions if a.commitment_id), key=urgency)
    by_commitment = {a.commitment_id: a for a in carrying[:limit]}
    linked = (
        list(
            Commitment.objects.filter(pk__in=by_commitment)
            .select_related("meeting", "organization", "responsible_user")
            .order_by("-meeting__start", "pk")
        )
        if by_commitment
        else []
    )
    for commitment in linked:
        commitment.linked_action = by_commitment[commitment.pk]
    linked.sort(key=lambda c: urgency(c.linked_action))
    counts = Counter(a.current_health for a in carrying)
    labels = dict(Health.choices)
    return {
        "linked": linked,
        "count": len(carrying),
        "hidden": len(carrying) - len(linked),
        "counts": [
            {"value": value, "label": labels[value], "count": counts[value]}
            for value in HEALTH_ORDER
            if counts[value]
        ],
    }


# --- The whole dashboard -----------------------------------------------------------------


@dataclass(slots=True)
class ActionLine:
    """An action as the dashboard reads it on every view: what it lists, judges health on and
    checks the map's coverage with, read as plain values: 300 actions as model instances with
    their objective, officer and partners were the dashboard's heaviest part."""

    pk: int
    plan_id: int
    code: str
    title: str
    objective_id: int
    responsible_id: int
    status: str
    start_date: date
    due_date: date
    progress: int
    commitment_id: int | None
    target_quadrants: list
    target_categories: list
    current_health: str | None
    # An open contestation by a partner (actionplans.contests): the action is "contested".
    contested: bool = False
    # Set only where drawn: the objective (by_objective, by_factor), the officer (lists).
    objective: StrategicObjective | None = None
    responsible: object = None


def dashboard_actions(plan, today):
    """The plan's actions in code order, with their health on `today` (one query)."""
    rows = (
        plan.actions.with_progress()
        .annotate(contested=Exists(Contestation.objects.open().filter(action=OuterRef("pk"))))
        .order_by("code")
        .values_list(
            "pk",
            "plan_id",
            "code",
            "title",
            "objective_id",
            "responsible_id",
            "status",
            "start_date",
            "due_date",
            "latest_percent",
            "commitment_id",
            "target_quadrants",
            "target_categories",
            "contested",
        )
    )
    return [
        ActionLine(
            pk=pk,
            plan_id=plan_id,
            code=code,
            title=title,
            objective_id=objective_id,
            responsible_id=responsible_id,
            status=status,
            start_date=start,
            due_date=due,
            progress=percent or 0,
            commitment_id=commitment_id,
            target_quadrants=quadrants,
            target_categories=categories,
            current_health=health_of(
                status=status, percent=percent, start=start, due=due, today=today
            ),
            contested=contested,
        )
        for (
            pk,
            plan_id,
            code,
            title,
            objective_id,
            responsible_id,
            status,
            start,
            due,
            percent,
            commitment_id,
            quadrants,
            categories,
            contested,
        ) in rows
    ]


def plan_objectives(plan, actions):
    """The plan's strategic objectives, and any other one an action still serves, by code
    (one query)."""
    served = {action.objective_id for action in actions}
    return list(
        StrategicObjective.objects.filter(Q(plans=plan) | Q(pk__in=served))
        .distinct()
        .order_by("code")
    )


CANCELLED = "cancelled"  # the health filter's value for actions that have none
CONTESTED = "contested"  # the health filter's value for actions with an open contestation


def matching(actions, *, text="", health="", objective=None):
    """The actions whose code or title contains `text` (in any case), of that health
    ("cancelled" for the cancelled ones, "contested" for those a partner contests) and serving
    that objective."""
    text = text.strip().casefold()
    return [
        action
        for action in actions
        if (not text or text in action.code.casefold() or text in action.title.casefold())
        and (
            not health
            or (
                action.contested
                if health == CONTESTED
                else (action.current_health or CANCELLED) == health
            )
        )
        and (objective is None or action.objective_id == objective)
    ]


def last_change(plan):
    """A stamp that changes whenever anything the dashboard reads of the plan changes: the plan
    (its period; its objectives, which the services change by saving it), its objectives, its
    actions (saved through the services: their last `updated_at`, and their number for a
    deleted one) and their progress reports (only ever added: their number and last id).
    Not the officers' names: one renamed keeps the old name on the dashboard until the plan next
    changes or the day ends. Its actions' contestations too (filed, answered, removed: their
    number and last change), which mark actions "contested". Two queries."""
    actions = Action.objects.filter(plan=plan).aggregate(
        actions=Count("pk", distinct=True),
        changed=Max("updated_at"),
        reports=Count("updates", distinct=True),
        last_report=Max("updates__pk"),
        contestation_count=Count("contestations", distinct=True),
        contestation_changed=Max("contestations__updated_at"),
    )
    objectives = plan.objectives.aggregate(changed=Max("updated_at"), count=Count("pk"))
    return "|".join(
        str(value) for value in (plan.updated_at, *objectives.values(), *actions.values())
    )


ATTENTION_SHOWN = 5


def charts(plan, actions, objectives, today):
    """What the dashboard draws from the plan's own data: its health, the most overdue and most
    at-risk actions, progress by objective and by integrity factor, the timeline and the share
    of commitments on track. Drawn once per change (see `last_change`); six queries. The
    lines given are left as they were (the view keeps them): those drawn are copies."""
    prefetch_related_objects(
        objectives,
        Prefetch("integrity_factors", queryset=IntegrityFactor.objects.order_by("position")),
    )
    by_id = {objective.pk: objective for objective in objectives}
    actions = [replace(action, objective=by_id[action.objective_id]) for action in actions]
    counts, cancelled = health_counts(actions)
    attention = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.due_date):
        attention[action.current_health].append(action)
    shown = [
        a for value in (Health.OVERDUE, Health.AT_RISK) for a in attention[value][:ATTENTION_SHOWN]
    ]
    officers = get_user_model().objects.in_bulk({a.responsible_id for a in shown})
    for action in shown:
        action.responsible = officers.get(action.responsible_id)
    objective_rows = by_objective(actions, objectives)
    factor_rows = by_factor(actions, IntegrityFactor.objects.all())
    return {
        "plan": plan,
        "health_counts": counts,
        "health_segments": health_segments(counts),
        "objective_chart": bar_chart(objective_rows),
        "factor_chart": bar_chart(factor_rows),
        "cancelled_count": cancelled,
        "contested_count": contested_count(actions),
        "tracked_count": sum(row["count"] for row in counts),
        "by_objective": objective_rows,
        "by_factor": factor_rows,
        "overdue": attention[Health.OVERDUE][:ATTENTION_SHOWN],
        "overdue_count": len(attention[Health.OVERDUE]),
        "at_risk": attention[Health.AT_RISK][:ATTENTION_SHOWN],
        "at_risk_count": len(attention[Health.AT_RISK]),
        "timeline": timeline(plan, objective_rows, today),
        "health_values": HEALTH_ORDER,
        "on_track": commitments_on_track(today=today, plan=plan),
        "margin": AT_RISK_MARGIN,
    }
