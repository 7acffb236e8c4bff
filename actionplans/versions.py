"""Frozen copies of plans (PlanVersion.snapshot) and their comparison.

A snapshot is plain JSON: the plan's fields, its objectives, and each action's commitments
(what, who, for whom, when, how measured) with its progress at the time. Values are stored
raw (codes, ISO dates, decimal strings) and given their labels when shown, so a version reads
in the viewer's language.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from actionplans.models import ACTION_COMMITMENT_FIELDS, Action, ActionPlan
from stakeholders.models import Assessment, Category

SNAPSHOT_FORMAT = 1

PLAN_FIELDS = ["title", "description", "period_start", "period_end", "owning_unit", "status"]
ACTION_FIELDS = [*ACTION_COMMITMENT_FIELDS, "progress"]
DATE_FIELDS = {"period_start", "period_end", "start_date", "due_date"}
DECIMAL_FIELDS = {"indicator_baseline", "indicator_target"}
# Moves of an action's status that progress reports make on their own: they are not changes
# to the commitments, so they do not call for a new approval.
PROGRESS_STATUSES = {
    Action.Status.NOT_STARTED,
    Action.Status.IN_PROGRESS,
    Action.Status.DONE,
}


def plans_for_snapshot():
    """Plans with everything a snapshot reads, prefetched (a fixed number of queries)."""
    actions = (
        Action.objects.select_related("objective", "responsible")
        .prefetch_related("partners")
        .with_progress()
        .order_by("code")
    )
    return ActionPlan.objects.prefetch_related("objectives", Prefetch("actions", queryset=actions))


def _text(value):
    return "" if value is None else str(value)


def snapshot(plan):
    """The plan as it stands, as JSON (use plans_for_snapshot() to avoid extra queries)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "plan": {
            "title": plan.title,
            "description": plan.description,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "owning_unit": plan.owning_unit,
            "status": plan.status,
            "objectives": sorted(str(objective) for objective in plan.objectives.all()),
        },
        "actions": [
            {
                "id": action.pk,
                "code": action.code,
                "title": action.title,
                "description": action.description,
                "objective": str(action.objective),
                "responsible": str(action.responsible),
                "responsible_unit": action.responsible_unit,
                "partners": sorted(str(org) for org in action.partners.all()),
                "target_categories": sorted(action.target_categories or []),
                "target_quadrants": sorted(action.target_quadrants or []),
                "start_date": action.start_date.isoformat(),
                "due_date": action.due_date.isoformat(),
                "priority": action.priority,
                "status": action.status,
                "visibility": action.visibility,
                "indicator_name": action.indicator_name,
                "indicator_unit": action.indicator_unit,
                "indicator_baseline": _text(action.indicator_baseline),
                "indicator_target": _text(action.indicator_target),
                "progress": action.progress,
            }
            for action in sorted(plan.actions.all(), key=lambda a: a.code)
        ],
    }


def commitments(data):
    """The parts of a snapshot that only an editor's revision changes (not progress)."""
    plan = {k: v for k, v in data["plan"].items() if k != "status"}
    actions = []
    for action in data["actions"]:
        action = {k: v for k, v in action.items() if k != "progress"}
        if action["status"] in PROGRESS_STATUSES:
            action["status"] = "open"
        actions.append(action)
    return {"plan": plan, "actions": sorted(actions, key=lambda a: a["id"])}


def has_unapproved_changes(plan, latest_version):
    """True when the plan's commitments differ from those of its latest approved version."""
    if latest_version is None:
        return True
    return commitments(snapshot(plan)) != commitments(latest_version.snapshot)


@dataclass
class Committed:
    """What an approved version committed one action to (read back from its snapshot)."""

    id: int
    code: str
    title: str
    objective: str
    visibility: str
    status: str
    due_date: date
    target: Decimal | None
    unit: str


def committed_actions(version):
    """The actions of an approved version, by id, with their dates and targets as values."""
    if version is None:
        return {}
    return {
        row["id"]: Committed(
            id=row["id"],
            code=row["code"],
            title=row["title"],
            objective=row["objective"],
            visibility=row["visibility"],
            status=row["status"],
            due_date=date.fromisoformat(row["due_date"]),
            target=Decimal(row["indicator_target"]) if row.get("indicator_target") else None,
            unit=row.get("indicator_unit", ""),
        )
        for row in version.snapshot["actions"]
    }


# --- Showing values ---------------------------------------------------------------------


def _labels():
    return {
        ("plan", "status"): dict(ActionPlan.Status.choices),
        ("action", "status"): dict(Action.Status.choices),
        ("action", "priority"): dict(Action.Priority.choices),
        ("action", "visibility"): dict(Action.Visibility.choices),
        ("action", "target_categories"): dict(Category.choices),
        ("action", "target_quadrants"): dict(Assessment.Quadrant.choices),
    }


def field_label(kind, name):
    if name == "progress":
        return _("progress (%)")
    if kind == "plan" and name == "objectives":
        return ActionPlan._meta.get_field("objectives").verbose_name
    model = ActionPlan if kind == "plan" else Action
    return model._meta.get_field(name).verbose_name


def display_value(kind, name, value):
    """A snapshot value as a reader should see it, in the active language."""
    labels = _labels().get((kind, name))
    if isinstance(value, list):
        if labels:
            value = [str(labels.get(item, item)) for item in value]
        return ", ".join(str(item) for item in value) or "—"
    if value is None or value == "":
        return "—"
    if name in DATE_FIELDS:
        return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if labels:
        return str(labels.get(value, value))
    if name == "progress":
        return f"{value} %"
    if name in DECIMAL_FIELDS:
        return floatformat(Decimal(value), "-2")
    return str(value)


def readable(data):
    """A snapshot arranged for a page: the plan's rows and each action's rows."""
    plan = data["plan"]
    plan_rows = [
        (field_label("plan", name), display_value("plan", name, plan.get(name)))
        for name in [*PLAN_FIELDS, "objectives"]
    ]
    actions = [
        {
            "code": action["code"],
            "title": action["title"],
            "rows": [
                (field_label("action", name), display_value("action", name, action.get(name)))
                for name in ACTION_FIELDS
            ],
            "values": {
                name: display_value("action", name, action.get(name)) for name in ACTION_FIELDS
            },
        }
        for action in data["actions"]
    ]
    return {"plan": plan_rows, "actions": actions}


# --- Comparing --------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class ActionChange:
    code: str
    title: str
    changes: list = field(default_factory=list)


@dataclass
class Comparison:
    plan_changes: list
    added: list  # readable rows of actions only in the newer
    removed: list  # ... only in the older
    changed: list  # ActionChange: what an editor's revision changed
    unchanged: int  # actions whose commitments did not change
    progress: list = field(default_factory=list)  # how far actions moved in between

    @property
    def is_empty(self):
        return not (self.plan_changes or self.added or self.removed or self.changed)


def _changes(kind, names, old, new):
    return [
        Change(
            field_label(kind, name),
            display_value(kind, name, old.get(name)),
            display_value(kind, name, new.get(name)),
        )
        for name in names
        if old.get(name) != new.get(name)
    ]


def _progress_only(name, before, after):
    """A difference that progress reports make by themselves, not a revision."""
    if name == "progress":
        return True
    return name == "status" and {before["status"], after["status"]} <= PROGRESS_STATUSES


def compare(old, new):
    """What changed from snapshot `old` to snapshot `new`, action by action.

    Actions are matched by their identity, so a renamed code shows as a change, not as one
    action removed and another added. Changes to the commitments (what, who, when, targets)
    are listed per action; progress made in between is listed apart.
    """
    plan_changes = _changes("plan", [*PLAN_FIELDS, "objectives"], old["plan"], new["plan"])
    old_actions = {a["id"]: a for a in old["actions"]}
    new_actions = {a["id"]: a for a in new["actions"]}
    added = [a for key, a in new_actions.items() if key not in old_actions]
    removed = [a for key, a in old_actions.items() if key not in new_actions]
    changed = []
    progress = []
    unchanged = 0
    for key, before in old_actions.items():
        after = new_actions.get(key)
        if after is None:
            continue
        names = [n for n in ACTION_FIELDS if not _progress_only(n, before, after)]
        changes = _changes("action", names, before, after)
        if changes:
            changed.append(ActionChange(after["code"], after["title"], changes))
        else:
            unchanged += 1
        if before.get("progress") != after.get("progress") or before["status"] != after["status"]:
            progress.append(
                {
                    "code": after["code"],
                    "title": after["title"],
                    "old_progress": display_value("action", "progress", before.get("progress")),
                    "new_progress": display_value("action", "progress", after.get("progress")),
                    "old_status": display_value("action", "status", before["status"]),
                    "new_status": display_value("action", "status", after["status"]),
                }
            )
    added_rows = readable({"plan": new["plan"], "actions": added})["actions"]
    removed_rows = readable({"plan": old["plan"], "actions": removed})["actions"]
    changed.sort(key=lambda c: c.code)
    progress.sort(key=lambda p: p["code"])
    return Comparison(plan_changes, added_rows, removed_rows, changed, unchanged, progress)
