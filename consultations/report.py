"""The consultation report: the same content for the public page and the PDF.

It counts every active comment (those kept private to Customs included, as numbers only),
shows each comment its author allowed to be published, with the decision and its reason, and
what changed between the text put to consultation and the final one (the version the report
was published with, Consultation.reported_version: no revision follows it, so it is also the
adopted text, and a published report never changes). The report is public:
it shows authors exactly as a visitor may see them, whoever reads it.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.translation import gettext as _

from consultations import diff
from consultations.models import Comment
from portal import dates, pdf

PUBLIC = AnonymousUser()
WHOLE_TEXT = ""


@dataclass
class SectionRow:
    key: str
    label: str
    comments: int = 0
    organizations: set = field(default_factory=set)
    published: list = field(default_factory=list)

    @property
    def organization_count(self):
        return len(self.organizations)


@dataclass
class Report:
    consultation: object
    rows: list
    total_comments: int
    total_organizations: int
    personal_comments: int
    private_comments: int
    decisions: list  # [(label, count)]
    old_version: object
    new_version: object
    diffs: list
    changes: dict

    @property
    def groups(self):
        """The published comments, by section, in the order of the text."""
        return [row for row in self.rows if row.published]

    @property
    def changed_sections(self):
        return [item for item in self.diffs if item.changed]


def build_report(consultation):
    comments = list(
        consultation.comments.active()
        .select_related("section", "author", "organization")
        .order_by("created_at", "pk")
    )
    # What the report shows is what anyone may read: the one rule of Comment.objects.published.
    published = set(consultation.comments.published().values_list("pk", flat=True))
    old_version = consultation.consulted_version or consultation.versions.order_by("number").first()
    # Fixed when the report is published (the text is frozen then); a preview shows the latest.
    new_version = consultation.reported_version or consultation.latest_version()
    old_sections = list(old_version.sections.all()) if old_version else []
    new_sections = (
        old_sections
        if new_version is None or new_version == old_version
        else list(new_version.sections.all())
    )

    rows = {WHOLE_TEXT: SectionRow(WHOLE_TEXT, _("The text as a whole"))}
    for section in [*old_sections, *new_sections]:
        rows.setdefault(section.key, SectionRow(section.key, section.label))
    for comment in comments:
        key = comment.section.key if comment.section_id else WHOLE_TEXT
        if key not in rows:  # a section added in a version after the ones compared
            rows[key] = SectionRow(key, comment.section.label)
        row = rows[key]
        row.comments += 1
        if comment.organization_id:
            row.organizations.add(comment.organization_id)
        if comment.pk in published:
            comment.shown_author = comment.author_for(PUBLIC)
            row.published.append(comment)

    decided = {value: 0 for value in Comment.Decision.values}
    for comment in comments:
        if comment.decision:
            decided[comment.decision] += 1
    decisions = [(label, decided[value]) for value, label in Comment.Decision.choices]

    diffs = diff.compare_sections(old_sections, new_sections)
    return Report(
        consultation=consultation,
        rows=list(rows.values()),
        total_comments=len(comments),
        total_organizations=len({c.organization_id for c in comments if c.organization_id}),
        personal_comments=sum(1 for c in comments if not c.organization_id),
        private_comments=sum(1 for c in comments if c.pk not in published),
        decisions=decisions,
        old_version=old_version,
        new_version=new_version,
        diffs=diffs,
        changes=diff.summary(diffs),
    )


# --- PDF --------------------------------------------------------------------------------


def _date(value):
    if value is None:
        return "–"
    if hasattr(value, "hour"):
        return dates.date_format(value, "DATETIME_FORMAT")
    return dates.date_format(value, "DATE_FORMAT")


def _diff_markup(ops):
    parts = []
    for op, text in ops:
        text = pdf.escape(text).replace("\n", "<br/>")
        if op == diff.DELETE:
            parts.append(f'<font color="#991b1b"><strike>{text}</strike></font>')
        elif op == diff.INSERT:
            parts.append(f'<font color="#14532d"><u>{text}</u></font>')
        else:
            parts.append(text)
    return "".join(parts) or "–"


def _status_label(status):
    return {
        diff.CHANGED: _("changed"),
        diff.ADDED: _("added"),
        diff.REMOVED: _("removed"),
        diff.UNCHANGED: _("unchanged"),
    }[status]


def report_blocks(report):
    consultation = report.consultation
    blocks = [pdf.Heading(_("Summary"))]
    facts = [
        [_("Comment period"), f"{_date(consultation.opens_at)} – {_date(consultation.closes_at)}"],
        [_("Comments received"), report.total_comments],
        [_("Organisations that commented"), report.total_organizations],
        [_("Comments in a personal capacity"), report.personal_comments],
        [_("Comments kept private to Customs (counted, not shown)"), report.private_comments],
        [_("Report published on"), _date(consultation.report_published_at)],
    ]
    if consultation.entry_into_force:
        facts.append([_("Entry into force"), _date(consultation.entry_into_force)])
    if consultation.days_from_adoption_to_entry_into_force is not None:
        facts.append(
            [
                _("Days between adoption and entry into force"),
                consultation.days_from_adoption_to_entry_into_force,
            ]
        )
    blocks.append(pdf.Table([_("Item"), _("Value")], facts, widths=[3, 2]))
    if consultation.short_period_justification:
        blocks += [
            pdf.Heading(_("Why the comment period was shorter than the minimum"), level=2),
            pdf.Paragraph(consultation.short_period_justification),
        ]
    if consultation.report_summary:
        blocks += [
            pdf.Heading(_("Conclusions"), level=2),
            pdf.Paragraph(consultation.report_summary),
        ]

    blocks.append(pdf.Heading(_("Comments per section")))
    blocks.append(
        pdf.Table(
            [_("Section"), _("Comments"), _("Organisations")],
            [[row.label, row.comments, row.organization_count] for row in report.rows]
            + [[_("Total"), report.total_comments, report.total_organizations]],
            widths=[5, 1.3, 1.5],
            numeric=[1, 2],
        )
    )
    blocks.append(pdf.Heading(_("Decisions")))
    blocks.append(
        pdf.Table(
            [_("Decision"), _("Comments")],
            [[str(label).capitalize(), count] for label, count in report.decisions],
            widths=[5, 1.3],
            numeric=[1],
        )
    )

    blocks.append(pdf.Heading(_("Comments and how they were handled")))
    if not report.groups:
        blocks.append(pdf.Paragraph(_("No comment was published.")))
    for row in report.groups:
        blocks.append(pdf.Heading(row.label, level=2))
        for comment in row.published:
            blocks.append(
                pdf.Paragraph(
                    f"<b>{pdf.escape(comment.shown_author)}</b> – "
                    f"{pdf.escape(_date(comment.created_at))}",
                    markup=True,
                )
            )
            blocks.append(pdf.Paragraph(comment.body, style="quote"))
            blocks.append(
                pdf.Paragraph(
                    f"<b>{pdf.escape(_('Decision'))}:</b> "
                    f"{pdf.escape(comment.get_decision_display() or _('awaiting a decision'))}"
                    f". {pdf.escape(comment.reason)}",
                    markup=True,
                )
            )

    blocks.append(pdf.Heading(_("What changed in the text")))
    if report.old_version is not None and report.new_version is not None:
        blocks.append(
            pdf.Paragraph(
                _(
                    "Version %(old)s (put to consultation) compared with version %(new)s "
                    "(final text). Deleted words are struck through in red; inserted words are "
                    "underlined in green."
                )
                % {"old": report.old_version.number, "new": report.new_version.number}
            )
        )
    if not report.changed_sections:
        blocks.append(pdf.Paragraph(_("The text did not change.")))
    for item in report.changed_sections:
        blocks.append(
            pdf.Paragraph(
                f"<b>{_diff_markup(item.number)} – {_diff_markup(item.heading)}</b> "
                f"({pdf.escape(_status_label(item.status))})",
                markup=True,
            )
        )
        blocks.append(pdf.Paragraph(_diff_markup(item.body), markup=True))
    return blocks


def report_pdf(consultation, language, **options):
    """The report as PDF bytes, in `language` ("fr" or "en")."""
    with translation.override(language):
        report = build_report(consultation)
        subtitle = _("Consultation report")
        return pdf.build_pdf(
            consultation.title, report_blocks(report), subtitle=subtitle, **options
        )
