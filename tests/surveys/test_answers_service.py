"""The answering service's own checks of a value, whatever form sent it."""

from decimal import Decimal

import pytest

from surveys.models import Question
from surveys.services._common import Refused
from surveys.services.answers import clean_value


def number_question(**fields):
    return Question(kind=Question.Kind.NUMBER, code="n", text_fr="Combien ?", **fields)


@pytest.mark.parametrize("typed", ["1e309", "1e12", "-1000000000000", "NaN", "Infinity", "douze"])
def test_a_number_the_answer_cannot_hold_is_refused(typed):
    with pytest.raises(Refused):
        clean_value(number_question(), typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12,5", Decimal("12.50")), ("999999999999.994", Decimal("999999999999.99")), ("3", 3)],
)
def test_a_number_is_stored_with_two_decimals(typed, stored):
    assert clean_value(number_question(), typed) == stored


def test_a_number_outside_the_question_s_bounds_is_refused():
    question = number_question(min_value=Decimal(0), max_value=Decimal(100))
    with pytest.raises(Refused):
        clean_value(question, "101")
    with pytest.raises(Refused):
        clean_value(question, "-1")
    assert clean_value(question, "100") == Decimal(100)
