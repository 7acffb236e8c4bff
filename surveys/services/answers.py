"""A respondent's answers: checked against the survey's rules, then stored once.

`submit_response` is the one way a Response is written. In an anonymous survey it writes the
response with no respondent, no organisation and only the day, and the participation with no
time; nothing it writes (nor any notification it changes) ties the two together.
"""

from decimal import Decimal, InvalidOperation
from random import SystemRandom

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import Organization, represented_ids
from surveys import audience
from surveys.models import Answer, Participation, Question, Response
from surveys.services._common import Refused, lock_survey

Kind = Question.Kind
# What Answer.number holds: 14 digits, 2 of them decimals.
LARGEST = Decimal(10) ** 12


def questions_of(survey):
    """The survey's questions in order, with their choices."""
    return list(
        Question.objects.filter(section__survey=survey)
        .select_related("section", "show_if")
        .prefetch_related("choices")
    )


def is_shown(question, values):
    """Whether `question` is shown given the answers so far ({question id: value}): always,
    unless it depends on an earlier answer that is not one of its `show_if_values`."""
    if question.show_if_id is None:
        return True
    given = values.get(question.show_if_id)
    if given in (None, "", []):
        return False
    given = given if isinstance(given, list) else [given]
    wanted = {str(v) for v in question.show_if_values}
    return any(str(value) in wanted for value in given)


def clean_value(question, value):
    """The value as stored for the question's kind, or Refused; None when not answered."""
    if value in (None, "", []):
        return None
    if question.kind == Kind.LIKERT:
        try:
            point = int(value)
        except (TypeError, ValueError):
            point = 0
        if not 1 <= point <= 5:
            raise Refused(_("Choose a point from 1 to 5."), "scale")
        return point
    if question.kind == Kind.NUMBER:
        try:
            number = Decimal(str(value).replace(",", ".").replace("\u00a0", "").strip())
        except InvalidOperation:
            raise Refused(_("Enter a number."), "number") from None
        if not number.is_finite() or abs(number) >= LARGEST:
            raise Refused(_("Enter a number."), "number")
        number = number.quantize(Decimal("0.01"))
        if question.min_value is not None and number < question.min_value:
            raise Refused(
                _("Enter a number of at least %(min)s.") % {"min": question.min_value}, "min"
            )
        if question.max_value is not None and number > question.max_value:
            raise Refused(
                _("Enter a number of at most %(max)s.") % {"max": question.max_value}, "max"
            )
        return number
    if question.is_choice:
        chosen = value if isinstance(value, list | tuple) else [value]
        allowed = {choice.pk for choice in question.choices.all()}
        try:
            chosen = sorted({int(pk) for pk in chosen})
        except (TypeError, ValueError):
            chosen = [None]
        if not chosen or not set(chosen) <= allowed:
            raise Refused(_("Choose among the answers offered."), "choice")
        if question.kind == Kind.SINGLE and len(chosen) > 1:
            raise Refused(_("Choose one answer."), "choice")
        return chosen
    text = str(value).strip()
    return text or None


def answer_of(response, question_id, value):
    """The (unsaved) Answer holding a value `clean_value` returned, in its kind's column."""
    answer = Answer(response=response, question_id=question_id)
    if isinstance(value, list):
        answer.choices = value
    elif isinstance(value, int | Decimal):
        answer.number = value
    else:
        answer.text = value
    return answer


def submit_response(survey, *, acting_user, answers, visitor_key="", now=None):
    """Record a respondent's answers ({question id: value}) to an open survey they are in
    the audience of, once. Returns the Response.

    Questions hidden by their condition are not stored even when a value came with them; a
    required question that is shown must be answered. Refused (with a `question` attribute
    naming the question when one is at fault) otherwise.
    """
    now = now or timezone.now()
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    with transaction.atomic():
        survey = lock_survey(survey)
        if not survey.is_open(now):
            raise Refused(_("This survey is not open for answers."), "closed")
        if not audience.is_for(survey, user):
            raise Refused(_("This survey is not addressed to you."), "audience")
        if user is None and not visitor_key:
            raise Refused(_("Sign in to answer this survey."), "sign_in")
        participations = Participation.objects.filter(survey=survey)
        if (user and participations.filter(user=user).exists()) or (
            not user and participations.filter(visitor_key=visitor_key).exists()
        ):
            raise Refused(_("You have already answered this survey. Thank you!"), "duplicate")

        values = {}
        for question in questions_of(survey):
            if not is_shown(question, values):
                continue
            try:
                value = clean_value(question, answers.get(question.pk))
            except Refused as refusal:
                refusal.question = question
                raise
            if value is None:
                if question.required:
                    refusal = Refused(_("This question needs an answer."), "required")
                    refusal.question = question
                    raise refusal
                continue
            values[question.pk] = value

        organization = None
        if user is not None:
            organization = Organization.objects.filter(pk__in=represented_ids(user)).first()
        response = Response.objects.create(
            survey=survey,
            respondent=None if survey.anonymous else user,
            organization=None if survey.anonymous else organization,
            category=organization.category if organization else "",
            submitted_on=timezone.localdate(now),
            # A named response has nothing to hide: it names its respondent.
            mixed=not survey.anonymous,
        )
        Answer.objects.bulk_create(
            [answer_of(response, question_id, value) for question_id, value in values.items()]
        )
        Participation.objects.create(
            survey=survey, user=user, visitor_key="" if user else visitor_key
        )
    return response


def mix_anonymous_responses():
    """Rewrite the anonymous responses not mixed yet, and their answers, one row at a time in
    random order, in one transaction. Returns how many responses were mixed.

    A response and its participation are written in one transaction, whose id PostgreSQL
    keeps in each row (`xmin`), and rows land in the table in the order they were written:
    someone reading the database's system columns could pair them. After the mixing every
    row carries this transaction's id and a new place in random order; the old versions are
    dead rows that PostgreSQL's vacuum removes.
    """
    shuffle = SystemRandom().shuffle
    with transaction.atomic():
        ids = list(
            Response.objects.select_for_update(skip_locked=True)
            .filter(mixed=False, survey__anonymous=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        shuffle(ids)
        for pk in ids:
            Response.objects.filter(pk=pk).update(mixed=True)
        answers = list(Answer.objects.filter(response_id__in=ids).values_list("pk", flat=True))
        shuffle(answers)
        for pk in answers:
            # A write of the row as it is: a new version, in a new place.
            Answer.objects.filter(pk=pk).update(text=models.F("text"))
    return len(ids)
