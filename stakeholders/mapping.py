"""The stakeholder map: the influence/interest grid, laid out here and drawn as SVG by a template.

Interest runs left to right and influence bottom to top, each from 1 to 5. Organisations that
share a cell are spread on a small grid inside it, so every organisation gets its own mark, up
to MARK_LIMIT organisations; beyond that (a whole registry of thousands) each cell gets one disc
sized by how many organisations it holds, which keeps the page light (cell_layout).
"""

import math
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stakeholders.models import Assessment, Category, quadrant_of

CELL = 110
LEFT = 56
TOP = 16
RIGHT = 16
BOTTOM = 52
SCALE = range(1, 6)
# Up to this many organisations, each gets its own mark; beyond, the map counts them per cell.
MARK_LIMIT = 300


# Okabe and Ito's eight colours, told apart with every common colour-vision deficiency; each
# category also gets its own shape, so that no colour has to be told apart on its own. With
# 8 colours and 5 shapes, the first 40 categories each get a pair no other has.
COLOURS = 8
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down")


def category_style(category):
    """(colour index, shape) of a category, by its place in Category."""
    codes = [code for code, _label in Category.choices]
    index = codes.index(category) if category in codes else len(codes) - 1
    return index % COLOURS, SHAPES[index % len(SHAPES)]


def shape_path(shape, x, y, r):
    """An SVG path of `shape` centred on (x, y), about as large as a circle of radius r."""
    if shape == "circle":
        return (
            f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0"
            f"a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"
        )
    if shape == "square":
        s = r * 0.9
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    if shape == "diamond":
        s = r * 1.15
        return f"M{x:.1f},{y - s:.1f}L{x + s:.1f},{y:.1f}L{x:.1f},{y + s:.1f}L{x - s:.1f},{y:.1f}Z"
    s = r * 1.2
    if shape == "triangle":
        return f"M{x:.1f},{y - s:.1f}L{x + s:.1f},{y + s * 0.8:.1f}L{x - s:.1f},{y + s * 0.8:.1f}Z"
    return f"M{x:.1f},{y + s:.1f}L{x + s:.1f},{y - s * 0.8:.1f}L{x - s:.1f},{y - s * 0.8:.1f}Z"


@dataclass(frozen=True)
class Mark:
    organization: object
    x: float
    y: float
    r: float
    category: str
    quadrant: str
    number: int = 0  # its label on the map, and in the list of each quadrant

    @property
    def colour(self):
        return category_style(self.category)[0]

    @property
    def shape(self):
        return category_style(self.category)[1]

    @property
    def path(self):
        return shape_path(self.shape, self.x, self.y, self.r)

    @property
    def legend_path(self):
        """The same shape, for a 16 by 16 icon in the lists under the map."""
        return shape_path(self.shape, 8, 8, 6)

    @property
    def font_size(self):
        return round(max(7.0, min(11.0, self.r)), 1)


@dataclass(frozen=True)
class Area:
    quadrant: str
    label: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    anchor: str


def _cell_origin(influence, interest):
    return LEFT + (interest - 1) * CELL, TOP + (5 - influence) * CELL


@dataclass(frozen=True)
class Cell:
    influence: int
    interest: int
    count: int
    quadrant: str
    x: float
    y: float
    r: float

    @property
    def quadrant_label(self):
        return Assessment.Quadrant(self.quadrant).label

    @property
    def title(self):
        """The disc's tooltip, translated here: a {% blocktranslate %} per cell costs more."""
        return ngettext(
            "%(counter)s organisation — influence %(influence)s, interest %(interest)s",
            "%(counter)s organisations — influence %(influence)s, interest %(interest)s",
            self.count,
        ) % {"counter": self.count, "influence": self.influence, "interest": self.interest}


def cell_layout(counts):
    """The map's geometry with one disc per cell, its area proportional to the number of
    organisations there; `counts` are dicts of latest_influence, latest_interest and count."""
    counts = [c for c in counts if c["latest_influence"] and c["latest_interest"]]
    largest = max((c["count"] for c in counts), default=1)
    cells = []
    for c in sorted(counts, key=lambda c: (-c["latest_influence"], c["latest_interest"])):
        x0, y0 = _cell_origin(c["latest_influence"], c["latest_interest"])
        cells.append(
            Cell(
                influence=c["latest_influence"],
                interest=c["latest_interest"],
                count=c["count"],
                quadrant=quadrant_of(c["latest_influence"], c["latest_interest"]),
                x=x0 + CELL / 2,
                y=y0 + CELL / 2,
                r=round(max(6.0, (CELL / 2 - 6) * math.sqrt(c["count"] / largest)), 1),
            )
        )
    return {**_frame(), "marks": [], "cells": cells}


def layout(organizations):
    """The map's geometry for organisations annotated with their latest assessment
    (with_latest_assessment); unassessed ones are left out."""
    cells = {}
    for organization in organizations:
        if organization.latest_influence is None or organization.latest_interest is None:
            continue
        cells.setdefault((organization.latest_influence, organization.latest_interest), []).append(
            organization
        )

    marks = []
    for (influence, interest), members in sorted(cells.items()):
        x0, y0 = _cell_origin(influence, interest)
        per_row = math.ceil(math.sqrt(len(members)))
        step = CELL / (per_row + 1)
        radius = max(2.5, min(11.0, step / 2 - 2.5))
        for index, organization in enumerate(members):
            row, column = divmod(index, per_row)
            marks.append(
                Mark(
                    organization=organization,
                    x=round(x0 + step * (column + 1), 1),
                    y=round(y0 + step * (row + 1), 1),
                    r=round(radius, 1),
                    category=organization.category,
                    quadrant=quadrant_of(influence, interest),
                )
            )

    # Number the marks as the lists under the map read: quadrant by quadrant, by name.
    order = {quadrant: index for index, quadrant in enumerate(QUADRANT_ORDER)}
    numbered = sorted(marks, key=lambda m: (order[m.quadrant], m.organization.name.casefold()))
    numbers = {id(mark): number for number, mark in enumerate(numbered, start=1)}
    marks = [replace(mark, number=numbers[id(mark)]) for mark in marks]
    return {**_frame(), "marks": marks, "cells": []}


# The quadrants in the order the map reads, top left to bottom right.
QUADRANT_ORDER = (
    Assessment.Quadrant.KEEP_SATISFIED,
    Assessment.Quadrant.MANAGE_CLOSELY,
    Assessment.Quadrant.MONITOR,
    Assessment.Quadrant.KEEP_INFORMED,
)


def quadrant_lists(marks):
    """[(quadrant, label, [mark, ...])] for the lists under the map, in QUADRANT_ORDER, each
    list by number (which is by name); empty quadrants are left out."""
    labels = dict(Assessment.Quadrant.choices)
    grouped = {quadrant: [] for quadrant in QUADRANT_ORDER}
    for mark in marks:
        grouped[mark.quadrant].append(mark)
    return [
        (quadrant, labels[quadrant], sorted(members, key=lambda m: m.number))
        for quadrant, members in grouped.items()
        if members
    ]


def legend(categories):
    """[(code, label, colour, shape path)] for the categories present, in Category's order."""
    present = set(categories)
    return [
        (code, label, category_style(code)[0], shape_path(category_style(code)[1], 8, 8, 6))
        for code, label in Category.choices
        if code in present
    ]


def _frame():
    """The grid, axes and quadrant areas every map has."""
    size = 5 * CELL
    split = (Assessment.HIGH - 1) * CELL  # where "high" starts, from the low end of an axis
    top_height = size - split  # the high-influence band, at the top
    labels = dict(Assessment.Quadrant.choices)
    q = Assessment.Quadrant
    pad = 8
    areas = [
        Area(
            q.KEEP_SATISFIED,
            labels[q.KEEP_SATISFIED],
            LEFT,
            TOP,
            split,
            top_height,
            LEFT + pad,
            TOP + 18,
            "start",
        ),
        Area(
            q.MANAGE_CLOSELY,
            labels[q.MANAGE_CLOSELY],
            LEFT + split,
            TOP,
            size - split,
            top_height,
            LEFT + size - pad,
            TOP + 18,
            "end",
        ),
        Area(
            q.MONITOR,
            labels[q.MONITOR],
            LEFT,
            TOP + top_height,
            split,
            size - top_height,
            LEFT + pad,
            TOP + size - pad,
            "start",
        ),
        Area(
            q.KEEP_INFORMED,
            labels[q.KEEP_INFORMED],
            LEFT + split,
            TOP + top_height,
            size - split,
            size - top_height,
            LEFT + size - pad,
            TOP + size - pad,
            "end",
        ),
    ]
    return {
        "areas": areas,
        "width": LEFT + size + RIGHT,
        "height": TOP + size + BOTTOM,
        "left": LEFT,
        "top": TOP,
        "size": size,
        "bottom": TOP + size,
        "right": LEFT + size,
        "x_ticks": [(n, LEFT + (n - 0.5) * CELL) for n in SCALE],
        "y_ticks": [(n, TOP + (5 - n + 0.5) * CELL) for n in SCALE],
        "grid": [LEFT + n * CELL for n in range(1, 5)],
        "grid_y": [TOP + n * CELL for n in range(1, 5)],
        "x_label": _("Interest"),
        "y_label": _("Influence"),
        "x_label_x": LEFT + size / 2,
        "x_label_y": TOP + size + 42,
        "y_label_x": 16,
        "y_label_y": TOP + size / 2,
    }
