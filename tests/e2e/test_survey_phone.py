"""In a real browser at 390 × 844: a representative answers a survey on a phone.

The scale's five labelled rows are big enough to tap; the conditional question appears when
its answer is chosen (static/js/survey.js) and is stored; the thank-you page follows. The page
passes axe. Screenshots under test-artifacts/screenshots/survey-phone/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import Answer, Question, Response
from tests.browser import PHONE, sign_in
from tests.e2e.a11y import structure_problems, violations
from tests.factories import OrganizationFactory, representative_of
from tests.surveys.factories import (
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    choice_question,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]


def trust_survey():
    survey = SurveyFactory(
        title_fr="Confiance et intégrité 2026",
        intro_fr="Dix minutes pour dire ce que vous pensez de la Douane.",
    )
    about = SectionFactory(survey=survey, title_fr="La Douane et vous")
    trust = QuestionFactory(
        section=about, code="confiance", required=True, text_fr="J’ai confiance dans la Douane."
    )
    complaint = choice_question(
        about, ["Oui", "Non"], code="plainte", text_fr="Avez-vous déposé une plainte ?"
    )
    yes = complaint.choices.get(label_fr="Oui")
    why = QuestionFactory(
        section=about,
        code="pourquoi",
        kind=Question.Kind.LONG_TEXT,
        text_fr="Pourquoi ?",
        show_if=complaint,
        show_if_values=[str(yes.pk)],
    )
    more = SectionFactory(survey=survey, title_fr="Pour finir")
    idea = QuestionFactory(
        section=more, code="idee", kind=Question.Kind.SHORT_TEXT, text_fr="Une idée ?"
    )
    return survey, trust, yes, why, idea


def test_a_representative_answers_a_survey_on_a_phone(page, shoot):
    survey, trust, yes, why, idea = trust_survey()
    representative = representative_of(OrganizationFactory())
    sign_in(page, representative.email)
    page.set_viewport_size(PHONE)
    page.goto(reverse("surveys:answer", args=[survey.slug]))

    # What the survey promises comes before its first question.
    promise = page.locator("#survey-promise").bounding_box()
    first = page.locator(f"#question-{trust.pk}").bounding_box()
    assert promise["y"] < first["y"]
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The conditional question waits for its answer.
    expect(page.locator(f"#question-{why.pk}")).to_be_hidden()
    shoot("survey-phone", "01-survey")
    page.set_viewport_size(PHONE)

    # Each point of the scale is a row as wide as the screen and tall enough to tap.
    rows = page.locator(f"#question-{trust.pk} label.survey-option")
    expect(rows).to_have_count(5)
    row = rows.nth(3).bounding_box()
    assert row["height"] >= 44 and row["width"] >= PHONE["width"] * 0.8
    rows.nth(3).click()
    expect(rows.nth(3).locator("input")).to_be_checked()

    page.locator(f"#question-{yes.question_id} label.survey-option", has_text="Oui").click()
    expect(page.locator(f"#question-{why.pk}")).to_be_visible()
    page.locator(f"#question-{why.pk} textarea").fill("Un retard de trois jours à Kati.")
    page.locator(f"#question-{idea.pk} input").fill("Un guichet unique en ligne.")
    shoot("survey-phone", "02-answered")
    page.set_viewport_size(PHONE)
    page.locator("form.survey-form button[type='submit']").click()

    page.wait_for_url(f"**{reverse('surveys:thanks', args=[survey.slug])}")
    expect(page.locator("h1")).to_be_visible()
    shoot("survey-phone", "03-thanks")

    response = Response.objects.get(survey=survey)
    assert response.respondent is None  # an anonymous survey
    stored = {a.question_id: a for a in Answer.objects.filter(response=response)}
    assert stored[trust.pk].number == 4
    assert stored[why.pk].text == "Un retard de trois jours à Kati."
    assert stored[idea.pk].text == "Un guichet unique en ligne."


def test_the_answer_page_passes_axe_with_its_errors_shown(a11y_page):
    survey, trust, _yes, _why, _idea = trust_survey()
    representative = representative_of(OrganizationFactory())
    sign_in(a11y_page, representative.email)
    a11y_page.set_viewport_size(PHONE)
    a11y_page.goto(reverse("surveys:answer", args=[survey.slug]))
    assert violations(a11y_page) == []
    assert structure_problems(a11y_page) == []
    # Sent without the required answer: the message is by its question, and still clean.
    a11y_page.locator("form.survey-form button[type='submit']").click()
    a11y_page.wait_for_load_state()
    expect(a11y_page.locator(f"#question-{trust.pk} .invalid-feedback")).to_be_visible()
    assert violations(a11y_page) == []
