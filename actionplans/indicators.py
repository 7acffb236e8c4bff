"""Engagement indicators per quarter, each with its trend against the previous quarter.

Each indicator is a function `indicator(quarter, *, today) -> Indicator`, listed in INDICATORS;
`engagement_indicators()` computes them all for the officers' dashboard: meetings held,
organisations engaged (with their breakdown by category and by mapping quadrant), forum
attendance rate, consultation participation and the share of commitments on track (actions,
and the meeting commitments no action carries out yet).

Each indicator reads both quarters at once and makes a fixed number of queries, whatever the
amount of data (the number is in its docstring). A quarter runs from its first day to its last
in the portal's time zone; the current quarter is judged up to today.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from actionplans.health import Health, health_of
from actionplans.models import Action, ActionPlan, ProgressUpdate
from consultations.models import Comment, Consultation
from forums.models import SEATED, Forum, Registration
from meetings.models import Commitment, Invitation, InvitedOrganization, Meeting
from stakeholders.models import Assessment, Category, Organization, quadrant_of


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

    def bounds(self):
        """The quarter as [start, end) aware datetimes in the portal's time zone."""
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.next().start, time.min, tzinfo=zone),
        )

    def contains(self, moment):
        """Whether an aware datetime (or a date) falls in the quarter."""
        if isinstance(moment, datetime):
            moment = timezone.localtime(moment, timezone.get_default_timezone()).date()
        return self.start <= moment <= self.end


@dataclass(frozen=True)
class Part:
    """One line of an indicator's breakdown (e.g. one stakeholder category)."""

    label: str
    value: float | None
    previous: float | None

    @property
    def trend(self):
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def direction(self):
        return _direction(self.trend)


def _direction(trend):
    if trend is None:
        return None
    return "up" if trend > 0 else "down" if trend < 0 else "flat"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    quarter: Quarter
    value: float | None  # None: not measurable for that quarter (e.g. nothing under way)
    previous: float | None
    unit: str = ""
    detail: str = ""
    breakdowns: tuple = ()  # (title, (Part, ...)) pairs

    @property
    def trend(self):
        """The change against the previous quarter (in the indicator's unit), or None."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)

    @property
    def direction(self):
        return _direction(self.trend)


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


def _state_on(history, day):
    """The (status, due_date) a commitment had at the end of `day`, or None if it did not
    exist then. `history` is its change history, oldest first."""
    state = None
    for when, kind, status, due in history:
        if when > day:
            break
        state = None if kind == "-" else (status, due)
    return state


def _meeting_commitments_on_track(histories, quarter, today):
    """(on_track, considered) among the meeting commitments judged on their own: those not yet
    made at the quarter's end, dropped, or done before it began do not count; a done one is
    on track; an open one is on track until its due date has passed."""
    if quarter.start > today:
        return 0, 0
    reference = min(quarter.end, today)
    day_before = quarter.start - timedelta(days=1)
    on_track = considered = 0
    for history in histories.values():
        state = _state_on(history, reference)
        if state is None or state[0] == Commitment.Status.DROPPED:
            continue
        before = _state_on(history, day_before)
        if before is not None and before[0] == Commitment.Status.DONE:
            continue
        considered += 1
        status, due = state
        if status == Commitment.Status.DONE or due is None or due >= reference:
            on_track += 1
    return on_track, considered


def _commitment_histories():
    """The change history of every meeting commitment that no action of a plan past its
    draft carries out (those count as their action, or not at all when it was cancelled), in
    one query: {commitment id: [(local date, change type, status, due date), ...]}."""
    linked = (
        Action.objects.exclude(plan__status=ActionPlan.Status.DRAFT)
        .filter(commitment__isnull=False)
        .values("commitment_id")
    )
    rows = (
        Commitment.history.exclude(id__in=linked)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "history_type", "status", "due_date")
    )
    zone = timezone.get_default_timezone()
    histories = defaultdict(list)
    for pk, when, kind, status, due in rows:
        histories[pk].append((timezone.localtime(when, zone).date(), kind, status, due))
    return histories


def commitments_on_track(quarter=None, *, today=None, plan=None):
    """Share of the quarter's commitments that are on track (neither at risk nor overdue).

    The quarter's commitments are the actions of approved, active or closed plans (not
    cancelled) whose work had begun by the end of the quarter (or today, for the current
    one) and that were not already done when it began. Each is judged, by the one health
    rule, on the progress reported by that date.

    Portal-wide (no `plan`), the commitments made at meetings count too: one carried out by
    such an action counts once, as that action; the others are judged on their own status and
    due date as they stood at that date (from their change history). Two queries for a plan,
    three portal-wide.
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
    if plan is not None:
        return Indicator(
            key="commitments_on_track",
            label=_("Share of commitments on track"),
            quarter=quarter,
            value=value,
            previous=previous,
            unit="%",
            detail=_("%(on_track)s of %(count)s actions")
            % {"on_track": on_track, "count": considered},
        )
    histories = _commitment_histories()
    shares = []
    for which in (quarter, quarter.previous()):
        _share, actions_on, actions_of = _share_on_track(actions, updates, which, today)
        meeting_on, meeting_of = _meeting_commitments_on_track(histories, which, today)
        total = actions_of + meeting_of
        shares.append(
            (
                round(100 * (actions_on + meeting_on) / total, 1) if total else None,
                actions_on + meeting_on,
                total,
                meeting_of,
            )
        )
    (value, on_track, considered, meeting), (previous, *_rest) = shares
    return Indicator(
        key="commitments_on_track",
        label=_("Share of commitments on track"),
        quarter=quarter,
        value=value,
        previous=previous,
        unit="%",
        detail=_(
            "%(on_track)s of %(count)s commitments: %(actions)s actions and %(meeting)s "
            "meeting commitments without an action"
        )
        % {
            "on_track": on_track,
            "count": considered,
            "actions": considered - meeting,
            "meeting": meeting,
        },
    )


# --- Meetings held -----------------------------------------------------------------------


def _held_in(meetings, quarter, now):
    """Meetings held in the quarter: single meetings (and occurrences of a series held on
    their own) marked held, and the past occurrences of a series that were not cancelled."""
    start, end = quarter.bounds()
    end = min(end, now)
    if end <= start:
        return None, 0
    held = series_occurrences = 0
    for meeting in meetings:
        if not meeting.is_series:
            if meeting.status == Meeting.Status.HELD and start <= meeting.start < end:
                held += 1
            continue
        for occurrence in meeting.occurrences(start, end):
            if not occurrence.cancelled and start <= occurrence.start and occurrence.end <= end:
                held += 1
                series_occurrences += 1
    return held, series_occurrences


def meetings_held(quarter=None, *, today=None, now=None):
    """Meetings held in the quarter (an occurrence of a series counts as one meeting).
    Three queries: the meetings that may fall in either quarter, their exceptions and their
    occurrences held on their own."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    quarter = quarter or Quarter.of(today)
    first, _end = quarter.previous().bounds()
    _start, last = quarter.bounds()
    meetings = list(
        Meeting.objects.overlapping(first, min(last, now))
        .filter(Q(status=Meeting.Status.HELD) | ~Q(recurrence=""))
        .exclude(status=Meeting.Status.CANCELLED, recurrence="")
        .prefetch_related("exceptions", "detached")
        .distinct()
    )
    value, series = _held_in(meetings, quarter, now)
    previous, _series = _held_in(meetings, quarter.previous(), now)
    return Indicator(
        key="meetings_held",
        label=_("Meetings held"),
        quarter=quarter,
        value=value,
        previous=previous,
        detail=ngettext(
            "%(count)s of them an occurrence of a series",
            "%(count)s of them occurrences of a series",
            series,
        )
        % {"count": series}
        if series
        else "",
    )


# --- Organisations engaged ----------------------------------------------------------------


def _engaged_organisations(first, last):
    """(organisation id, when) for each time an organisation took part in something between
    `first` and `last`: present at a meeting (as invited organisation or through a person of
    it), checked in at a forum, or commenting on a consultation. One query (a UNION)."""
    meetings = (
        InvitedOrganization.objects.filter(
            attended=True, meeting__start__gte=first, meeting__start__lt=last
        )
        .order_by()
        .values_list("organization_id", "meeting__start")
    )
    people = (
        Invitation.objects.filter(
            attended=True,
            organization__isnull=False,
            meeting__start__gte=first,
            meeting__start__lt=last,
        )
        .order_by()
        .values_list("organization_id", "meeting__start")
    )
    forums = (
        Registration.objects.filter(
            status=Registration.Status.ATTENDED,
            organization__isnull=False,
            forum__start__gte=first,
            forum__start__lt=last,
        )
        .order_by()
        .values_list("organization_id", "forum__start")
    )
    comments = (
        Comment.objects.filter(
            withdrawn_at__isnull=True,
            organization__isnull=False,
            created_at__gte=first,
            created_at__lt=last,
        )
        .order_by()
        .values_list("organization_id", "created_at")
    )
    return list(meetings.union(people, forums, comments, all=True))


def organisations_engaged(quarter=None, *, today=None):
    """Organisations that took part in a meeting, a forum or a consultation in the quarter,
    with their breakdown by stakeholder category and by the quadrant of their latest
    assessment. Two queries: the participations (both quarters), the organisations."""
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    previous_quarter = quarter.previous()
    first, _end = previous_quarter.bounds()
    _start, last = quarter.bounds()
    engaged = {quarter: set(), previous_quarter: set()}
    for organization_id, when in _engaged_organisations(first, last):
        for which, ids in engaged.items():
            if which.contains(when):
                ids.add(organization_id)
    everyone = engaged[quarter] | engaged[previous_quarter]
    organisations = {
        org.pk: org
        for org in Organization.objects.filter(pk__in=everyone)
        .with_latest_assessment()
        .only("pk", "category")
    }

    def measured(which):
        return None if which.start > today else len(engaged[which])

    def count(which, key):
        if which.start > today:
            return None
        return sum(1 for pk in engaged[which] if pk in organisations and key(organisations[pk]))

    def parts(choices, key_of):
        rows = []
        for value, label in choices:
            now_count = count(quarter, lambda org, v=value: key_of(org) == v)
            before = count(previous_quarter, lambda org, v=value: key_of(org) == v)
            if now_count or before:
                rows.append(Part(str(label), now_count, before))
        return tuple(rows)

    def quadrant(org):
        return quadrant_of(org.latest_influence, org.latest_interest) or "unassessed"

    quadrants = [*Assessment.Quadrant.choices, ("unassessed", _("not assessed"))]
    return Indicator(
        key="organisations_engaged",
        label=_("Organisations engaged"),
        quarter=quarter,
        value=measured(quarter),
        previous=measured(previous_quarter),
        detail=_("took part in a meeting, a forum or a consultation"),
        breakdowns=(
            (_("By category"), parts(Category.choices, lambda org: org.category)),
            (_("By mapping quadrant"), parts(quadrants, quadrant)),
        ),
    )


# --- Forum attendance -------------------------------------------------------------------


def _forum_counts(quarter, now):
    start, end = quarter.bounds()
    held = Q(forum__end__gte=start, forum__end__lt=min(end, now))
    return {
        f"{quarter.year}_{quarter.number}_confirmed": Count(
            "pk", filter=held & Q(status__in=SEATED)
        ),
        f"{quarter.year}_{quarter.number}_attended": Count(
            "pk", filter=held & Q(status=Registration.Status.ATTENDED)
        ),
        f"{quarter.year}_{quarter.number}_forums": Count("forum", filter=held, distinct=True),
    }


def forum_attendance(quarter=None, *, today=None, now=None):
    """Share of the confirmed registrations that were checked in, at the forums held (ended)
    in the quarter; cancelled and draft forums aside. One query."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    quarter = quarter or Quarter.of(today)
    quarters = (quarter, quarter.previous())
    aggregates = {}
    for which in quarters:
        aggregates.update(_forum_counts(which, now))
    counts = Registration.objects.exclude(
        forum__status__in=[Forum.Status.DRAFT, Forum.Status.CANCELLED]
    ).aggregate(**aggregates)
    values = []
    for which in quarters:
        stem = f"{which.year}_{which.number}"
        confirmed, attended = counts[f"{stem}_confirmed"], counts[f"{stem}_attended"]
        values.append(
            (round(100 * attended / confirmed, 1) if confirmed else None, attended, confirmed)
        )
    (value, attended, confirmed), (previous, *_rest) = values
    forums = counts[f"{quarter.year}_{quarter.number}_forums"]
    return Indicator(
        key="forum_attendance",
        label=_("Forum attendance rate"),
        quarter=quarter,
        value=value,
        previous=previous,
        unit="%",
        detail=ngettext(
            "%(attended)s checked in of %(confirmed)s confirmed, at %(forums)s forum",
            "%(attended)s checked in of %(confirmed)s confirmed, at %(forums)s forums",
            forums,
        )
        % {"attended": attended, "confirmed": confirmed, "forums": forums}
        if forums
        else "",
    )


# --- Consultation participation ---------------------------------------------------------


def consultation_participation(quarter=None, *, today=None, now=None):
    """Organisations that commented, in the quarter, on the consultations whose comment period
    overlapped it (withdrawn comments aside). Two queries: the consultations, the comments."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    quarter = quarter or Quarter.of(today)
    quarters = (quarter, quarter.previous())
    first, _end = quarter.previous().bounds()
    _start, last = quarter.bounds()
    consultations = list(
        Consultation.objects.exclude(status=Consultation.Status.DRAFT)
        .filter(opens_at__isnull=False, opens_at__lt=last, closes_at__gt=first)
        .values_list("pk", "opens_at", "closes_at")
    )
    comments = list(
        Comment.objects.filter(
            withdrawn_at__isnull=True, created_at__gte=first, created_at__lt=last
        ).values_list("consultation_id", "organization_id", "created_at")
    )
    results = []
    for which in quarters:
        start, end = which.bounds()
        end = min(end, now)
        if end <= start:
            results.append((None, 0, 0))
            continue
        open_ids = {pk for pk, opens, closes in consultations if opens < end and closes > start}
        mine = [
            (consultation, org)
            for consultation, org, when in comments
            if consultation in open_ids and start <= when < end
        ]
        organisations = {org for _consultation, org in mine if org is not None}
        results.append((len(organisations), len(mine), len(open_ids)))
    (value, comment_count, consultation_count), (previous, *_rest) = results
    return Indicator(
        key="consultation_participation",
        label=_("Organisations commenting on consultations"),
        quarter=quarter,
        value=value,
        previous=previous,
        detail=_("%(comments)s comments on %(consultations)s consultations open in the quarter")
        % {"comments": comment_count, "consultations": consultation_count},
    )


INDICATORS = [
    meetings_held,
    organisations_engaged,
    forum_attendance,
    consultation_participation,
    commitments_on_track,
]


# The indicators apps above add, by the heading a plan's dashboard shows them under.
ADDED = {}


def register(indicator, *, group):
    """Add an indicator computed by a higher layer (the integrity app's, for one): a function
    `indicator(quarter, *, today) -> Indicator`, called in its app's `ready()`. The officers'
    dashboard lists it with the others; each plan's dashboard shows it under `group`."""
    if indicator not in INDICATORS:
        INDICATORS.append(indicator)
    ADDED.setdefault(indicator, group)
    return indicator


def added_indicators(quarter=None, *, today=None):
    """[(group, [Indicator, ...]), ...]: the indicators apps above added, by group, for a
    plan's dashboard."""
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    groups = {}
    for indicator, group in ADDED.items():
        groups.setdefault(group, []).append(indicator(quarter, today=today))
    return list(groups.items())


def engagement_indicators(quarter=None, *, today=None):
    """Every engagement indicator for `quarter` (the current one by default)."""
    today = today or timezone.localdate()
    quarter = quarter or Quarter.of(today)
    return [indicator(quarter, today=today) for indicator in INDICATORS]
