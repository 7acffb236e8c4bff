"""Surveys for tests: a launched survey open now, its sections, questions and choices, and
`answered` for a survey with responses already in it (through the one answering service)."""

import hashlib
import secrets
from datetime import timedelta

import factory
from django.utils import timezone

from surveys.models import Choice, Question, Section, Survey
from surveys.services.answers import questions_of, submit_response


class SurveyFactory(factory.django.DjangoModelFactory):
    """A launched anonymous survey for signed-in representatives, open since yesterday for a
    month."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"enquete-{n}")
    title_fr = factory.Sequence(lambda n: f"Enquête de perception {n}")
    title_en = factory.Sequence(lambda n: f"Perception survey {n}")
    intro_fr = "Vos réponses aident la Douane à s’améliorer."
    anonymous = True
    audience = Survey.Audience.REPRESENTATIVES
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    status = Survey.Status.LAUNCHED
    launched_at = factory.LazyFunction(timezone.now)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        skip_postgeneration_save = True

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    title_fr = factory.Sequence(lambda n: f"Partie {n}")
    title_en = factory.Sequence(lambda n: f"Part {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A scale question (agreement) unless told otherwise."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = Question.Kind.LIKERT
    text_fr = factory.Sequence(lambda n: f"Question {n} en français ?")
    text_en = factory.Sequence(lambda n: f"Question {n} in English?")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice
        skip_postgeneration_save = True

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    position = factory.Sequence(lambda n: n)
    label_fr = factory.Sequence(lambda n: f"Choix {n}")
    label_en = factory.Sequence(lambda n: f"Choice {n}")


def choice_question(section, labels, *, kind=Question.Kind.SINGLE, **fields):
    """A choice question with one choice per French label."""
    question = QuestionFactory(section=section, kind=kind, **fields)
    for position, label in enumerate(labels):
        ChoiceFactory(question=question, position=position, label_fr=label, label_en=label)
    return question


def answered(survey, n, values=None, *, respondents=None, now=None):
    """`n` responses to `survey`, each through `submit_response` (so each has its
    participation), as `n` visitors of a public survey or, for another audience, as the
    given `respondents` (users in its audience) or `n` new representatives of new
    organisations.

    `values` gives the answers: {question (or its id or code): value}, or a callable
    (index -> such a dict), or a list of such dicts (one per response, cycled). A question
    that no value names gets nothing (fine when it is not required). Returns the responses.
    """
    from surveys.models import Survey as SurveyModel
    from tests.factories import OrganizationFactory, representative_of

    by_code = {question.code: question for question in questions_of(survey)}

    def answers_for(index):
        given = values
        if callable(given):
            given = given(index)
        elif isinstance(given, list | tuple):
            given = given[index % len(given)] if given else {}
        given = given or {}
        answers = {}
        for key, value in given.items():
            if isinstance(key, Question):
                key = key.pk
            elif isinstance(key, str):
                key = by_code[key].pk
            answers[key] = value
        return answers

    responses = []
    for index in range(n):
        if survey.audience == SurveyModel.Audience.PUBLIC and respondents is None:
            # As the answer page stores a visitor: the SHA-256 of a random key.
            user, visitor_key = None, hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        else:
            if respondents is not None:
                user = respondents[index]
            else:
                organization = OrganizationFactory()
                user = representative_of(organization)
                if survey.audience == SurveyModel.Audience.ORGANIZATIONS:
                    survey.organizations.add(organization)
            visitor_key = ""
        responses.append(
            submit_response(
                survey,
                acting_user=user,
                answers=answers_for(index),
                visitor_key=visitor_key,
                now=now,
            )
        )
    return responses
