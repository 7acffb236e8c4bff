"""Surveys with answers, made directly (the results' tests need many responses fast)."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from surveys.models import Answer, Choice, Question, Response, Section, Survey

_numbers = itertools.count(1)


def survey(**fields):
    now = timezone.now()
    number = next(_numbers)
    values = {
        "slug": f"enquete-{number}",
        "title_fr": f"Enquête {number}",
        "title_en": f"Survey {number}",
        "status": Survey.Status.LAUNCHED,
        "launched_at": now - timedelta(days=30),
        "opens_at": now - timedelta(days=30),
        "closes_at": now - timedelta(days=1),
        "anonymous": True,
        **fields,
    }
    made = Survey.objects.create(**values)
    Section.objects.create(survey=made, title_fr="Section", title_en="Section")
    return made


def question(survey, code, kind=Question.Kind.LIKERT, *, choices=(), **fields):
    section = survey.sections.first()
    fields.setdefault("text_fr", f"Question {code}")
    fields.setdefault("text_en", f"Question {code}")
    made = Question.objects.create(
        section=section, code=code, kind=kind, position=section.questions.count(), **fields
    )
    for position, label in enumerate(choices):
        Choice.objects.create(question=made, position=position, label_fr=label, label_en=label)
    return made


def choice(question, label):
    return question.choices.get(label_en=label)


def respond(survey, answers, *, category="", on=None, respondent=None, organization=None):
    """A response with `answers` {question: value}: a point or number, a text, or a choice
    label (or list of labels) for a choice question."""
    response = Response.objects.create(
        survey=survey,
        category=category,
        respondent=respondent,
        organization=organization,
        submitted_on=on or timezone.localdate(),
    )
    for asked, value in answers.items():
        answer = Answer(response=response, question=asked)
        if asked.is_choice:
            labels = value if isinstance(value, list) else [value]
            answer.choices = [choice(asked, label).pk for label in labels]
        elif asked.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            answer.text = value
        else:
            answer.number = Decimal(value)
        answer.save()
    return response


def respond_many(survey, count, answers, **kwargs):
    return [respond(survey, answers, **kwargs) for _ in range(count)]
