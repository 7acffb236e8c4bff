"""Many responses at once, for the demo and the benchmarks: written in bulk, with the same
anonymity rules as `answers.submit_response` (no respondent, organisation or time in an
anonymous survey; participations with random keys and no time, in another order).

Not for people's answers: those go through `submit_response`, which checks each of them."""

import hashlib
import random
import secrets

from django.db import transaction

from surveys.models import Answer, Participation, Response
from surveys.services.answers import answer_of, clean_value, is_shown, questions_of


def record_generated(survey, rows):
    """Store `rows`, each (category, day sent, {question id: value}), as responses of
    `survey`: values are cleaned as submit_response cleans them and questions hidden by their
    condition are left out. Returns the number of responses written."""
    questions = questions_of(survey)
    responses, answers = [], []
    for category, day, given in rows:
        response = Response(
            survey=survey, category=category or "", submitted_on=day, mixed=not survey.anonymous
        )
        responses.append(response)
        values = {}
        for question in questions:
            if not is_shown(question, values):
                continue
            value = clean_value(question, given.get(question.pk))
            if value is None:
                continue
            values[question.pk] = value
            answers.append(answer_of(response, question.pk, value))
    participations = [
        Participation(
            survey=survey, visitor_key=hashlib.sha256(secrets.token_bytes(32)).hexdigest()
        )
        for _row in rows
    ]
    random.SystemRandom().shuffle(participations)
    with transaction.atomic():
        Response.objects.bulk_create(responses, batch_size=500)
        Answer.objects.bulk_create(answers, batch_size=1000)
        Participation.objects.bulk_create(participations, batch_size=500)
    return len(responses)
