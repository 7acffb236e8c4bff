"""A survey's results, read in a fixed number of queries: what the officers' results page, the
published page, the exports and the action plans' survey indicators show.

Per question: the number of answers; for a scale (1 to 5) its distribution per point, its mean
and the share who agree (4 or 5); for a number its mean, median and range; for a choice the
count and share per choice (a multiple choice: shares of the respondents who answered it); for
a text only how many answered (the texts are read with `text_answers`, paged).

Breakdowns: by the stakeholder category of the respondent's organisation (`Response.category`)
and by each single-choice question marked `breakdown` (organisation size, gender...). Every
figure drawn from fewer than MIN_CELL respondents is hidden (portal/suppression.py, the one
rule): a group of fewer than MIN_CELL respondents shows no figure at all, total included, and a
question's cell for a group of fewer than MIN_CELL answers neither. When exactly one group (or
one cell of a question) is hidden and the total is shown, the next smallest is hidden too, so
that the total minus the others does not give it away. The whole survey's figure for a question
answered fewer than MIN_CELL times is hidden the same way.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from portal.suppression import MIN_CELL, complementary
from stakeholders.models import Category
from surveys.models import Answer, Question, Response, Survey
from surveys.services.answers import questions_of

Kind = Question.Kind
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
SCORED_KINDS = (Kind.LIKERT, Kind.NUMBER)
CATEGORY = "category"
NOT_GIVEN = ""

__all__ = ["MIN_CELL", "survey_results", "text_answers", "wave_scores", "wave_scores_of"]


@dataclass
class Option:
    """One point of a scale or one choice, within a cell."""

    value: str
    label: str
    count: int
    share: float  # % of the cell's answers (of its respondents for a multiple choice)


@dataclass
class Cell:
    """One question's results among a group of respondents (or all of them).

    `n` is the true number of answers; pages read `count`, None when the cell is hidden, and
    a hidden cell keeps no figure at all."""

    n: int
    hidden: bool = False  # fewer than MIN_CELL answers (or its group is hidden)
    protected: bool = False  # hidden so that a small cell cannot be worked out
    options: list = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    low: float | None = None
    high: float | None = None
    agree: float | None = None  # scale: % of 4 and 5

    @property
    def shown(self):
        return not (self.hidden or self.protected)

    @property
    def count(self):
        return self.n if self.shown else None

    def hide(self, *, protected=False):
        if protected:
            self.protected = True
        else:
            self.hidden = True
        self.options, self.mean, self.median, self.low, self.high, self.agree = (
            [],
            None,
            None,
            None,
            None,
            None,
        )


@dataclass
class Group:
    """One group of a breakdown: its respondents, hidden under MIN_CELL like a cell."""

    key: str
    label: str
    n: int
    hidden: bool = False
    protected: bool = False

    @property
    def shown(self):
        return not (self.hidden or self.protected)

    @property
    def count(self):
        return self.n if self.shown else None


@dataclass
class Breakdown:
    key: str
    label: str
    groups: list


@dataclass
class QuestionResult:
    question: Question
    overall: Cell
    cells: list | None = None  # one per group of the breakdown, None for the breakdown itself

    @property
    def rows(self):
        """[(group, cell)] of the breakdown shown."""
        return list(zip(self._groups, self.cells or [], strict=False))

    _groups: list = field(default_factory=list, repr=False)

    @property
    def is_text(self):
        return self.question.kind in TEXT_KINDS


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    first_on: object
    last_on: object
    questions: list
    breakdowns: list  # [(key, label)] the page offers
    breakdown: Breakdown | None = None

    @property
    def min_cell(self):
        return MIN_CELL


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def _cell(question, values):
    """The results of `question` over `values` (points or numbers as Decimal, or lists of
    choice ids), hidden when fewer than MIN_CELL."""
    cell = Cell(n=len(values))
    if cell.n < MIN_CELL:
        cell.hide()
        return cell
    if question.kind == Kind.LIKERT:
        counts = Counter(int(value) for value in values)
        cell.options = [
            Option(str(point), str(label), counts[point], _share(counts[point], cell.n))
            for point, label in question.likert_labels()
        ]
        cell.mean = float(sum(point * count for point, count in counts.items()) / cell.n)
        cell.agree = _share(counts[4] + counts[5], cell.n)
    elif question.kind == Kind.NUMBER:
        numbers = [float(value) for value in values]
        cell.mean = statistics.fmean(numbers)
        cell.median = statistics.median(numbers)
        cell.low, cell.high = min(numbers), max(numbers)
    elif question.is_choice:
        counts = Counter(pk for chosen in values for pk in chosen)
        cell.options = [
            Option(
                str(choice.pk), choice.label, counts[choice.pk], _share(counts[choice.pk], cell.n)
            )
            for choice in question.choices.all()
        ]
    return cell


def _protect(total, items):
    """Complementary hiding over `items` (cells or groups) whose total shows `total`."""
    index = complementary(total, [item.count for item in items])
    if index is not None:
        item = items[index]
        if isinstance(item, Cell):
            item.hide(protected=True)
        else:
            item.protected = True


def _breakdowns(questions):
    offered = [(CATEGORY, _("Stakeholder category"))]
    offered += [
        (question.code, question.text)
        for question in questions
        if question.breakdown and question.kind == Kind.SINGLE
    ]
    return offered


def _group_of(by, questions, responses, values):
    """{response id: group key} and the groups' (key, label) in order, for breakdown `by`."""
    if by == CATEGORY:
        keys = {pk: category or NOT_GIVEN for pk, (category, _day) in responses.items()}
        order = [*Category.choices, (NOT_GIVEN, _("Category not known"))]
        return keys, _("Stakeholder category"), order
    question = next(q for q in questions if q.code == by)
    chosen = values.get(question.pk, {})
    keys = {pk: str(chosen[pk][0]) if chosen.get(pk) else NOT_GIVEN for pk in responses}
    order = [(str(choice.pk), choice.label) for choice in question.choices.all()]
    order.append((NOT_GIVEN, _("Not answered")))
    return keys, question.text, order


def survey_results(survey, *, by=""):
    """The results of `survey`, broken down by `by` ("category", the code of a breakdown
    question, or "" for none; an unknown one is ignored). Five queries."""
    questions = questions_of(survey)
    responses = {
        pk: (category, day)
        for pk, category, day in Response.objects.filter(survey=survey).values_list(
            "pk", "category", "submitted_on"
        )
    }
    # {question id: {response id: value}}
    values = defaultdict(dict)
    rows = (
        Answer.objects.filter(response__survey=survey)
        .exclude(question__kind__in=TEXT_KINDS)
        .values_list("response_id", "question_id", "number", "choices")
    )
    for response_id, question_id, number, choices in rows:
        values[question_id][response_id] = choices if choices else number
    text_counts = dict(
        Answer.objects.filter(response__survey=survey, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .values("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )

    offered = _breakdowns(questions)
    days = [day for _category, day in responses.values()]
    results = SurveyResults(
        survey=survey,
        respondents=len(responses),
        first_on=min(days, default=None),
        last_on=max(days, default=None),
        questions=[],
        breakdowns=offered,
    )
    for question in questions:
        if question.kind in TEXT_KINDS:
            overall = Cell(n=text_counts.get(question.pk, 0))
            if overall.n < MIN_CELL:
                overall.hidden = True
        else:
            overall = _cell(question, list(values[question.pk].values()))
        results.questions.append(QuestionResult(question=question, overall=overall))

    if by not in dict(offered):
        return results
    keys, label, order = _group_of(by, questions, responses, values)
    sizes = Counter(keys.values())
    groups = [Group(key, str(name), sizes[key]) for key, name in order if sizes[key]]
    for group in groups:
        group.hidden = group.n < MIN_CELL
    _protect(len(responses), groups)
    results.breakdown = Breakdown(by, str(label), groups)
    for result in results.questions:
        question = result.question
        result._groups = groups
        if question.kind in TEXT_KINDS or question.code == by:
            continue
        per_group = defaultdict(list)
        for response_id, value in values[question.pk].items():
            per_group[keys[response_id]].append(value)
        cells = []
        for group in groups:
            cell = _cell(question, per_group[group.key])
            if not group.shown and cell.shown:
                cell.hide(protected=group.protected)
            cells.append(cell)
        _protect(result.overall.count, cells)
        result.cells = cells
    return results


def text_answers(question):
    """A text question's answers, in no meaningful order (by their random key: neither who
    nor when), for paging."""
    return Answer.objects.filter(question=question).exclude(text="").order_by("pk")


# --- Waves: a question followed across the surveys of a series ------------------------------


@dataclass
class Wave:
    survey: Survey
    label: str
    n: int
    mean: float | None  # None when hidden (fewer than MIN_CELL answers)
    closed: bool
    change: float | None = None  # from the previous wave shown
    previous: "Wave | None" = None

    @property
    def hidden(self):
        return self.mean is None

    @property
    def count(self):
        return None if self.hidden else self.n

    @property
    def amount(self):
        return None if self.change is None else abs(self.change)

    @property
    def direction(self):
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"


def wave_scores_of(questions, *, now=None):
    """{question id: [Wave, ...]} for each of `questions` (scale or number): every launched
    survey of the same series having a question of the same code, by opening date, with its
    mean and number of answers; a wave of fewer than MIN_CELL answers shows no mean. A
    question of a survey without a series follows its own survey only. Two queries."""
    from django.db.models import Q
    from django.utils import timezone

    now = now or timezone.now()
    questions = [q for q in questions if q is not None]
    if not questions:
        return {}
    wanted = Q(pk__in=[])
    for question in questions:
        survey = question.section.survey
        if survey.series:
            wanted |= Q(section__survey__series=survey.series, code=question.code)
        else:
            wanted |= Q(pk=question.pk)
    related = list(
        Question.objects.filter(wanted, section__survey__status=Survey.Status.LAUNCHED)
        .select_related("section__survey")
        .annotate(answered=Count("answers"), average=Avg("answers__number"))
    )
    result = {}
    for question in questions:
        series = question.section.survey.series
        mine = [
            other
            for other in related
            if other.code == question.code
            and (other.section.survey.series == series if series else other.pk == question.pk)
        ]
        mine.sort(
            key=lambda other: (
                other.section.survey.opens_at is None,
                other.section.survey.opens_at or now,
                other.section.survey.pk,
            )
        )
        waves, previous = [], None
        for other in mine:
            survey = other.section.survey
            shown = other.answered >= MIN_CELL and other.average is not None
            wave = Wave(
                survey=survey,
                label=survey.wave or survey.title,
                n=other.answered,
                mean=float(other.average) if shown else None,
                closed=survey.closes_at is not None and survey.closes_at <= now,
            )
            if shown and previous is not None:
                wave.change = round(wave.mean - previous.mean, 2)
                wave.previous = previous
            if shown:
                previous = wave
            waves.append(wave)
        result[question.pk] = waves
    return result


def wave_scores(question, *, now=None):
    """[Wave, ...] of `question` across its series (see wave_scores_of)."""
    return wave_scores_of([question], now=now).get(question.pk, [])
