"""A plan's report as an Excel workbook: a summary sheet, the actions, progress by objective,
the actions removed since approval and the meeting commitments (what they say:
actionplans.reports.content).

Every row goes through portal.exports.append_row, the portal's one export helper: a partner's
name or an action's title that starts like a formula stays text.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from actionplans.health import HEALTH_ORDER, Health
from actionplans.reports.content import (
    format_date,
    health_label,
    report_data,
    since_approval,
    version_label,
)
from portal import exports


def _action_columns(data):
    public_only, latest = data["public_only"], data["latest"]
    columns = [
        (_("Code"), lambda a: a.code, 10),
        (_("Action"), lambda a: a.title, 48),
        (_("Strategic objective"), lambda a: a.objective.code, 12),
        (_("Responsible unit"), lambda a: a.responsible_unit, 24),
    ]
    if not public_only:
        columns.append((_("Responsible officer"), lambda a: str(a.responsible), 22))
    columns += [
        (_("Start"), lambda a: a.start_date, 12),
        (_("Due"), lambda a: a.due_date, 12),
        (_("Due date as approved"), lambda a: a.committed and a.committed.due_date, 14),
        (_("Priority"), lambda a: str(a.get_priority_display()), 10),
        (_("Status"), lambda a: str(a.get_status_display()), 14),
        (_("Progress (%)"), lambda a: a.progress, 12),
        (_("Health"), lambda a: health_label(a.current_health), 14),
        (_("Last update"), lambda a: a.last_update_date, 12),
        (_("Indicator"), lambda a: a.indicator_name, 28),
        (_("Unit"), lambda a: a.indicator_unit, 10),
        (_("Baseline"), lambda a: a.indicator_baseline, 10),
        (_("Target"), lambda a: a.indicator_target, 10),
        (_("Target as approved"), lambda a: a.committed and a.committed.target, 12),
        (_("Current value"), lambda a: a.indicator_current if a.indicator_name else None, 12),
        (_("Since approval"), lambda a: "; ".join(since_approval(a, latest)), 36),
        (_("Partners"), lambda a: ", ".join(str(o) for o in a.partners.all()), 36),
    ]
    if not public_only:
        columns += [
            (_("Visibility"), lambda a: str(a.get_visibility_display()), 20),
            (_("Latest progress report"), lambda a: a.latest_narrative, 60),
        ]
    return columns


def build_xlsx(plan, *, language, today=None, public_only=False):
    """The plan as a workbook: a summary sheet, the actions, progress by objective. Its rows
    go through portal.exports.append_row: a partner's name or an action's title that starts
    like a formula stays text."""
    with translation.override(language):
        data = report_data(plan, today=today, public_only=public_only)
        book = Workbook()
        bold = Font(bold=True)
        header_fill = PatternFill("solid", fgColor="DCE8E0")

        summary = book.active
        summary.title = _("Plan")[:31]
        rows = [
            (_("Action plan"), plan.title),
            (_("Period"), f"{format_date(plan.period_start)} – {format_date(plan.period_end)}"),
            (_("Owning unit"), plan.owning_unit),
            (_("Status"), str(plan.get_status_display())),
            (_("Approved on"), plan.approved_at and timezone.localdate(plan.approved_at)),
            (_("Approved version"), data["versions"][-1].number if data["versions"] else ""),
            (_("Report date"), data["today"]),
            (
                _("Actions included"),
                _("public actions only") if public_only else _("all actions"),
            ),
            (_("Average progress (%)"), data["overall"]),
        ]
        latest = data["latest"]
        if latest is not None:
            rows += [
                (_("Compared with"), version_label(latest)),
                (_("Actions as approved"), data["as_approved_count"]),
                (_("Due dates moved"), data["moved_count"]),
                (_("Actions added since approval"), data["added_count"]),
                (_("Actions removed since approval"), len(data["removed"])),
            ]
        for row in rows:
            exports.append_row(summary, row)
        exports.append_row(summary, ())
        exports.append_row(summary, (_("Health"), _("Actions")))
        for row in data["counts"]:
            exports.append_row(summary, (str(row["label"]), row["count"]))
        exports.append_row(summary, (_("cancelled"), data["cancelled"]))
        for cell in summary["A"]:
            cell.font = bold
        summary.column_dimensions["A"].width = 28
        summary.column_dimensions["B"].width = 60

        sheet = book.create_sheet(_("Actions")[:31])
        columns = _action_columns(data)
        exports.append_row(sheet, [str(title) for title, _value, _width in columns])
        for action in data["actions"]:
            exports.append_row(sheet, [value(action) for _title, value, _width in columns])
        _header(sheet, [width for _title, _value, width in columns], bold, header_fill)
        sheet.freeze_panes = "C2"

        objectives = book.create_sheet(_("Objectives")[:31])
        labels = dict(Health.choices)
        exports.append_row(
            objectives,
            [_("Strategic objective"), _("Actions"), _("Average progress (%)")]
            + [str(labels[value]) for value in HEALTH_ORDER],
        )
        for row in data["by_objective"]:
            exports.append_row(objectives, [row.label, row.count, row.progress, *row.health_cells])
        _header(objectives, [60, 10, 12] + [12] * len(HEALTH_ORDER), bold, header_fill)

        if latest is not None:
            removed = book.create_sheet(_("Removed actions")[:31])
            exports.append_row(
                removed,
                [
                    _("Code"),
                    _("Action"),
                    _("Strategic objective"),
                    _("Due date as approved"),
                    _("Target as approved"),
                    _("Approved in"),
                ],
            )
            for row in data["removed"]:
                exports.append_row(
                    removed,
                    [row.code, row.title, row.objective, row.due_date, row.target, latest.number],
                )
            _header(removed, [10, 48, 40, 14, 12, 12], bold, header_fill)

        commitments = book.create_sheet(_("Meeting commitments")[:31])
        exports.append_row(
            commitments,
            [
                _("Meeting"),
                _("Held on"),
                _("Commitment"),
                _("Organisation"),
                _("Action"),
                _("Due"),
                _("Progress (%)"),
                _("Health"),
            ],
        )
        for commitment in data["commitments"]:
            action = commitment.linked_action
            exports.append_row(
                commitments,
                [
                    commitment.meeting.title,
                    timezone.localdate(commitment.meeting.start),
                    commitment.description,
                    str(commitment.organization or ""),
                    f"{action.code} – {action.title}",
                    action.due_date,
                    action.progress,
                    health_label(action.current_health),
                ],
            )
        _header(commitments, [36, 12, 48, 24, 40, 12, 12, 14], bold, header_fill)

        return exports.save(book)


def _header(sheet, widths, bold, fill):
    """A table sheet's layout: its header row styled and frozen, an autofilter over the table,
    the columns' widths (portal.exports sets the dates' formats)."""
    exports.set_widths(sheet, widths)
    for index in range(1, len(widths) + 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    exports.table_layout(sheet, len(widths), sheet.max_row)
