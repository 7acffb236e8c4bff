import re

import pytest
from django.urls import reverse

from stakeholders import mapping
from stakeholders.models import Organization
from tests.factories import OfficerFactory, OrganizationFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    client.force_login(OfficerFactory())


def svg_of(page):
    return page[page.index("<svg") : page.index("</svg>")]


def marks(svg):
    return re.findall(
        r'<a class="map-mark" href="([^"]+)">\s*<path class="map-shape map-c\d" '
        r'data-category="(\w+)"',
        svg,
    )


def test_the_map_has_one_mark_per_filtered_assessed_organisation(client, officer):
    for n in range(7):
        AssessmentFactory(
            organization=OrganizationFactory(name=f"Banque {n}", category="bank"),
            influence=4,
            interest=4,
        )
    for n in range(3):
        AssessmentFactory(organization=OrganizationFactory(name=f"Chambre {n}", category="chamber"))
    OrganizationFactory(name="Pas évaluée", category="bank")

    everything = client.get(reverse("stakeholders:map")).content.decode()
    banks = client.get(reverse("stakeholders:map"), {"category": "bank"}).content.decode()

    assert len(marks(svg_of(everything))) == 10
    found = marks(svg_of(banks))
    assert len(found) == 7 and {category for _url, category in found} == {"bank"}
    assert "1 organisation pas encore évaluée" in banks


def test_each_mark_links_to_its_organisation_and_the_table_repeats_the_data(client, officer):
    organization = OrganizationFactory(name="Conseil Malien des Chargeurs")
    AssessmentFactory(organization=organization, influence=3, interest=5)

    page = client.get(reverse("stakeholders:map")).content.decode()

    url = reverse("stakeholders:detail", args=[organization.pk])
    assert [m[0] for m in marks(svg_of(page))] == [url]
    table = page[page.index('id="map-table-title"') :]
    assert f'<a href="{url}">Conseil Malien des Chargeurs</a>' in table
    assert "<td>3</td>" in table and "<td>5</td>" in table and "Gérer de près" in table


def test_the_four_quadrants_are_labelled(client, officer):
    svg = svg_of(client.get(reverse("stakeholders:map")).content.decode())

    for label in ["Gérer de près", "Maintenir satisfaite", "Tenir informée", "Surveiller"]:
        assert label in svg


def test_marks_sit_in_their_cell_and_never_on_top_of_each_other():
    for n in range(30):
        AssessmentFactory(organization=OrganizationFactory(name=f"O{n}"), influence=5, interest=5)
    AssessmentFactory(organization=OrganizationFactory(name="Low"), influence=1, interest=1)

    geometry = mapping.layout(Organization.objects.with_latest_assessment())

    top_right = [m for m in geometry["marks"] if m.organization.name != "Low"]
    low = next(m for m in geometry["marks"] if m.organization.name == "Low")
    cell = mapping.CELL
    x0, y0 = mapping.LEFT + 4 * cell, mapping.TOP
    assert all(x0 < m.x < x0 + cell and y0 < m.y < y0 + cell for m in top_right)
    assert len({(m.x, m.y) for m in top_right}) == 30
    step = top_right[1].x - top_right[0].x
    assert all(2 * m.r < step for m in top_right)
    assert mapping.LEFT < low.x < mapping.LEFT + cell
    assert mapping.TOP + 4 * cell < low.y < mapping.TOP + 5 * cell


def test_beyond_the_mark_limit_the_map_counts_organisations_per_cell(client, officer, monkeypatch):
    monkeypatch.setattr(mapping, "MARK_LIMIT", 4)
    for n in range(3):
        AssessmentFactory(organization=OrganizationFactory(name=f"Banque {n}"), influence=5)
    for n in range(2):
        AssessmentFactory(
            organization=OrganizationFactory(name=f"Chambre {n}"), influence=1, interest=2
        )

    page = client.get(reverse("stakeholders:map")).content.decode()

    svg = svg_of(page)
    assert marks(svg) == []
    counts = re.findall(r'class="map-cell-count"[^>]*>(\d+)</text>', svg)
    assert sorted(counts) == ["2", "3"]
    assert "quadrant=manage_closely" in svg and "quadrant=monitor" in svg
    table = page[page.index('id="map-table-title"') :]
    assert "Banque 0" not in table and "<td>3</td>" in table
    assert "5 organisations sur la cartographie" in page


def test_up_to_the_mark_limit_every_organisation_has_its_mark(client, officer, monkeypatch):
    monkeypatch.setattr(mapping, "MARK_LIMIT", 5)
    for n in range(5):
        AssessmentFactory(organization=OrganizationFactory(name=f"Banque {n}"))

    svg = svg_of(client.get(reverse("stakeholders:map")).content.decode())

    assert len(marks(svg)) == 5
    assert "map-cell-count" not in svg
