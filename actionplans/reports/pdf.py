"""A plan's report as a PDF for management and funders (what it says:
actionplans.reports.content).

Set in portal/pdf.py's font (DejaVu Sans, shipped with the portal and embedded), which prints
French and names in other scripts as they are written. It does not go through portal/pdf.py's
document builder (A4 portrait, plain blocks): this report is landscape, with coloured health
labels and wide tables; its page template, styles and table style are what could move there.
Its footer is the portal's one PDF footer (portal.pdf.numbered_canvas: "Page n of m").
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
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

from actionplans.health import AT_RISK_MARGIN, HEALTH_ORDER, Health
from actionplans.reports.content import (
    format_date,
    format_number,
    health_label,
    report_data,
    since_approval,
    version_label,
)
from portal import pdf

# Colours of the health labels (the portal's palette; text stays readable on white).
HEALTH_COLOURS = {
    Health.DONE: "#14532d",
    Health.ON_TRACK: "#1d4ed8",
    Health.NOT_STARTED: "#4b5563",
    Health.AT_RISK: "#b45309",
    Health.OVERDUE: "#b91c1c",
    None: "#6b7280",
}


def _styles():
    pdf.register_fonts()
    sheet = getSampleStyleSheet()
    base = ParagraphStyle(
        "body", parent=sheet["BodyText"], fontName=pdf.FONT, fontSize=9, leading=11
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=sheet["Title"],
            fontName=pdf.BOLD,
            fontSize=18,
            leading=22,
            alignment=0,
            textColor=colors.HexColor("#14532d"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=sheet["Heading2"],
            fontName=pdf.BOLD,
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
            fontName=pdf.BOLD,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=pdf.BOLD, fontSize=8, leading=9.5
        ),
        "number": ParagraphStyle(
            "number", parent=base, fontSize=8, leading=9.5, alignment=TA_RIGHT
        ),
    }


def _p(text, style):
    return Paragraph(escape(str(text if text is not None else "")), style)


def _health_p(health, style):
    colour = HEALTH_COLOURS.get(health, "#6b7280")
    return Paragraph(f'<font color="{colour}"><b>{escape(health_label(health))}</b></font>', style)


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
        generated = _("Report of %(date)s") % {"date": format_date(data["today"])}
        # The portal's one PDF footer: the plan and the date, "Page n of m".
        footer = pdf.numbered_canvas(f"{plan.title} – {generated}", margin=14 * mm)
        doc.build(story, canvasmaker=footer)
    return buffer.getvalue()


def _story(plan, data, styles, width):
    story = [
        _p(plan.title, styles["title"]),
        _p(
            _("Operational action plan · %(start)s – %(end)s · %(unit)s")
            % {
                "start": format_date(plan.period_start),
                "end": format_date(plan.period_end),
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
                    "date": format_date(timezone.localdate(latest.approved_at)),
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
            _("Progress as reported on %(date)s.") % {"date": format_date(data["today"])}
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
                _p(format_date(timezone.localdate(version.approved_at)), styles["cell"]),
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
        _p(_("Compared with %(version)s.") % {"version": version_label(latest)}, styles["body"])
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
                _p(format_date(committed.due_date) if committed else "—", styles["cell"]),
                _p(format_date(action.due_date), styles["cell"]),
                _p(format_number(committed.target) if committed else "—", styles["number"]),
                _p(format_number(action.indicator_target), styles["number"]),
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
                _p(format_date(row.due_date), styles["cell"]),
                _p("—", styles["cell"]),
                _p(format_number(row.target), styles["number"]),
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
                    _p(format_date(timezone.localdate(meeting.start)), styles["small"]),
                ],
                _p(commitment.description, styles["cell"]),
                _p(commitment.organization or "—", styles["cell"]),
                _p(f"{action.code} – {action.title}", styles["cell"]),
                _p(format_date(action.due_date), styles["cell"]),
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
                f"{action.indicator_name}: {format_number(action.indicator_current)} / "
                f"{format_number(action.indicator_target)} {action.indicator_unit}"
            ).strip()
        what = [_p(action.title, styles["cell"])]
        narrative = getattr(action, "latest_narrative", None)
        if narrative and not public_only:
            if len(narrative) > NARRATIVE_LENGTH:
                narrative = narrative[: NARRATIVE_LENGTH - 1].rstrip() + "…"
            what.append(
                _p(
                    _("Latest report (%(date)s): %(text)s")
                    % {"date": format_date(action.last_update_date), "text": narrative},
                    styles["note"],
                )
            )
        due = [_p(format_date(action.due_date), styles["cell"])]
        if action.due_moved:
            due.append(_flag(_("moved"), styles["cell"]))
        if action.added:
            approved = [
                _flag(_("new since v%(number)s") % {"number": latest.number}, styles["cell"])
            ]
        elif action.committed is not None:
            approved = [_p(format_date(action.committed.due_date), styles["cell"])]
            if action.committed.target is not None:
                approved.append(
                    _p(
                        _("target %(value)s") % {"value": format_number(action.committed.target)},
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
                _p(format_date(action.start_date), styles["cell"]),
                due,
                approved,
                _p(f"{action.progress} %", styles["number"]),
                _health_p(action.current_health, styles["cell"]),
                _p(indicator, styles["cell"]),
            ]
        )
    widths = [width * share for _title, share in columns]
    return _table([title for title, _share in columns], rows, widths, styles)
