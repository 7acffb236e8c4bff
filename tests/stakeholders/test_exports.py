import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def registry():
    bank = OrganizationFactory(
        name="Banque de Développement du Mali",
        acronym="BDM",
        category="bank",
        registry_number="MA.BKO.1968.B.0003",
        internal_notes="Partenaire du paiement en ligne",
        sectors=["finance"],
    )
    AssessmentFactory(
        organization=bank,
        influence=3,
        interest=2,
        attitude="supportive",
        current_engagement=2,
        desired_engagement=4,
    )
    ContactFactory(organization=bank, name="Hawa Keïta", email="h.keita@bdm-sa.com")
    OrganizationFactory(name="Chambre de Commerce", category="chamber")
    OrganizationFactory(name="Proposition non vérifiée", category="bank", verified=False)
    return bank


def test_the_officers_export_holds_the_registry_and_its_assessments(client, registry):
    client.force_login(OfficerFactory())

    rows = csv_rows(client.get(reverse("stakeholders:export"), {"format": "csv"}))

    header, data = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert len(data) == 3
    for column in [
        "Influence",
        "Intérêt",
        "Quadrant",
        "Attitude",
        "Engagement actuel",
        "Engagement souhaité",
        "Notes internes",
        "Numéro fiscal ou RCCM",
    ]:
        assert column in header
    bank = data["Banque de Développement du Mali"]
    assert bank["Influence"] == "3" and bank["Intérêt"] == "2"
    assert bank["Quadrant"] == "Maintenir satisfaite"
    assert bank["Attitude"] == "favorable"
    assert bank["Notes internes"] == "Partenaire du paiement en ligne"
    assert bank["Catégorie"] == "Banque / assurance"
    assert bank["Secteurs"] == "Finance et assurance"


def test_the_officers_export_follows_the_lists_filters(client, registry):
    client.force_login(OfficerFactory())

    rows = csv_rows(
        client.get(
            reverse("stakeholders:export"),
            {"format": "csv", "category": "bank", "quadrant": "keep_satisfied"},
        )
    )

    assert [r[0] for r in rows[1:]] == ["Banque de Développement du Mali"]


def test_the_officers_xlsx_export_has_organisations_and_contacts(client, registry):
    client.force_login(OfficerFactory())

    response = client.get(reverse("stakeholders:export"), {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Organisations", "Contacts"]
    organisations = list(workbook["Organisations"].iter_rows(values_only=True))
    assert len(organisations) == 4 and "Quadrant" in organisations[0]
    contacts = list(workbook["Contacts"].iter_rows(values_only=True))
    assert contacts[1][:3] == (
        "Banque de Développement du Mali",
        "MA.BKO.1968.B.0003",
        "Hawa Keïta",
    )


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_directory_export_holds_only_public_fields_of_verified_organisations(
    client, registry, signed_in
):
    if signed_in:
        client.force_login(RepresentativeFactory())

    rows = csv_rows(
        client.get(
            reverse("stakeholders:directory_export"),
            {"format": "csv", "quadrant": "keep_satisfied"},
        )
    )

    assert rows[0] == ["Nom", "Sigle", "Catégorie", "Région", "Description publique"]
    assert sorted(r[0] for r in rows[1:]) == [
        "Banque de Développement du Mali",
        "Chambre de Commerce",
    ]
    text = "\n".join(",".join(r) for r in rows)
    for secret in ["MA.BKO.1968.B.0003", "Partenaire du paiement", "h.keita", "favorable"]:
        assert secret not in text


def test_the_directory_xlsx_export_holds_only_public_fields(client, registry):
    response = client.get(reverse("stakeholders:directory_export"), {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Nom", "Sigle", "Catégorie", "Région", "Description publique")
    assert len(rows) == 3


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(client):
    OrganizationFactory(name='=HYPERLINK("http://evil")', phone="+223 20 22 50 36")
    client.force_login(OfficerFactory())

    rows = csv_rows(client.get(reverse("stakeholders:export"), {"format": "csv"}))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert "+223 20 22 50 36" in rows[1]
