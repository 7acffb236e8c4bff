"""Exports: the workbook and the PDF open, and contain the plan's actions and progress."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import reports, services
from actionplans.models import Action
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(title="Plan opérationnel 2026-2027")
    first = ActionFactory(plan=plan, code="A1.1", title="Mettre en place le calendrier partagé")
    ActionFactory(plan=plan, code="A2.3", title="Publier l’instruction-cadre")
    ActionFactory(
        plan=plan, code="I9.9", title="Action interne", visibility=Action.Visibility.INTERNAL
    )
    services.record_progress(
        first, acting_user=first.responsible, date=timezone.localdate(), percent=60, narrative="x"
    )
    return plan


def sheet_values(content, title):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[cell for cell in row] for row in book[title].iter_rows(values_only=True)]


def test_the_workbook_opens_and_lists_every_action_with_its_progress(plan):
    content = reports.build_xlsx(plan, language="fr")

    rows = sheet_values(content, "Actions")
    assert rows[0][:2] == ["Code", "Action"]
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"A1.1", "A2.3", "I9.9"}
    progress = rows[0].index("Avancement (%)")
    assert by_code["A1.1"][progress] == 60
    assert "en bonne voie" in by_code["A1.1"]


def test_the_workbook_is_written_in_the_language_chosen(plan):
    book = openpyxl.load_workbook(io.BytesIO(reports.build_xlsx(plan, language="en")))

    assert book.sheetnames == ["Plan", "Actions", "Objectives"]
    assert "Progress (%)" in [c.value for c in book["Actions"][1]]


def test_the_public_workbook_leaves_out_internal_actions_and_names(plan):
    rows = sheet_values(reports.build_xlsx(plan, language="fr", public_only=True), "Actions")

    codes = [row[0] for row in rows[1:]]
    assert codes == ["A1.1", "A2.3"]
    assert "Agent responsable" not in rows[0]


def test_the_pdf_opens_and_contains_the_action_codes(plan):
    content = reports.build_pdf(plan, language="fr", compress=False)

    assert content.startswith(b"%PDF")
    for code in [b"A1.1", b"A2.3", b"I9.9"]:
        assert code in content
    assert (
        b"Plan op\\351rationnel 2026-2027" in content
        or "Plan opérationnel".encode("latin-1") in content
    )
    assert b"Avancement par objectif strat" in content


def test_the_pdf_is_written_in_the_language_chosen(plan):
    content = reports.build_pdf(plan, language="en", compress=False)

    assert b"Progress by strategic objective" in content
    assert b"Avancement par objectif" not in content


def test_the_public_pdf_leaves_out_internal_actions(plan):
    content = reports.build_pdf(plan, language="fr", public_only=True, compress=False)

    assert b"A1.1" in content and b"I9.9" not in content


def test_the_compressed_pdf_still_opens(plan):
    assert reports.build_pdf(plan, language="fr").startswith(b"%PDF")


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
    ],
)
def test_officers_download_the_report_in_the_language_they_choose(client, plan, fmt, content_type):
    client.force_login(OfficerFactory())

    response = client.get(
        reverse("actionplans:plan_export", args=[plan.pk]),
        {"format": fmt, "language": "en", "scope": "all"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'-en.{fmt}"' in response["Content-Disposition"]


def test_the_export_page_offers_the_choices_first(client, plan):
    client.force_login(OfficerFactory())

    response = client.get(reverse("actionplans:plan_export", args=[plan.pk]))

    assert response.status_code == 200
    assert 'name="language"' in response.content.decode()


def test_representatives_cannot_export(client, plan):
    client.force_login(RepresentativeFactory())

    response = client.get(
        reverse("actionplans:plan_export", args=[plan.pk]),
        {"format": "pdf", "language": "fr", "scope": "public"},
    )

    assert response.status_code == 404
