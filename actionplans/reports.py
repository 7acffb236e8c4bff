"""A plan's report: an Excel workbook and a PDF for management and funders.

Both are built in the language chosen at export (translation.override) and answer "how far are
we against what we committed": each action with its objective, dates, latest progress and
health, next to what the latest approved version committed it to (its due date and target;
due dates moved, actions added or removed since), what its latest progress report says (not in
the public report: progress reports are internal), and the commitments made at meetings that
the plan's actions carry out. The PDF builder is self-contained (reportlab platypus, the
standard Helvetica fonts so that no font file is needed); shared parts (page template, styles,
table style) can later move to a common portal/pdf.py.
"""

import io
from xml.sax.saxutils import escape

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from actionplans import dashboard
from actionplans.health import AT_RISK_MARGIN, HEALTH_ORDER, Health
from actionplans.models import Action, IntegrityFactor, PlanVersion, StrategicObjective
from actionplans.versions import committed_actions
from meetings.models import Meeting
from portal import exports

# Colours of the health labels (the portal's palette; text stays readable on white).
HEALTH_COLOURS = {
    Health.DONE: "#14532d",
    Health.ON_TRACK: "#1d4ed8",
    Health.NOT_STARTED: "#4b5563",
    Health.AT_RISK: "#b45309",
    Health.OVERDUE: "#b91c1c",
    None: "#6b7280",
}


def _date(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _number(value):
    return "—" if value is None else floatformat(value, "-2")


def _health_label(health):
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
    linked = dashboard.meeting_commitments(plan, actions)["linked"]
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


def _version_label(version):
    return _("version %(number)s of %(date)s") % {
        "number": version.number,
        "date": _date(timezone.localdate(version.approved_at)),
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
            % {"old": _date(action.committed.due_date), "new": _date(action.due_date)}
        )
    if action.target_changed:
        changes.append(
            _("target changed from %(old)s to %(new)s")
            % {"old": _number(action.committed.target), "new": _number(action.indicator_target)}
        )
    return changes


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
        (_("Health"), lambda a: _health_label(a.current_health), 14),
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


# --- Excel ------------------------------------------------------------------------------


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
            (_("Period"), f"{_date(plan.period_start)} – {_date(plan.period_end)}"),
            (_("Owning unit"), plan.owning_unit),
            (_("Status"), str(plan.get_status_display())),
            (_("Approved on"), _date(plan.approved_at and timezone.localdate(plan.approved_at))),
            (_("Approved version"), data["versions"][-1].number if data["versions"] else ""),
            (_("Report date"), _date(data["today"])),
            (
                _("Actions included"),
                _("public actions only") if public_only else _("all actions"),
            ),
            (_("Average progress (%)"), data["overall"]),
        ]
        latest = data["latest"]
        if latest is not None:
            rows += [
                (_("Compared with"), _version_label(latest)),
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
        sheet.auto_filter.ref = sheet.dimensions

        objectives = book.create_sheet(_("Objectives")[:31])
        labels = dict(Health.choices)
        exports.append_row(
            objectives,
            [_("Strategic objective"), _("Actions"), _("Average progress (%)")]
            + [str(labels[value]) for value in HEALTH_ORDER],
        )
        for row in data["by_objective"]:
            exports.append_row(objectives, [row.label, row.count, row.progress, *row.health_cells])
        for cell in objectives[1]:
            cell.font = bold
            cell.fill = header_fill
        objectives.column_dimensions["A"].width = 60

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
                    _health_label(action.current_health),
                ],
            )
        _header(commitments, [36, 12, 48, 24, 40, 12, 12, 14], bold, header_fill)

        return exports.save(book)


def _header(sheet, widths, bold, fill):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "yyyy-mm-dd"


# --- PDF --------------------------------------------------------------------------------


def _styles():
    sheet = getSampleStyleSheet()
    base = ParagraphStyle(
        "body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=9, leading=11
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=sheet["Title"],
            fontName="Helvetica-Bold",
            fontSize=18,
            leading=22,
            alignment=0,
            textColor=colors.HexColor("#14532d"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sheet["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=colors.HexColor("#14532d"),
        ),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=7.5, leading=9, textColor=colors.HexColor("#4b5563")
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5),
        "group": ParagraphStyle(
            "group",
            parent=base,
            fontName="Helvetica-Bold",
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName="Helvetica-Bold", fontSize=8, leading=9.5
        ),
        "number": ParagraphStyle(
            "number", parent=base, fontSize=8, leading=9.5, alignment=TA_RIGHT
        ),
    }


def _p(text, style):
    return Paragraph(escape(str(text if text is not None else "")), style)


def _health_p(health, style):
    colour = HEALTH_COLOURS.get(health, "#6b7280")
    return Paragraph(f'<font color="{colour}"><b>{escape(_health_label(health))}</b></font>', style)


TABLE_STYLE = TableStyle(
    [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce8e0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9ca3af")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f8f7")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _table(header, rows, widths, styles):
    data = [[_p(title, styles["cell_bold"]) for title in header], *rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _footer(title, generated):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#4b5563"))
        width, _height = doc.pagesize
        canvas.drawString(doc.leftMargin, 8 * mm, f"{title} – {generated}")
        canvas.drawRightString(
            width - doc.rightMargin, 8 * mm, _("Page %(number)s") % {"number": doc.page}
        )
        canvas.restoreState()

    return draw


def build_pdf(plan, *, language, today=None, public_only=False, compress=True):
    """The management report as PDF bytes.

    `compress=False` writes uncompressed, invariant output (no timestamps or random ids), so
    that tests can read the text in it.
    """
    with translation.override(language):
        data = report_data(plan, today=today, public_only=public_only)
        styles = _styles()
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=landscape(A4),
            leftMargin=14 * mm,
            rightMargin=14 * mm,
            topMargin=14 * mm,
            bottomMargin=16 * mm,
            title=plan.title,
            author=plan.owning_unit,
            subject=_("Action plan progress report"),
            pageCompression=1 if compress else 0,
            invariant=0 if compress else 1,
        )
        story = _story(plan, data, styles, doc.width)
        generated = _("Report of %(date)s") % {"date": _date(data["today"])}
        footer = _footer(plan.title, generated)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _story(plan, data, styles, width):
    story = [
        _p(plan.title, styles["title"]),
        _p(
            _("Operational action plan · %(start)s – %(end)s · %(unit)s")
            % {
                "start": _date(plan.period_start),
                "end": _date(plan.period_end),
                "unit": plan.owning_unit,
            },
            styles["body"],
        ),
    ]
    versions = data["versions"]
    if versions:
        latest = versions[-1]
        story.append(
            _p(
                _("Status: %(status)s. Version %(number)s approved on %(date)s by %(name)s.")
                % {
                    "status": plan.get_status_display(),
                    "number": latest.number,
                    "date": _date(timezone.localdate(latest.approved_at)),
                    "name": latest.approved_by or "—",
                },
                styles["body"],
            )
        )
    else:
        story.append(
            _p(
                _("Status: %(status)s (not approved yet).") % {"status": plan.get_status_display()},
                styles["body"],
            )
        )
    story.append(
        _p(
            _("Progress as reported on %(date)s.") % {"date": _date(data["today"])}
            + " "
            + (
                _("Public actions only.")
                if data["public_only"]
                else _("All actions, public and internal.")
            ),
            styles["body"],
        )
    )
    if plan.description:
        story += [Spacer(1, 4), _p(plan.description, styles["body"])]

    # Summary
    story.append(_p(_("Where we stand"), styles["h2"]))
    tracked = sum(row["count"] for row in data["counts"])
    story.append(
        _p(
            _("%(count)s actions under way or delivered, %(progress)s %% complete on average.")
            % {"count": tracked, "progress": data["overall"]},
            styles["body"],
        )
    )
    header = [str(row["label"]) for row in data["counts"]] + [_("cancelled")]
    cells = [_p(row["count"], styles["number"]) for row in data["counts"]] + [
        _p(data["cancelled"], styles["number"])
    ]
    story.append(Spacer(1, 4))
    story.append(_table(header, [cells], [width / len(header)] * len(header), styles))
    story.append(
        _p(
            _(
                "An action is at risk when its progress trails the share of its time already "
                "elapsed by more than %(margin)s points; overdue when its due date is past and "
                "it is not done."
            )
            % {"margin": AT_RISK_MARGIN},
            styles["small"],
        )
    )

    story += _against_approval(data, styles, width)

    # By objective and by integrity factor
    health_titles = [str(Health(value).label) for value in HEALTH_ORDER]
    story.append(_p(_("Progress by strategic objective"), styles["h2"]))
    rows = [
        [
            _p(row.label, styles["cell"]),
            _p(row.count, styles["number"]),
            _p(f"{row.progress} %", styles["number"]),
        ]
        + [_p(n, styles["number"]) for n in row.health_cells]
        for row in data["by_objective"]
    ]
    first = width * 0.4
    rest = (width - first) / (2 + len(HEALTH_ORDER))
    story.append(
        _table(
            [_("Strategic objective"), _("Actions"), _("Progress"), *health_titles],
            rows,
            [first] + [rest] * (2 + len(HEALTH_ORDER)),
            styles,
        )
    )
    if data["by_factor"]:
        story.append(
            _p(_("Progress by integrity factor (Revised Arusha Declaration)"), styles["h2"])
        )
        rows = [
            [
                _p(row.label, styles["cell"]),
                _p(row.count, styles["number"]),
                _p(f"{row.progress} %", styles["number"]),
            ]
            + [_p(n, styles["number"]) for n in row.health_cells]
            for row in data["by_factor"]
        ]
        story.append(
            _table(
                [_("Integrity factor"), _("Actions"), _("Progress"), *health_titles],
                rows,
                [first] + [rest] * (2 + len(HEALTH_ORDER)),
                styles,
            )
        )

    # Needs attention
    attention = [a for a in data["actions"] if a.current_health in (Health.OVERDUE, Health.AT_RISK)]
    story.append(_p(_("Needs attention"), styles["h2"]))
    if attention:
        story.append(_actions_table(attention, styles, width, data))
    else:
        story.append(_p(_("No action is overdue or at risk."), styles["body"]))

    story += _meeting_commitments(data, styles, width)

    # Every action, by objective
    story.append(_p(_("All actions, by strategic objective"), styles["h2"]))
    by_objective = {}
    for action in data["actions"]:
        by_objective.setdefault(action.objective, []).append(action)
    for objective, actions in sorted(by_objective.items(), key=lambda item: item[0].code):
        story.append(_p(str(objective), styles["group"]))
        story.append(_actions_table(actions, styles, width, data))

    if versions:
        story.append(_p(_("Approved versions"), styles["h2"]))
        rows = [
            [
                _p(version.number, styles["number"]),
                _p(_date(timezone.localdate(version.approved_at)), styles["cell"]),
                _p(version.approved_by or "—", styles["cell"]),
                _p(version.note, styles["cell"]),
            ]
            for version in versions
        ]
        story.append(
            _table(
                [_("Version"), _("Approved on"), _("Approved by"), _("What changed")],
                rows,
                [width * 0.08, width * 0.14, width * 0.2, width * 0.58],
                styles,
            )
        )
    return story


def _flag(text, style):
    return Paragraph(f'<font color="#b45309"><b>{escape(str(text))}</b></font>', style)


def _against_approval(data, styles, width):
    """What the latest approved version committed to, against where the plan stands now."""
    story = [_p(_("Against what we committed"), styles["h2"])]
    latest = data["latest"]
    if latest is None:
        story.append(
            _p(
                _("The plan has no approved version yet: there is nothing to compare with."),
                styles["body"],
            )
        )
        return story
    story.append(
        _p(_("Compared with %(version)s.") % {"version": _version_label(latest)}, styles["body"])
    )
    header = [
        _("Actions as approved"),
        _("Due dates moved"),
        _("Actions added since approval"),
        _("Actions removed since approval"),
    ]
    counts = [
        data["as_approved_count"],
        data["moved_count"],
        data["added_count"],
        len(data["removed"]),
    ]
    story.append(Spacer(1, 4))
    story.append(
        _table(
            header,
            [[_p(count, styles["number"]) for count in counts]],
            [width / len(header)] * len(header),
            styles,
        )
    )
    story.append(Spacer(1, 4))
    if not data["changed"] and not data["removed"]:
        story.append(_p(_("Every action stands as it was approved."), styles["body"]))
        return story
    rows = []
    for action in data["changed"]:
        committed = action.committed
        rows.append(
            [
                _p(action.code, styles["cell_bold"]),
                _p(action.title, styles["cell"]),
                [_flag(change, styles["cell"]) for change in since_approval(action, latest)],
                _p(_date(committed.due_date) if committed else "—", styles["cell"]),
                _p(_date(action.due_date), styles["cell"]),
                _p(_number(committed.target) if committed else "—", styles["number"]),
                _p(_number(action.indicator_target), styles["number"]),
            ]
        )
    for row in data["removed"]:
        rows.append(
            [
                _p(row.code, styles["cell_bold"]),
                _p(row.title, styles["cell"]),
                _flag(
                    _("removed since version %(number)s") % {"number": latest.number},
                    styles["cell"],
                ),
                _p(_date(row.due_date), styles["cell"]),
                _p("—", styles["cell"]),
                _p(_number(row.target), styles["number"]),
                _p("—", styles["number"]),
            ]
        )
    shares = [0.07, 0.33, 0.24, 0.09, 0.09, 0.09, 0.09]
    story.append(
        _table(
            [
                _("Code"),
                _("Action"),
                _("What changed"),
                _("Due date as approved"),
                _("Due now"),
                _("Target as approved"),
                _("Target now"),
            ],
            rows,
            [width * share for share in shares],
            styles,
        )
    )
    return story


def _meeting_commitments(data, styles, width):
    story = [_p(_("Meeting commitments carried out by the plan"), styles["h2"])]
    if not data["commitments"]:
        story.append(
            _p(
                _("No action of this plan carries out a commitment made at a meeting."),
                styles["body"],
            )
        )
        return story
    rows = []
    for commitment in data["commitments"]:
        action = commitment.linked_action
        meeting = commitment.meeting
        rows.append(
            [
                [
                    _p(meeting.title, styles["cell"]),
                    _p(_date(timezone.localdate(meeting.start)), styles["small"]),
                ],
                _p(commitment.description, styles["cell"]),
                _p(commitment.organization or "—", styles["cell"]),
                _p(f"{action.code} – {action.title}", styles["cell"]),
                _p(_date(action.due_date), styles["cell"]),
                _p(f"{action.progress} %", styles["number"]),
                _health_p(action.current_health, styles["cell"]),
            ]
        )
    shares = [0.19, 0.26, 0.12, 0.19, 0.08, 0.075, 0.085]
    story.append(
        _table(
            [
                _("Meeting"),
                _("Commitment"),
                _("Organisation"),
                _("Action"),
                _("Due"),
                _("Progress"),
                _("Health"),
            ],
            rows,
            [width * share for share in shares],
            styles,
        )
    )
    return story


NARRATIVE_LENGTH = 400


def _actions_table(actions, styles, width, data):
    public_only, latest = data["public_only"], data["latest"]
    columns = [
        (_("Code"), 0.06),
        (_("Action"), 0.27),
        (_("Responsible"), 0.135),
        (_("Start"), 0.07),
        (_("Due"), 0.08),
        (_("As approved"), 0.11),
        (_("Progress"), 0.075),
        (_("Health"), 0.08),
        (_("Indicator"), 0.12),
    ]
    rows = []
    for action in actions:
        responsible = action.responsible_unit
        if not public_only:
            responsible = f"{action.responsible} ({action.responsible_unit})"
        indicator = ""
        if action.indicator_name:
            indicator = (
                f"{action.indicator_name}: {_number(action.indicator_current)} / "
                f"{_number(action.indicator_target)} {action.indicator_unit}"
            ).strip()
        what = [_p(action.title, styles["cell"])]
        narrative = getattr(action, "latest_narrative", None)
        if narrative and not public_only:
            if len(narrative) > NARRATIVE_LENGTH:
                narrative = narrative[: NARRATIVE_LENGTH - 1].rstrip() + "…"
            what.append(
                _p(
                    _("Latest report (%(date)s): %(text)s")
                    % {"date": _date(action.last_update_date), "text": narrative},
                    styles["note"],
                )
            )
        due = [_p(_date(action.due_date), styles["cell"])]
        if action.due_moved:
            due.append(_flag(_("moved"), styles["cell"]))
        if action.added:
            approved = [
                _flag(_("new since v%(number)s") % {"number": latest.number}, styles["cell"])
            ]
        elif action.committed is not None:
            approved = [_p(_date(action.committed.due_date), styles["cell"])]
            if action.committed.target is not None:
                approved.append(
                    _p(
                        _("target %(value)s") % {"value": _number(action.committed.target)},
                        styles["small"],
                    )
                )
        else:
            approved = [_p("—", styles["cell"])]
        rows.append(
            [
                _p(action.code, styles["cell_bold"]),
                what,
                _p(responsible, styles["cell"]),
                _p(_date(action.start_date), styles["cell"]),
                due,
                approved,
                _p(f"{action.progress} %", styles["number"]),
                _health_p(action.current_health, styles["cell"]),
                _p(indicator, styles["cell"]),
            ]
        )
    widths = [width * share for _title, share in columns]
    return _table([title for title, _share in columns], rows, widths, styles)
