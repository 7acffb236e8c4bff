"""A survey's exports: one row per response for a named survey; for an anonymous one the
results' tables with small groups hidden, never a row per response."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import Question
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.surveys import factories_results as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


Kind = Question.Kind


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_named_survey_exports_one_row_per_response(client):
    survey = f.survey(anonymous=False)
    trust = f.question(survey, "trust")
    channel = f.question(survey, "channel", Kind.MULTIPLE, choices=["Web", "Office"])
    person = RepresentativeFactory(full_name="Awa Traoré")
    f.respond(survey, {trust: 4, channel: ["Web", "Office"]}, respondent=person, category="trader")
    f.respond(survey, {trust: 2})
    client.force_login(OfficerFactory(language="en"))

    rows = _csv(client.get(reverse("surveys:results_export", args=[survey.pk, "csv"])))
    assert rows[0][:2] == ["Sent on", "Respondent"] and rows[0][5].startswith("trust:")
    assert len(rows) == 3
    awa = next(row for row in rows if row[1] == "Awa Traoré")
    assert awa[5] == "4" and awa[6] == "Web; Office"

    book = client.get(reverse("surveys:results_export", args=[survey.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet.max_row == 3
    assert {cell.value for cell in sheet["F"][1:]} == {4, 2}


def test_anonymous_survey_exports_hidden_tables_not_responses(client):
    survey = f.survey(anonymous=True)
    trust = f.question(survey, "trust")
    comment = f.question(survey, "comment", Kind.LONG_TEXT)
    f.respond_many(survey, 6, {trust: 4, comment: "Mon nom est Awa"}, category="trader")
    f.respond_many(survey, 3, {trust: 1}, category="broker")
    client.force_login(OfficerFactory(language="en"))

    response = client.get(reverse("surveys:results_export", args=[survey.pk, "csv"]))
    rows = _csv(response)
    text = response.content.decode("utf-8-sig")
    assert rows[0][:2] == ["Breakdown", "Group"]
    # No row per response, no free text, no category next to an answer of fewer than 5.
    assert "Mon nom est Awa" not in text
    whole = [row for row in rows if row[0] == "All respondents"]
    assert [row[5] for row in whole] == ["3", "0", "0", "6", "0"]
    assert {row[7] for row in whole} == {"3.0"}
    by_category = [row for row in rows if row[0] == "Stakeholder category"]
    hidden = ("fewer than 5 answers", "hidden (protects a small group)")
    assert by_category and all(row[5] in hidden for row in by_category)

    book = client.get(reverse("surveys:results_export", args=[survey.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Mon nom est Awa" not in values
    assert sheet.max_row == len(rows)


def test_the_results_page_says_what_the_anonymous_export_holds(client):
    survey = f.survey(anonymous=True)
    client.force_login(OfficerFactory(language="en"))
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "not one row per response" in html


def test_exports_are_for_officers_only(client):
    survey = f.survey()
    client.force_login(RepresentativeFactory())
    url = reverse("surveys:results_export", args=[survey.pk, "csv"])
    assert client.get(url).status_code == 404
