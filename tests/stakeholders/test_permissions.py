"""Who reaches what: officer pages answer 404 even to an organisation's own representative
and change nothing of it, and nothing a private-sector user can reach shows any mapping data
(assessments, quadrants, internal notes). Every other role's answer on each officer page is
the permission matrix's (tests/test_permission_matrix.py)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stakeholders.models import OrganizationImport
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    representative_of,
)
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = OrganizationFactory(name="Transit Diallo", verified=False)
    other = OrganizationFactory(name="Banque Sahel", verified=True)
    for organization in (own, other):
        AssessmentFactory(organization=organization, influence=5, interest=5)
    colleague = ContactFactory(organization=own, name="Awa Diallo")
    batch = OrganizationImport.objects.create(
        file_name="x.csv", file_format="csv", content=b"Name,Category\nA,bank\n"
    )
    representative = representative_of(own)
    return {
        "own": own,
        "other": other,
        "colleague": colleague,
        "batch": batch,
        "representative": representative,
    }


def officer_pages(world):
    own, batch = world["own"], world["batch"]
    return [
        ("get", reverse("stakeholders:list")),
        ("get", reverse("stakeholders:create")),
        ("post", reverse("stakeholders:create")),
        ("get", reverse("stakeholders:detail", args=[own.pk])),
        ("get", reverse("stakeholders:edit", args=[own.pk])),
        ("post", reverse("stakeholders:edit", args=[own.pk])),
        ("post", reverse("stakeholders:verify", args=[own.pk])),
        ("get", reverse("stakeholders:assess", args=[own.pk])),
        ("post", reverse("stakeholders:assess", args=[own.pk])),
        ("get", reverse("stakeholders:map")),
        ("get", reverse("stakeholders:gaps")),
        ("get", reverse("stakeholders:export") + "?format=csv"),
        ("get", reverse("stakeholders:export") + "?format=xlsx"),
        ("get", reverse("stakeholders:import")),
        ("post", reverse("stakeholders:import")),
        ("get", reverse("stakeholders:import_preview", args=[batch.pk])),
        ("post", reverse("stakeholders:import_run", args=[batch.pk])),
        ("get", reverse("stakeholders:import_report", args=[batch.pk])),
    ]


def test_the_organisations_own_representative_also_gets_404_on_officer_pages(client, world):
    client.force_login(world["representative"])

    for method, url in officer_pages(world):
        assert getattr(client, method)(url).status_code == 404, url
    assert not world["own"].verified
    assert world["own"].assessments.count() == 1


def test_officers_reach_every_officer_page(client, world):
    client.force_login(OfficerFactory())

    for method, url in officer_pages(world):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"].startswith("text/html"):
                assert response.content.decode().count("<h1") == 1, url


def representative_pages(world):
    own = world["own"]
    return [
        reverse("home"),
        reverse("dashboard"),
        reverse("stakeholders:directory"),
        reverse("stakeholders:directory") + "?quadrant=manage_closely",
        reverse("stakeholders:directory_export") + "?format=csv",
        reverse("stakeholders:directory_export") + "?format=xlsx",
        reverse("stakeholders:mine"),
        reverse("stakeholders:profile", args=[own.pk]),
        reverse("stakeholders:contact_create", args=[own.pk]),
        reverse("stakeholders:contact_edit", args=[world["colleague"].pk]),
        reverse("stakeholders:contact_remove", args=[world["colleague"].pk]),
        reverse("accounts:preferences"),
    ]


def text_of(response):
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode()


MAPPING_WORDS = {
    "fr": [
        "Influence",
        "Intérêt",
        "Quadrant",
        "Attitude",
        "Engagement actuel",
        "Engagement souhaité",
        "Gérer de près",
        "Maintenir satisfaite",
        "Tenir informée",
        "Surveiller",
        "Notes internes",
        "Évaluation",
    ],
    "en": [
        "Influence",
        "Interest",
        "Quadrant",
        "Attitude",
        "Current engagement",
        "Desired engagement",
        "Manage closely",
        "Keep satisfied",
        "Keep informed",
        "Monitor",
        "Internal notes",
        "Assessment",
    ],
}
SECRETS = ["PREOCCUPATION-SECRETE", "JUSTIFICATION-SECRETE", "NOTE-INTERNE-CONFIDENTIELLE"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_or_file_a_representative_reaches_shows_mapping_data(client, world, language):
    world["representative"].language = language
    world["representative"].save()
    client.force_login(world["representative"])

    for url in representative_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        if response["Content-Type"].startswith("text/html"):
            assert text.count("<h1") == 1, url
        for word in MAPPING_WORDS[language] + SECRETS:
            assert word not in text, (url, word)
