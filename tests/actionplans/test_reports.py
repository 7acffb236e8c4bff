"""Exports: the workbook and the PDF open, contain the plan's actions and progress, and set them
against what the latest approved version committed to."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from actionplans import services
from actionplans.models import Action, ActionPlan
from actionplans.reports import pdf, xlsx
from meetings.models import Meeting
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory, OfficerFactory
from tests.meetings.factories import CommitmentFactory, MeetingFactory
from tests.pdf_text import pdf_text

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
    content = xlsx.build_xlsx(plan, language="fr")

    rows = sheet_values(content, "Actions")
    assert rows[0][:2] == ["Code", "Action"]
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"A1.1", "A2.3", "I9.9"}
    progress = rows[0].index("Avancement (%)")
    assert by_code["A1.1"][progress] == 60
    assert "en bonne voie" in by_code["A1.1"]


def test_the_workbook_is_written_in_the_language_chosen(plan):
    book = openpyxl.load_workbook(io.BytesIO(xlsx.build_xlsx(plan, language="en")))

    assert book.sheetnames == ["Plan", "Actions", "Objectives", "Meeting commitments"]
    assert "Progress (%)" in [c.value for c in book["Actions"][1]]


def test_the_public_workbook_leaves_out_internal_actions_and_names(plan):
    rows = sheet_values(xlsx.build_xlsx(plan, language="fr", public_only=True), "Actions")

    codes = [row[0] for row in rows[1:]]
    assert codes == ["A1.1", "A2.3"]
    assert "Agent responsable" not in rows[0]


def test_the_pdf_opens_and_contains_the_action_codes(plan):
    content = pdf.build_pdf(plan, language="fr", compress=False)

    assert content.startswith(b"%PDF")
    for code in [b"A1.1", b"A2.3", b"I9.9"]:
        assert code in content
    assert (
        b"Plan op\\351rationnel 2026-2027" in content
        or "Plan opérationnel".encode("latin-1") in content
    )
    assert b"Avancement par objectif strat" in content


def test_the_pdf_is_written_in_the_language_chosen(plan):
    content = pdf.build_pdf(plan, language="en", compress=False)

    assert b"Progress by strategic objective" in content
    assert b"Avancement par objectif" not in content


def test_the_public_pdf_leaves_out_internal_actions(plan):
    content = pdf.build_pdf(plan, language="fr", public_only=True, compress=False)

    assert b"A1.1" in content and b"I9.9" not in content


def test_the_pdf_has_the_portals_footer_page_n_of_m_in_its_language(plan):
    french = words(pdf.build_pdf(plan, language="fr", compress=False))
    english = words(pdf.build_pdf(plan, language="en", compress=False))

    pages = int(french.split("Page 1 sur ")[1].split()[0])
    assert all(f"Page {n} sur {pages}" in french for n in range(1, pages + 1))
    assert f"Page {pages + 1} sur" not in french
    assert "Page 1 of " in english and "Plan opérationnel 2026-2027 –" in french


def test_the_pdf_prints_names_in_any_script_as_written(plan):
    plan.title = "Plan Ольга محمد Ñúñez"
    plan.save(update_fields=["title"])

    assert "Plan Ольга محمد Ñúñez" in words(pdf.build_pdf(plan, language="fr", compress=False))


def test_the_compressed_pdf_still_opens(plan):
    assert pdf.build_pdf(plan, language="fr").startswith(b"%PDF")


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


# --- Against what was committed ------------------------------------------------------------


@pytest.fixture
def revised():
    """A plan approved once, then changed: one due date and target moved, one action removed,
    one added, one carrying out a meeting commitment; the first has a progress report."""
    editor = EditorFactory()
    plan = PlanFactory(status=ActionPlan.Status.DRAFT, title="Plan révisé")
    moved = ActionFactory(
        plan=plan,
        code="M1",
        title="Former les agents",
        indicator_name="agents formés",
        indicator_target=300,
    )
    ActionFactory(plan=plan, code="K1", title="Tenue comme approuvée")
    ActionFactory(plan=plan, code="R1", title="Action abandonnée")
    services.approve_plan(plan, acting_user=editor)
    approved_due = moved.due_date
    Action.objects.filter(pk=moved.pk).update(
        due_date=approved_due + timedelta(days=30), indicator_target=250
    )
    plan.actions.get(code="R1").delete()
    ActionFactory(plan=plan, code="N1", title="Action nouvelle")
    held = timezone.now() - timedelta(days=10)
    commitment = CommitmentFactory(
        meeting=MeetingFactory(
            title="Session plénière du cadre de concertation",
            start=held,
            end=held + timedelta(hours=2),
            status=Meeting.Status.HELD,
        ),
        description="Ouvrir un guichet à Kati",
    )
    services.action_from_commitment(
        commitment,
        plan=plan,
        objective=plan.objectives.first(),
        code="C1",
        acting_user=editor,
        visibility=Action.Visibility.PUBLIC,
    )
    services.record_progress(
        moved,
        acting_user=moved.responsible,
        date=timezone.localdate(),
        percent=40,
        narrative="Deux sessions tenues à Kayes",
    )
    return plan, approved_due


def words(content):
    """The PDF's text with its lines joined (a table cell wraps its text over lines)."""
    return " ".join(pdf_text(content).split())


def by_code(rows):
    header, *body = rows
    return header, {row[0]: dict(zip(header, row, strict=True)) for row in body}


def test_the_workbook_gives_the_approved_due_date_and_target_beside_the_current_ones(revised):
    plan, approved_due = revised

    _header, rows = by_code(sheet_values(xlsx.build_xlsx(plan, language="fr"), "Actions"))

    moved = rows["M1"]
    assert moved["Échéance approuvée"].date() == approved_due
    assert moved["Échéance"].date() == approved_due + timedelta(days=30)
    assert moved["Cible approuvée"] == 300 and moved["Cible"] == 250


def test_the_workbook_flags_moved_due_dates_and_actions_added_since_approval(revised):
    plan, _approved_due = revised

    _header, rows = by_code(sheet_values(xlsx.build_xlsx(plan, language="fr"), "Actions"))

    assert "échéance déplacée" in rows["M1"]["Depuis l’approbation"]
    assert rows["N1"]["Depuis l’approbation"] == "ajoutée depuis la version 1"
    assert rows["N1"]["Échéance approuvée"] is None
    assert not rows["K1"]["Depuis l’approbation"]


def test_the_workbook_lists_the_actions_removed_since_approval(revised):
    plan, _approved_due = revised

    rows = sheet_values(xlsx.build_xlsx(plan, language="fr"), "Actions retirées")

    assert [row[:2] for row in rows[1:]] == [["R1", "Action abandonnée"]]


def test_the_workbook_gives_each_actions_latest_progress_report(revised):
    plan, _approved_due = revised

    _header, rows = by_code(sheet_values(xlsx.build_xlsx(plan, language="fr"), "Actions"))

    assert rows["M1"]["Dernier compte rendu d’avancement"] == "Deux sessions tenues à Kayes"


def test_the_workbook_lists_the_meeting_commitments_with_their_health(revised):
    plan, _approved_due = revised

    rows = sheet_values(xlsx.build_xlsx(plan, language="fr"), "Engagements de réunion")

    header, line = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and "État" in header
    assert line["Engagement"] == "Ouvrir un guichet à Kati"
    assert line["Réunion"] == "Session plénière du cadre de concertation"
    assert line["Action"].startswith("C1")
    assert line["État"] == "non commencée"


def test_the_pdf_sets_each_action_against_the_approved_version(revised):
    plan, approved_due = revised

    text = words(pdf.build_pdf(plan, language="fr", compress=False))

    with translation.override("fr"):
        was = formats.date_format(approved_due, "SHORT_DATE_FORMAT")
    assert "Au regard de nos engagements" in text
    assert "échéance déplacée du " + was in text
    assert "ajoutée depuis la version 1" in text
    assert "retirée depuis la version 1" in text and "Action abandonnée" in text


def test_the_pdf_gives_the_latest_progress_report(revised):
    plan, _approved_due = revised

    text = words(pdf.build_pdf(plan, language="fr", compress=False))

    assert "Deux sessions tenues à Kayes" in text


def test_the_pdf_lists_the_meeting_commitments_carried_out_with_their_health(revised):
    plan, _approved_due = revised

    text = words(pdf.build_pdf(plan, language="fr", compress=False))

    section = text[text.index("Engagements pris en réunion") :]
    assert "Ouvrir un guichet à Kati" in section
    assert "C1" in section and "non commencée" in section


def test_the_english_pdf_compares_in_english(revised):
    plan, _approved_due = revised

    text = words(pdf.build_pdf(plan, language="en", compress=False))

    assert "Against what we committed" in text
    assert "added since version 1" in text and "removed since version 1" in text
    assert "Meeting commitments carried out by the plan" in text


def test_the_public_report_leaves_out_progress_reports_and_private_meetings(revised):
    plan, _approved_due = revised
    Meeting.objects.update(visibility=Meeting.Visibility.INTERNAL)

    text = words(pdf.build_pdf(plan, language="fr", public_only=True, compress=False))
    rows = sheet_values(
        xlsx.build_xlsx(plan, language="fr", public_only=True), "Engagements de réunion"
    )

    assert "Deux sessions tenues à Kayes" not in text
    assert "Session plénière du cadre de concertation" not in text
    assert len(rows) == 1


def test_a_plan_never_approved_has_nothing_to_compare_with(plan):
    plan.status = ActionPlan.Status.DRAFT

    text = words(pdf.build_pdf(plan, language="en", compress=False))

    assert "no approved version yet" in text


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_reads_a_fixed_number_of_queries(django_assert_max_num_queries, count):
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    for index in range(count):
        ActionFactory(plan=plan, code=f"A{index:02}")
    services.approve_plan(plan, acting_user=EditorFactory())

    with django_assert_max_num_queries(12):
        xlsx.build_xlsx(plan, language="fr")
