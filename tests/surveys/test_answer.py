"""The answer page through the test client: who may answer, what the page promises, one form
for all sections, conditions, validation that keeps what was typed, one answer each."""

import hashlib
from datetime import timedelta

import pytest
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from surveys.models import Answer, Participation, Question, Response, Survey
from surveys.views.answer import VISITOR_COOKIE, VISITOR_SALT
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.surveys.factories import (
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    choice_question,
)

pytestmark = pytest.mark.django_db


def build(**fields):
    """A survey of two sections: a required scale question, a yes/no question, a required
    text shown only after "yes", a number from 1 to 10 000 and a multiple choice."""
    survey = SurveyFactory(**fields)
    first = SectionFactory(survey=survey, position=0, title_en="About Customs")
    second = SectionFactory(survey=survey, position=1, title_en="About you")
    q = {
        "trust": QuestionFactory(
            section=first, code="trust", required=True, text_en="I trust Customs."
        ),
        "complaint": choice_question(
            first, ["Oui", "Non"], code="complaint", text_en="Did you complain?"
        ),
    }
    yes = q["complaint"].choices.get(label_fr="Oui")
    q["why"] = QuestionFactory(
        section=first,
        code="why",
        kind=Question.Kind.LONG_TEXT,
        required=True,
        text_en="Why did you complain?",
        show_if=q["complaint"],
        show_if_values=[str(yes.pk)],
    )
    q["staff"] = QuestionFactory(
        section=second,
        code="staff",
        kind=Question.Kind.NUMBER,
        min_value=1,
        max_value=10000,
        text_en="How many people work for you?",
    )
    q["services"] = choice_question(
        second,
        ["Dédouanement", "Transit", "Contrôle"],
        kind=Question.Kind.MULTIPLE,
        code="services",
        text_en="Which services do you use?",
    )
    return survey, q, yes


def field(question):
    return f"q{question.pk}"


@pytest.fixture
def representative(client):
    user = representative_of(OrganizationFactory(), language="en")
    client.force_login(user)
    return user


def test_the_page_says_before_the_first_question_that_answers_are_anonymous_and_until_when(
    client, representative
):
    survey, q, _yes = build()
    page = client.get(reverse("surveys:answer", args=[survey.slug])).content.decode()
    promise = page.index("Your answers are anonymous:")
    assert promise < page.index("I trust Customs.")
    assert "You can answer until" in page
    # One form with all sections, each question numbered, the scale's five labels as rows.
    assert page.index("About Customs") < page.index("About you")
    for label in ("Strongly disagree", "Neither agree nor disagree", "Strongly agree"):
        assert label in page
    assert 'class="survey-option' in page
    # The conditional question says when to answer it.
    assert (
        "Answer only if you answered “Choice" in page or "Answer only if you answered “Oui" in page
    )
    assert "to question 2." in page
    assert 'data-show-if="' + field(q["complaint"]) + '"' in page
    assert "js/survey.js" in page


def test_a_named_survey_says_so(client, representative):
    survey, _q, _yes = build(anonymous=False)
    page = client.get(reverse("surveys:answer", args=[survey.slug])).content.decode()
    assert "Your answers are recorded with your name and organisation." in page
    assert "Your answers are anonymous" not in page


def test_the_french_page_has_the_anonymity_sentence(client):
    survey, _q, _yes = build(audience=Survey.Audience.PUBLIC)
    response = client.get(reverse("surveys:answer", args=[survey.slug]), HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert 'lang="fr"' in page
    with override("fr"):
        assert survey.title in page
    # The French catalogue (the integrator merges this branch's French into it) says:
    assert "Vos réponses sont anonymes" in page


def test_a_representative_answers_then_sees_the_thanks_and_cannot_answer_again(
    client, representative
):
    survey, q, yes = build(anonymous=False)
    url = reverse("surveys:answer", args=[survey.slug])
    services = list(q["services"].choices.values_list("pk", flat=True))
    response = client.post(
        url,
        {
            field(q["trust"]): "4",
            field(q["complaint"]): str(yes.pk),
            field(q["why"]): "Un retard au poste de Kati.",
            field(q["staff"]): "12,5",
            field(q["services"]): [str(services[0]), str(services[2])],
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("surveys:thanks", args=[survey.slug])
    assert "Thank you for your answers" in client.get(response.url).content.decode()
    answer = Response.objects.get(survey=survey)
    assert answer.respondent == representative
    stored = {a.question.code: a for a in answer.answers.select_related("question")}
    assert stored["trust"].number == 4
    assert stored["why"].text == "Un retard au poste de Kati."
    assert str(stored["staff"].number) == "12.50"
    assert stored["services"].choices == sorted([services[0], services[2]])
    again = client.get(url)
    assert "You have already answered this survey." in again.content.decode()
    assert "Send my answers" not in again.content.decode()
    response = client.post(url, {field(q["trust"]): "2"})
    assert Response.objects.filter(survey=survey).count() == 1


def test_errors_are_shown_by_their_questions_and_everything_typed_is_kept(client, representative):
    survey, q, yes = build()
    services = list(q["services"].choices.values_list("pk", flat=True))
    response = client.post(
        reverse("surveys:answer", args=[survey.slug]),
        {
            field(q["complaint"]): str(yes.pk),
            field(q["staff"]): "beaucoup",
            field(q["services"]): [str(services[1])],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The scale question is required; "why" is required now that "yes" is chosen; the number
    # is not one.
    assert page.count("This question needs an answer.") == 2
    assert "Enter a number." in page
    assert page.index("Enter a number.") > page.index("How many people work for you?")
    assert 'value="beaucoup"' in page
    assert f'value="{yes.pk}" id="' in page
    assert f'value="{yes.pk}" id="id_{field(q["complaint"])}_0" checked' in page
    assert f'id="id_{field(q["services"])}_1" checked' in page
    assert "3 answers need your attention" in page
    assert not Response.objects.exists() and not Participation.objects.exists()


def test_a_number_out_of_bounds_is_refused_by_its_question(client, representative):
    survey, q, _yes = build()
    page = client.post(
        reverse("surveys:answer", args=[survey.slug]),
        {field(q["trust"]): "3", field(q["staff"]): "0"},
    ).content.decode()
    assert "Enter a number of at least 1" in page
    assert not Response.objects.exists()


def test_a_hidden_question_is_neither_required_nor_stored(client, representative):
    survey, q, yes = build()
    no = q["complaint"].choices.exclude(pk=yes.pk).get()
    response = client.post(
        reverse("surveys:answer", args=[survey.slug]),
        {
            field(q["trust"]): "5",
            field(q["complaint"]): str(no.pk),
            field(q["why"]): "Ceci ne doit pas être gardé.",
        },
    )
    assert response.status_code == 302
    assert not Answer.objects.filter(question=q["why"]).exists()
    assert Answer.objects.filter(question=q["complaint"], choices=[no.pk]).exists()


def test_a_shown_conditional_question_is_required(client, representative):
    survey, q, yes = build()
    page = client.post(
        reverse("surveys:answer", args=[survey.slug]),
        {field(q["trust"]): "5", field(q["complaint"]): str(yes.pk)},
    ).content.decode()
    assert page.count("This question needs an answer.") == 1
    assert page.index("This question needs an answer.") > page.index("Why did you complain?")


def test_a_visitor_answers_a_public_survey_once_per_browser(client):
    survey, q, _yes = build(audience=Survey.Audience.PUBLIC)
    url = reverse("surveys:answer", args=[survey.slug])
    assert client.get(url).status_code == 200
    assert VISITOR_COOKIE in client.cookies
    response = client.post(url, {field(q["trust"]): "3"})
    assert response.status_code == 302
    browser = HttpRequest()
    browser.COOKIES = {VISITOR_COOKIE: client.cookies[VISITOR_COOKIE].value}
    key = browser.get_signed_cookie(VISITOR_COOKIE, salt=VISITOR_SALT)
    participation = Participation.objects.get(survey=survey)
    # Only the key's SHA-256 is stored, never the key itself.
    assert participation.user is None
    assert participation.visitor_key == hashlib.sha256(key.encode()).hexdigest()
    assert key not in participation.visitor_key
    # The same browser, a second time: refused, on the page and on a post.
    assert "You have already answered this survey." in client.get(url).content.decode()
    client.post(url, {field(q["trust"]): "1"})
    assert Response.objects.filter(survey=survey).count() == 1
    # Another browser may answer.
    client.cookies.clear()
    assert client.post(url, {field(q["trust"]): "1"}).status_code == 302
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_visitor_is_asked_to_sign_in_for_a_survey_of_representatives(client):
    survey, _q, _yes = build()
    response = client.get(reverse("surveys:answer", args=[survey.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_someone_outside_the_audience_is_told_whom_the_survey_is_for(client, representative):
    chosen = OrganizationFactory(name="Transit Sahel SARL")
    survey, q, _yes = build(audience=Survey.Audience.ORGANIZATIONS)
    survey.organizations.add(chosen)
    url = reverse("surveys:answer", args=[survey.slug])
    page = client.get(url).content.decode()
    assert "This survey is not addressed to you." in page
    assert "Transit Sahel SARL" in page
    assert "Send my answers" not in page
    client.post(url, {field(q["trust"]): "3"})
    assert not Response.objects.exists()


def test_a_closed_or_not_yet_open_survey_says_so(client, representative):
    now = timezone.now()
    closed, q, _yes = build(opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1))
    page = client.get(reverse("surveys:answer", args=[closed.slug])).content.decode()
    assert "it no longer takes answers" in page
    client.post(reverse("surveys:answer", args=[closed.slug]), {field(q["trust"]): "3"})
    assert not Response.objects.exists()
    later, _q, _yes = build(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9))
    page = client.get(reverse("surveys:answer", args=[later.slug])).content.decode()
    assert "Come back then." in page


def test_a_draft_is_not_found_but_an_officer_previews_it(client, representative):
    survey, _q, _yes = build(status=Survey.Status.DRAFT)
    url = reverse("surveys:answer", args=[survey.slug])
    assert client.get(url).status_code == 404
    client.force_login(OfficerFactory(language="en"))
    page = client.get(url).content.decode()
    assert "Preview of a draft" in page and "Send my answers" not in page


def test_the_list_shows_the_surveys_open_to_the_reader_and_not_answered(client):
    public, q, _yes = build(audience=Survey.Audience.PUBLIC, title_en="Public survey")
    reps, _q, _yes = build(title_en="Representatives survey")
    build(
        title_en="Closed survey",
        closes_at=timezone.now() - timedelta(hours=1),
        opens_at=timezone.now() - timedelta(days=2),
    )
    build(title_en="Draft survey", status=Survey.Status.DRAFT)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Public survey" in page
    assert "Representatives survey" not in page and "Closed survey" not in page
    assert "Draft survey" not in page
    user = representative_of(OrganizationFactory(), language="en")
    client.force_login(user)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Public survey" in page and "Representatives survey" in page
    client.post(reverse("surveys:answer", args=[reps.slug]), {field(_q["trust"]): "4"})
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Representatives survey" not in page and "Public survey" in page
