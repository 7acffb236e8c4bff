"""A survey's results as a spreadsheet (through portal/exports.py).

- A NAMED survey (its page said so before the first question): one row per response, its day,
  respondent, organisation and category, then one column per question (a scale's point, a
  number, the choices' labels, the text).
- An ANONYMOUS survey: no row per response. Even without a name, a row holding a category, an
  organisation size, a gender and the day can single a person out, and free texts can name
  them. Its export is the results' tables themselves, with the same hiding as on the page
  (every figure drawn from fewer than five respondents, and the one that would give a hidden
  one away): one row per question, group and answer, for the whole survey and for every
  breakdown. Free-text answers are not exported; officers read them on the results page.
"""

from django.utils.translation import gettext as _

from surveys.models import Answer, Question, Response
from surveys.results import TEXT_KINDS, survey_results
from surveys.services.answers import questions_of


def _value(question, answer, labels):
    if answer is None:
        return ""
    if question.is_choice:
        return "; ".join(str(labels.get(pk, pk)) for pk in answer.choices)
    if question.kind in TEXT_KINDS:
        return answer.text
    if answer.number is None:
        return ""
    return int(answer.number) if answer.number == int(answer.number) else float(answer.number)


def response_rows(survey):
    """(headers, rows) of a named survey: one row per response. Three queries."""
    questions = questions_of(survey)
    labels = {choice.pk: choice.label for q in questions for choice in q.choices.all()}
    answers = {}
    for answer in Answer.objects.filter(response__survey=survey):
        answers[(answer.response_id, answer.question_id)] = answer
    headers = [_("Sent on"), _("Respondent"), _("E-mail"), _("Organisation"), _("Category")]
    headers += [f"{q.code}: {q.text}" for q in questions]
    rows = []
    responses = (
        Response.objects.filter(survey=survey)
        .select_related("respondent", "organization")
        .order_by("submitted_on", "pk")
    )
    for response in responses:
        person = response.respondent
        row = [
            response.submitted_on,
            person.get_full_name() if person else "",
            person.email if person else "",
            str(response.organization) if response.organization else "",
            response.get_category_display(),
        ]
        row += [_value(q, answers.get((response.pk, q.pk)), labels) for q in questions]
        rows.append(row)
    return headers, rows


def _cell_rows(breakdown, group, question, cell):
    hidden = _("fewer than 5 answers") if cell.hidden else _("hidden (protects a small group)")
    base = [breakdown, group, question.code, question.text]
    if not cell.shown:
        return [[*base, "", hidden, "", ""]]
    mean = round(cell.mean, 2) if cell.mean is not None else ""
    if not cell.options:
        return [[*base, "", cell.n, "", mean]]
    return [[*base, option.label, option.count, option.share, mean] for option in cell.options]


def aggregate_rows(survey):
    """(headers, rows) of an anonymous survey: its results' tables, small cells hidden."""
    headers = [
        _("Breakdown"),
        _("Group"),
        _("Code"),
        _("Question"),
        _("Answer"),
        _("Answers"),
        _("Share (%)"),
        _("Mean"),
    ]
    overall = survey_results(survey)
    rows = []
    for result in overall.questions:
        if result.question.kind in TEXT_KINDS or result.question.kind == Question.Kind.SHORT_TEXT:
            continue
        rows += _cell_rows(_("All respondents"), "", result.question, result.overall)
    for key, _label in overall.breakdowns:
        results = survey_results(survey, by=key)
        for result in results.questions:
            if result.cells is None:
                continue
            for group, cell in result.rows:
                rows += _cell_rows(results.breakdown.label, group.label, result.question, cell)
    return headers, rows


def export_rows(survey):
    return aggregate_rows(survey) if survey.anonymous else response_rows(survey)
