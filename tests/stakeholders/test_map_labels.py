"""The stakeholder map's labels and legend: every plotted organisation is numbered on the map
and named under its number in its quadrant's list; each category has a colour of Okabe and
Ito's palette and a shape, both shown in the legend."""

import re

import pytest
from django.urls import reverse

from stakeholders import mapping
from stakeholders.models import Category
from tests.factories import OfficerFactory, OrganizationFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_every_category_has_its_own_colour_and_shape_pair():
    styles = [mapping.category_style(code) for code, _label in Category.choices]
    assert len(set(styles)) == len(styles)
    assert {colour for colour, _shape in styles} <= set(range(8))
    assert len({shape for _colour, shape in styles}) > 1


def test_every_plotted_organisation_is_numbered_and_listed_under_its_quadrant(client):
    client.force_login(OfficerFactory())
    plotted = []
    for n, (category, influence, interest) in enumerate(
        [
            (Category.BANK, 5, 5),
            (Category.BANK, 5, 5),
            (Category.CHAMBER, 1, 1),
            (Category.DONOR, 5, 1),
            (Category.TRANSPORT, 1, 5),
            (Category.ACADEMIA, 3, 4),
        ]
    ):
        organization = OrganizationFactory(name=f"Org {n}", category=category)
        AssessmentFactory(organization=organization, influence=influence, interest=interest)
        plotted.append(organization)
    OrganizationFactory(name="Pas évaluée")

    html = client.get(reverse("stakeholders:map")).content.decode()
    start = html.index('<svg class="stakeholder-map"')
    svg = html[start : html.index("</svg>", start)]

    numbers = re.findall(r'<text class="map-number"[^>]*>(\d+)</text>', svg)
    assert sorted(map(int, numbers)) == list(range(1, len(plotted) + 1))
    lists = html[html.index('class="map-quadrants"') :]
    for organization in plotted:
        match = re.search(
            r'<span class="map-key">(\d+)</span>[^\n]*?>' + re.escape(organization.name) + "</a>",
            lists,
        )
        assert match, organization.name
        assert match.group(1) in numbers
    assert "Pas évaluée" not in lists
    # Each quadrant's list is under its own heading, in the map's reading order.
    assert lists.index("quadrant-keep_satisfied") < lists.index("quadrant-manage_closely")
    assert lists.index("quadrant-monitor") < lists.index("quadrant-keep_informed")

    # The legend: one entry per category plotted, each with its shape in its colour.
    start = html.index('class="map-legend')
    legend = html[start : html.index("</ul>", start)]
    entries = re.findall(
        r'<path class="map-shape map-c(\d)" d="([^"]+)"/></svg> ([^<]+)</li>', legend
    )
    assert len(entries) == 5
    assert len({(colour, path) for colour, path, _label in entries}) == 5
    # The marks on the map use the same shapes and colours.
    marks = set(re.findall(r'<path class="map-shape map-c(\d)"', svg))
    assert marks == {colour for colour, _path, _label in entries}
