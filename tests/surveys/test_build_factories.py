import pytest

from surveys.models import Participation, Response, Survey
from tests.surveys.factories import (
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    answered,
    choice_question,
)

pytestmark = pytest.mark.django_db


def test_answered_writes_responses_through_the_service():
    survey = SurveyFactory(audience=Survey.Audience.PUBLIC)
    section = SectionFactory(survey=survey)
    scale = QuestionFactory(section=section, code="trust")
    size = choice_question(section, ["Petite", "Grande"], code="size")
    answered(survey, 3, values=lambda i: {"trust": i + 1, size: size.choices.first().pk})
    assert Response.objects.filter(survey=survey).count() == 3
    assert Participation.objects.filter(survey=survey).count() == 3
    assert sorted(int(a.number) for a in scale.answers.all()) == [1, 2, 3]
    other = SurveyFactory()
    answered(other, 2)
    assert other.responses.count() == 2
