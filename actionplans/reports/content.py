"""What a plan's report says, whatever its format: the rows and figures both the workbook
(actionplans.reports.xlsx) and the PDF (actionplans.reports.pdf) show, and how values read.

Both reports answer "how far are we against what we committed": each action with its objective,
dates, latest progress and health, next to what the latest approved version committed it to (its
due date and target; due dates moved, actions added or removed since), what its latest progress
report says (not in the public report: progress reports are internal), and the commitments made
at meetings that the plan's actions carry out. Labels are in the active language: the builders
call these inside translation.override.
"""

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from actionplans import dashboard
from actionplans.health import Health
from actionplans.models import Action, IntegrityFactor, PlanVersion, StrategicObjective
from actionplans.versions import committed_actions
from meetings.models import Meeting


def format_date(value):
    """A date as the active language writes it in short; empty for none."""
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def format_number(value):
    """A target or indicator value, without needless decimals; a dash for none."""
    return "—" if value is None else floatformat(value, "-2")


def health_label(health):
    """The health's label; a cancelled action has none and reads "cancelled"."""
    return str(Health(health).label) if health else _("cancelled")


def report_data(plan, *, today=None, public_only=False):
    """Everything both reports show, read in a fixed number of queries."""
    today = today or timezone.localdate()
    actions = dashboard.annotate_health(
        dashboard.plan_actions(plan, public_only=public_only, narratives=not public_only), today
    )
    objectives = list(StrategicObjective.objects.filter(plans=plan).order_by("code"))
    counts, cancelled = dashboard.health_counts(actions)
    tracked = [a for a in actions if a.current_health is not None]
    versions = list(
        PlanVersion.objects.filter(plan=plan).select_related("approved_by").order_by("number")
    )
    latest = versions[-1] if versions else None
    committed = committed_actions(latest)
    for action in actions:
        action.committed = committed.get(action.pk)
        action.added = latest is not None and action.committed is None
        action.due_moved = action.committed is not None and (
            action.committed.due_date != action.due_date
        )
        action.target_changed = action.committed is not None and (
            action.committed.target != action.indicator_target
        )
    existing = set(plan.actions.values_list("pk", flat=True))
    removed = [
        row
        for row in committed.values()
        if row.id not in existing
        and (not public_only or row.visibility == Action.Visibility.PUBLIC)
    ]
    linked = dashboard.meeting_commitments(actions, limit=None)["linked"]
    if public_only:  # what was said at a meeting that is not public stays out
        linked = [c for c in linked if c.meeting.visibility == Meeting.Visibility.PUBLIC]
    return {
        "plan": plan,
        "today": today,
        "public_only": public_only,
        "actions": actions,
        "counts": counts,
        "cancelled": cancelled,
        "overall": round(sum(a.progress for a in tracked) / len(tracked)) if tracked else 0,
        "by_objective": dashboard.by_objective(actions, objectives),
        "by_factor": [
            row for row in dashboard.by_factor(actions, IntegrityFactor.objects.all()) if row.count
        ],
        "versions": versions,
        "latest": latest,
        "removed": sorted(removed, key=lambda row: row.code),
        "changed": [a for a in actions if a.added or a.due_moved or a.target_changed],
        "moved_count": sum(a.due_moved for a in actions),
        "added_count": sum(a.added for a in actions),
        "as_approved_count": sum(
            a.committed is not None and not a.due_moved and not a.target_changed for a in actions
        ),
        "commitments": linked,
    }


def version_label(version):
    """An approved version as the report names it: its number and the day it was approved."""
    return _("version %(number)s of %(date)s") % {
        "number": version.number,
        "date": format_date(timezone.localdate(version.approved_at)),
    }


def since_approval(action, latest):
    """What changed in the action's commitment since the latest approved version, in words."""
    if latest is None:
        return []
    if action.added:
        return [_("added since version %(number)s") % {"number": latest.number}]
    changes = []
    if action.due_moved:
        changes.append(
            _("due date moved from %(old)s to %(new)s")
            % {"old": format_date(action.committed.due_date), "new": format_date(action.due_date)}
        )
    if action.target_changed:
        changes.append(
            _("target changed from %(old)s to %(new)s")
            % {
                "old": format_number(action.committed.target),
                "new": format_number(action.indicator_target),
            }
        )
    return changes
