"""The stakeholder map: the influence/interest grid, laid out here and drawn as SVG by a template.

Interest runs left to right and influence bottom to top, each from 1 to 5. Organisations that
share a cell are spread on a small grid inside it, so every organisation gets its own mark, up
to MARK_LIMIT organisations; beyond that (a whole registry of thousands) each cell gets one disc
sized by how many organisations it holds, which keeps the page light (cell_layout).
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stakeholders.models import Assessment, quadrant_of

CELL = 110
LEFT = 56
TOP = 16
RIGHT = 16
BOTTOM = 52
SCALE = range(1, 6)
# Up to this many organisations, each gets its own mark; beyond, the map counts them per cell.
MARK_LIMIT = 300


@dataclass(frozen=True)
class Mark:
    organization: object
    x: float
    y: float
    r: float
    category: str
    quadrant: str


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
        radius = max(2.5, min(9.0, step / 2 - 1.5))
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

    return {**_frame(), "marks": marks, "cells": []}


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
