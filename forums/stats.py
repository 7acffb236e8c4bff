"""Figures for officers: registrations and attendance by organisation category, region and
country; with the server-drawn SVG bar chart that shows them."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_countries import countries

from forums.models import ACTIVE, Registration
from stakeholders.models import Category, Region

Status = Registration.Status


@dataclass(frozen=True)
class Row:
    label: str
    registered: int
    attended: int


def _label(dimension, value):
    if value is None:
        return _("No organisation")
    if dimension == "category":
        return str(Category(value).label) if value in Category.values else value
    if dimension == "region":
        if not value:
            return _("Outside Mali or not given")
        return str(Region(value).label) if value in Region.values else value
    return countries.name(value) or value


DIMENSIONS = {
    "category": "organization__category",
    "region": "organization__region",
    "country": "organization__country",
}


def breakdown(forum, dimension):
    """Rows of (label, registered, attended) for one dimension, largest first (one query)."""
    field = DIMENSIONS[dimension]
    rows = (
        forum.registrations.filter(status__in=ACTIVE)
        .values(field)
        .annotate(
            registered=Count("pk"),
            attended=Count("pk", filter=Q(status=Status.ATTENDED)),
        )
        .order_by("-registered", field)
    )
    return [Row(_label(dimension, row[field]), row["registered"], row["attended"]) for row in rows]


def bar_chart(title, rows, series):
    """A horizontal grouped bar chart as inline SVG.

    `rows` are objects or dicts with a `label`; `series` is [(attribute, legend label)].
    Colours come from CSS classes (chart-series-0, -1, ...), so no style attribute is needed.
    Every text is escaped; the data table beside the chart carries the same figures.
    """

    def value(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    def label(row):
        return value(row, "label")

    bar, gap, label_width, width = 14, 10, 220, 640
    plot = width - label_width - 50
    group = bar * len(series) + gap
    top = 30
    height = top + max(len(rows), 1) * group + 10
    peak = max([value(row, name) for row in rows for name, _legend in series] + [1])

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            width,
            height,
            title,
        ),
        format_html("<title>{}</title>", title),
    ]
    x = label_width
    for index, (_name, legend) in enumerate(series):
        parts.append(
            format_html(
                '<rect class="chart-series-{}" x="{}" y="8" width="12" height="12"></rect>'
                '<text class="chart-legend" x="{}" y="18">{}</text>',
                index,
                x,
                x + 16,
                legend,
            )
        )
        x += 160
    for position, row in enumerate(rows):
        y = top + position * group
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
                label_width - 8,
                y + bar * len(series) / 2 + 4,
                str(label(row))[:32],
            )
        )
        for index, (name, _legend) in enumerate(series):
            amount = value(row, name)
            length = round(plot * amount / peak, 1)
            by = y + index * bar
            parts.append(
                format_html(
                    '<rect class="chart-series-{}" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text class="chart-value" x="{}" y="{}">{}</text>',
                    index,
                    label_width,
                    by,
                    length,
                    bar - 2,
                    label(row),
                    amount,
                    label_width + length + 4,
                    by + bar - 4,
                    amount,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))
