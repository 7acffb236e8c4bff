"""Officers build a survey through its pages: settings, sections, questions, conditions, the
launch, the copy as a new wave; the services keep the questions of an answered survey."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Choice, Question, Section, Survey
from surveys.services import building
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.meetings.factories import BodyFactory
from tests.surveys.factories import (
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    answered,
    choice_question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = OfficerFactory(language="en")
    client.force_login(user)
    return user


def survey_data(**changes):
    data = {
        "title_fr": "Enquête sur la confiance",
        "title_en": "Trust survey",
        "slug": "confiance-2026",
        "intro_fr": "Merci de répondre.",
        "intro_en": "",
        "anonymous": "on",
        "audience": "representatives",
        "opens_at": "",
        "closes_at": "",
        "series": "",
        "wave": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def question_data(**changes):
    data = {
        "code": "confiance",
        "kind": "likert",
        "text_fr": "J’ai confiance dans la Douane.",
        "text_en": "I trust Customs.",
        "help_fr": "",
        "help_en": "",
        "scale": "agreement",
        "min_value": "",
        "max_value": "",
        "choices_text": "",
        "show_if": "",
    }
    data.update(changes)
    return data


def test_an_officer_creates_a_draft_survey_and_lands_on_its_page(client, officer):
    response = client.post(reverse("surveys:new"), survey_data())
    survey = Survey.objects.get(slug="confiance-2026")
    assert response.status_code == 302
    assert response.url == reverse("surveys:edit", args=[survey.pk])
    assert survey.status == Survey.Status.DRAFT and survey.anonymous
    assert survey.created_by == officer
    page = client.get(response.url).content.decode()
    assert "Enquête sur la confiance" in page or "Trust survey" in page
    assert "Launch the survey" in page


def test_bad_survey_settings_keep_what_was_typed(client, officer):
    response = client.post(
        reverse("surveys:new"),
        survey_data(
            slug="manage",
            title_fr="Titre gardé",
            opens_at="2027-03-10T10:00",
            closes_at="2027-03-01T10:00",
            audience="forum",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Titre gardé" in page
    assert "This short name is reserved" in page
    assert "The survey must close after it opens." in page
    assert "Choose the forum whose attendees the survey is for." in page
    assert not Survey.objects.exists()


def test_organisations_and_bodies_are_the_audience_of_chosen_organisations(client, officer):
    organization, body = OrganizationFactory(), BodyFactory()
    response = client.post(
        reverse("surveys:new"),
        survey_data(audience="organizations", organizations=[organization.pk], bodies=[body.pk]),
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert list(survey.organizations.all()) == [organization]
    assert list(survey.bodies.all()) == [body]
    # Another audience empties them.
    client.post(
        reverse("surveys:settings", args=[survey.pk]),
        survey_data(audience="representatives", organizations=[organization.pk]),
    )
    assert not survey.organizations.exists() and not survey.bodies.exists()


def test_the_list_filters_by_status_and_searches(client, officer):
    SurveyFactory(title_en="Perception of delays", status=Survey.Status.DRAFT)
    SurveyFactory(title_en="Satisfaction at the counter")
    page = client.get(reverse("surveys:manage"), {"status": "draft"}).content.decode()
    assert "Perception of delays" in page and "Satisfaction at the counter" not in page
    page = client.get(reverse("surveys:manage"), {"q": "counter"}).content.decode()
    assert "Satisfaction at the counter" in page and "Perception of delays" not in page


def test_sections_are_added_reordered_and_deleted(client, officer):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    for title in ("Première", "Seconde"):
        response = client.post(
            reverse("surveys:section_new", args=[survey.pk]),
            {"title_fr": title, "title_en": "", "description_fr": "", "description_en": ""},
        )
        assert response.status_code == 302
    first, second = survey.sections.order_by("position")
    assert (first.title_fr, second.title_fr) == ("Première", "Seconde")
    client.post(reverse("surveys:section_move", args=[survey.pk, second.pk]), {"direction": "up"})
    assert [s.title_fr for s in survey.sections.order_by("position")] == ["Seconde", "Première"]
    client.post(reverse("surveys:section_delete", args=[survey.pk, first.pk]))
    assert [s.title_fr for s in survey.sections.all()] == ["Seconde"]


def test_a_choice_question_takes_one_choice_per_line_french_then_english(client, officer):
    section = SectionFactory(survey=SurveyFactory(status=Survey.Status.DRAFT))
    response = client.post(
        reverse("surveys:question_new", args=[section.survey.pk, section.pk]),
        question_data(
            code="taille",
            kind="single",
            breakdown="on",
            choices_text="Petite entreprise | Small business\n\nGrande entreprise\n",
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get(code="taille")
    assert question.breakdown
    assert [(c.label_fr, c.label_en) for c in question.choices.all()] == [
        ("Petite entreprise", "Small business"),
        ("Grande entreprise", ""),
    ]
    # Relabelling keeps the choices (and so the conditions naming them).
    ids = [c.pk for c in question.choices.all()]
    client.post(
        reverse("surveys:question_edit", args=[section.survey.pk, question.pk]),
        question_data(code="taille", kind="single", choices_text="Petite | Small\nGrande | Large"),
    )
    assert [c.pk for c in question.choices.all()] == ids
    assert [c.label_en for c in question.choices.all()] == ["Small", "Large"]


def test_a_bad_question_keeps_what_was_typed(client, officer):
    section = SectionFactory(survey=SurveyFactory(status=Survey.Status.DRAFT))
    QuestionFactory(section=section, code="deja")
    response = client.post(
        reverse("surveys:question_new", args=[section.survey.pk, section.pk]),
        question_data(
            code="deja",
            kind="multiple",
            text_fr="Texte gardé",
            choices_text="Un seul choix",
            breakdown="on",
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Texte gardé" in page and "Un seul choix" in page
    assert "A choice question needs at least two choices." in page
    assert "Only a single-choice question can break the results down." in page
    assert Question.objects.count() == 1
    response = client.post(
        reverse("surveys:question_new", args=[section.survey.pk, section.pk]),
        question_data(code="deja", kind="number", min_value="10", max_value="5"),
    )
    page = response.content.decode()
    assert "Another question of this survey has this code." in page
    assert "The largest number must not be below the smallest." in page


def test_a_condition_names_an_earlier_question_and_its_answers(client, officer):
    section = SectionFactory(survey=SurveyFactory(status=Survey.Status.DRAFT))
    trust = QuestionFactory(section=section, code="confiance")
    other = choice_question(section, ["Oui", "Non"], code="plainte")
    no = other.choices.get(label_fr="Non")
    url = reverse("surveys:question_new", args=[section.survey.pk, section.pk])
    # The answers ticked must be the chosen question's.
    response = client.post(
        url,
        question_data(
            code="pourquoi",
            kind="long_text",
            show_if=trust.pk,
            show_if_values=[f"{other.pk}:{no.pk}"],
        ),
    )
    assert "Choose only answers of the question chosen above." in response.content.decode()
    response = client.post(
        url,
        question_data(
            code="pourquoi",
            kind="long_text",
            show_if=trust.pk,
            show_if_values=[f"{trust.pk}:1", f"{trust.pk}:2"],
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get(code="pourquoi")
    assert question.show_if == trust and question.show_if_values == ["1", "2"]
    # The edit form shows what is stored.
    page = client.get(
        reverse("surveys:question_edit", args=[section.survey.pk, question.pk])
    ).content.decode()
    assert f'value="{trust.pk}:1"' in page and "checked" in page
    # Moving it above the question it depends on drops the condition.
    for _ in range(2):
        building.move_question(question, "up", acting_user=officer)
    question.refresh_from_db()
    assert question.show_if is None and question.show_if_values == []


def test_launch_needs_questions_and_then_opens_the_survey(client, officer):
    survey = SurveyFactory(status=Survey.Status.DRAFT, launched_at=None)
    response = client.post(reverse("surveys:launch", args=[survey.pk]), follow=True)
    assert "Add at least one question before launching the survey." in response.content.decode()
    QuestionFactory(section=SectionFactory(survey=survey))
    client.post(reverse("surveys:launch", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.LAUNCHED and survey.launched_at


def test_a_launched_survey_with_responses_keeps_its_questions(client, officer):
    survey = SurveyFactory(audience=Survey.Audience.PUBLIC)
    section = SectionFactory(survey=survey)
    question = QuestionFactory(section=section, code="confiance")
    answered(survey, 1, values={"confiance": 4})
    page = client.get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert "its sections and questions can no longer change" in page
    response = client.post(
        reverse("surveys:question_edit", args=[survey.pk, question.pk]),
        question_data(code="confiance", text_fr="Changé"),
    )
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    question.refresh_from_db()
    assert question.text_fr != "Changé"
    client.post(reverse("surveys:question_delete", args=[survey.pk, question.pk]))
    assert Question.objects.filter(pk=question.pk).exists()
    with pytest.raises(building.Refused):
        building.save_section(Section(survey=survey, title_fr="Nouvelle"), acting_user=officer)
    # Nor may it stop being anonymous.
    response = client.post(
        reverse("surveys:settings", args=[survey.pk]),
        survey_data(slug=survey.slug, anonymous=None, audience="public"),
    )
    assert "whether it is anonymous can no longer change" in response.content.decode()
    survey.refresh_from_db()
    assert survey.anonymous


def test_copy_as_a_new_wave_keeps_the_codes_the_series_and_the_conditions(client, officer):
    survey = SurveyFactory(slug="confiance-2026", series="", wave="Référence 2026")
    section = SectionFactory(survey=survey)
    trust = QuestionFactory(section=section, code="confiance")
    size = choice_question(section, ["Petite", "Grande"], code="taille")
    QuestionFactory(
        section=section,
        code="pourquoi",
        kind=Question.Kind.LONG_TEXT,
        show_if=size,
        show_if_values=[str(size.choices.get(label_fr="Grande").pk)],
    )
    QuestionFactory(
        section=section, code="detail", kind="short_text", show_if=trust, show_if_values=["1"]
    )
    opens = timezone.localtime() + timedelta(days=365)
    response = client.post(
        reverse("surveys:copy_wave", args=[survey.pk]),
        {
            "slug": "confiance-2027",
            "wave": "Suivi 2027",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    copy = Survey.objects.get(slug="confiance-2027")
    assert response.url == reverse("surveys:edit", args=[copy.pk])
    survey.refresh_from_db()
    assert copy.status == Survey.Status.DRAFT
    assert copy.series == survey.series == "confiance-2026"
    assert copy.wave == "Suivi 2027"
    codes = list(
        Question.objects.filter(section__survey=copy)
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes == ["confiance", "taille", "pourquoi", "detail"]
    why = Question.objects.get(section__survey=copy, code="pourquoi")
    new_size = Question.objects.get(section__survey=copy, code="taille")
    assert why.show_if == new_size
    assert why.show_if_values == [str(new_size.choices.get(label_fr="Grande").pk)]
    detail = Question.objects.get(section__survey=copy, code="detail")
    assert detail.show_if.section.survey == copy and detail.show_if_values == ["1"]
    assert Choice.objects.filter(question__section__survey=survey).count() == 2
    # The short name must be new.
    response = client.post(
        reverse("surveys:copy_wave", args=[survey.pk]), {"slug": "confiance-2027", "wave": "X"}
    )
    assert "Another survey has this short name." in response.content.decode()


def test_the_preview_shows_the_survey_as_respondents_see_it_without_a_send_button(client, officer):
    survey = SurveyFactory(status=Survey.Status.DRAFT)
    QuestionFactory(section=SectionFactory(survey=survey), text_en="Do you trust Customs?")
    page = client.get(reverse("surveys:preview", args=[survey.pk])).content.decode()
    assert "Do you trust Customs?" in page
    assert "Strongly agree" in page
    assert "Send my answers" not in page


def test_representatives_cannot_reach_the_builder(client):
    client.force_login(RepresentativeFactory())
    survey = SurveyFactory()
    assert client.get(reverse("surveys:manage")).status_code == 404
    assert client.get(reverse("surveys:edit", args=[survey.pk])).status_code == 404
    assert client.post(reverse("surveys:launch", args=[survey.pk])).status_code == 404
