"""PDF documents built from a few plain blocks: the one PDF writer of the portal.

Apps describe a document as a title, a subtitle and a list of blocks (headings, paragraphs,
bullet lists, tables with a header row) and get bytes back:

    with translation.override("fr"):
        data = pdf.build_pdf(title, [pdf.Heading("Résumé"), pdf.Paragraph(text)], subtitle=...)

Pages are A4 with the portal's name and "Page n of m" in the footer, in the active language
(callers wrap the call in `translation.override(lang)`); `numbered_canvas` is that footer for
any PDF the portal writes. Text is set in DejaVu Sans, shipped in portal/fonts (with its
licence) and embedded in each PDF (the characters used only), so that French and names in
Cyrillic, Arabic, Greek or with any Latin accent (Ольга, محمد, Ñúñez) print as they are
written, on a machine without any font installed. reportlab draws letters one by one, left to
right: Arabic letters come out in their isolated forms, not joined and not right to left.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as _canvas
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as _PageBreak
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import Table as _Table

MARGIN = 18 * mm
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "PortalSans"
BOLD = "PortalSans-Bold"
GREEN = colors.HexColor("#14532d")
GREY = colors.HexColor("#4b5563")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 or 2 (the document's title is above both)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text (escaped here), or of reportlab markup when `markup` is true.

    Markup (<b>, <i>, <u>, <strike>, <font color="...">, <br/>) must have been built with
    `escape()` around every piece of user text.
    """

    text: str
    style: str = "body"  # "body", "small" or "quote"
    markup: bool = False


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header, repeated on every page it spans."""

    header: Sequence[str]
    rows: Sequence[Sequence]
    # Relative column widths (any unit; they are scaled to the page), or None for equal ones.
    widths: Sequence[float] | None = None
    # Indexes of columns holding numbers, aligned right.
    numeric: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class PageBreak:
    pass


def escape(text):
    """Escape user text for a markup paragraph."""
    return _xml_escape(str(text))


@functools.cache
def register_fonts():
    """Register the portal's fonts with reportlab (once): FONT, BOLD, and FONT as a family, so
    that <b> in a paragraph's markup picks BOLD. (No italic face is shipped: <i> stays upright.)"""
    pdfmetrics.registerFont(TTFont(FONT, FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(BOLD, FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles():
    register_fonts()
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "PortalBody", parent=sample["BodyText"], fontName=FONT, fontSize=10, leading=14
    )
    return {
        "title": ParagraphStyle(
            "PortalTitle",
            parent=sample["Title"],
            fontName=BOLD,
            fontSize=18,
            leading=22,
            alignment=TA_LEFT,
            textColor=GREEN,
            spaceAfter=4,
        ),
        "subtitle": ParagraphStyle(
            "PortalSubtitle", parent=body, fontSize=11, textColor=GREY, spaceAfter=10
        ),
        1: ParagraphStyle(
            "PortalH1",
            parent=sample["Heading2"],
            fontName=BOLD,
            fontSize=14,
            textColor=GREEN,
            spaceBefore=12,
        ),
        2: ParagraphStyle("PortalH2", parent=sample["Heading3"], fontName=BOLD, fontSize=11),
        "body": body,
        "small": ParagraphStyle("PortalSmall", parent=body, fontSize=8.5, leading=11),
        "quote": ParagraphStyle(
            "PortalQuote",
            parent=body,
            leftIndent=8 * mm,
            borderPadding=(2, 0, 2, 4),
            borderColor=colors.HexColor("#d1d5db"),
            borderWidth=0,
        ),
        "cell": ParagraphStyle("PortalCell", parent=body, fontSize=9, leading=11.5),
        "cell_number": ParagraphStyle(
            "PortalCellNumber", parent=body, fontSize=9, leading=11.5, alignment=2
        ),
        "header": ParagraphStyle(
            "PortalHeader",
            parent=body,
            fontName=BOLD,
            fontSize=9,
            leading=11.5,
            textColor=colors.white,
        ),
    }


def _plain(text):
    return escape(text).replace("\n", "<br/>")


def _flowables(blocks, styles, width):
    for block in blocks:
        if isinstance(block, Heading):
            yield _Paragraph(_plain(block.text), styles[2 if block.level >= 2 else 1])
        elif isinstance(block, Paragraph):
            text = block.text if block.markup else _plain(block.text)
            yield _Paragraph(text, styles.get(block.style, styles["body"]))
        elif isinstance(block, Bullets):
            yield ListFlowable(
                [ListItem(_Paragraph(_plain(item), styles["body"])) for item in block.items],
                bulletType="bullet",
                leftIndent=5 * mm,
            )
        elif isinstance(block, Table):
            yield _table(block, styles, width)
            yield Spacer(1, 4 * mm)
        elif isinstance(block, PageBreak):
            yield _PageBreak()
        else:
            raise TypeError(f"Not a PDF block: {block!r}")


def _table(block, styles, width):
    numeric = set(block.numeric)
    data = [[_Paragraph(_plain(cell), styles["header"]) for cell in block.header]]
    for row in block.rows:
        data.append(
            [
                _Paragraph(
                    _plain("" if cell is None else cell),
                    styles["cell_number" if index in numeric else "cell"],
                )
                for index, cell in enumerate(row)
            ]
        )
    relative = list(block.widths or [1] * len(block.header))
    total = sum(relative)
    table = _Table(data, colWidths=[width * part / total for part in relative], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), GREEN),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9ca3af")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def numbered_canvas(footer_left, *, margin=MARGIN):
    """The one footer of every PDF the portal writes: `footer_left` on the left and "Page n of
    m" (in the active language) on the right, on a canvas that holds its pages until it knows
    m. For `doc.build(story, canvasmaker=numbered_canvas(...))`."""
    register_fonts()
    page_label = _("Page %(page)s of %(pages)s")

    class NumberedCanvas(_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total):
            page_width = self._pagesize[0]
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.setStrokeColor(colors.HexColor("#d1d5db"))
            self.line(margin, 12 * mm, page_width - margin, 12 * mm)
            self.drawString(margin, 8 * mm, footer_left)
            self.drawRightString(
                page_width - margin,
                8 * mm,
                page_label % {"page": self._pageNumber, "pages": total},
            )
            self.restoreState()

    return NumberedCanvas


def build_pdf(title, blocks, *, subtitle="", author="", invariant=False, compress=True):
    """Build an A4 PDF in the active language and return its bytes.

    `invariant` makes the output byte-for-byte reproducible (no creation date, fixed ids) and
    `compress=False` leaves page content readable; both are for tests.
    """
    buffer = BytesIO()
    styles = _styles()
    site_name = settings.SITE_NAME
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=str(title),
        subject=str(subtitle),
        author=str(author or site_name),
        creator=site_name,
        invariant=1 if invariant else 0,
        pageCompression=1 if compress else 0,
    )
    story = [_Paragraph(_plain(title), styles["title"])]
    if subtitle:
        story.append(_Paragraph(_plain(subtitle), styles["subtitle"]))
    story.extend(_flowables(blocks, styles, doc.width))
    doc.build(story, canvasmaker=numbered_canvas(site_name))
    return buffer.getvalue()
