"""A survey's results (surveys/results.py) and the officers' results page: distributions,
means, shares, and the hiding of every figure drawn from fewer than five respondents, on every
breakdown, with the complementary hiding that stops a subtraction giving a hidden one away."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.suppression import MIN_CELL, PROTECTED, complementary
from stakeholders.models import Category
from surveys.models import Question
from surveys.results import survey_results, wave_scores
from tests.factories import OfficerFactory
from tests.surveys import factories_results as f

# These tests read the pages in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


Kind = Question.Kind


def test_the_threshold_is_five_and_one_hidden_cell_hides_the_next_smallest():
    assert MIN_CELL == 5
    assert complementary(20, [10, 6, None]) == 1
    assert complementary(20, [10, None, None]) is None  # two hidden: no single one to find
    assert complementary(None, [10, 6, None]) is None  # total hidden: nothing to subtract from
    assert complementary(20, [10, 6, 7]) is None
    assert complementary(20, [10, PROTECTED, None]) is None


def test_scale_distribution_mean_and_agreement():
    survey = f.survey()
    trust = f.question(survey, "trust")
    for point, count in {1: 1, 2: 1, 3: 2, 4: 4, 5: 2}.items():
        f.respond_many(survey, count, {trust: point})

    [result] = survey_results(survey).questions
    cell = result.overall
    assert cell.count == 10
    assert [(o.value, o.count) for o in cell.options] == [
        ("1", 1),
        ("2", 1),
        ("3", 2),
        ("4", 4),
        ("5", 2),
    ]
    assert cell.options[3].share == 40.0
    assert cell.mean == pytest.approx(3.5)
    assert cell.agree == 60.0


def test_number_and_choice_questions():
    survey = f.survey()
    staff = f.question(survey, "staff", Kind.NUMBER)
    channel = f.question(survey, "channel", Kind.SINGLE, choices=["Web", "Office"])
    topics = f.question(survey, "topics", Kind.MULTIPLE, choices=["Fees", "Delays", "Staff"])
    for index in range(5):
        f.respond(
            survey,
            {
                staff: 10 * (index + 1),
                channel: "Web" if index < 4 else "Office",
                topics: ["Fees", "Delays"] if index < 2 else ["Fees"],
            },
        )

    results = {r.question.code: r.overall for r in survey_results(survey).questions}
    assert results["staff"].mean == 30 and results["staff"].median == 30
    assert (results["staff"].low, results["staff"].high) == (10, 50)
    assert [(o.label, o.count, o.share) for o in results["channel"].options] == [
        ("Web", 4, 80.0),
        ("Office", 1, 20.0),
    ]
    # A multiple choice: shares of the respondents, which add up to more than 100.
    assert [(o.label, o.share) for o in results["topics"].options] == [
        ("Fees", 100.0),
        ("Delays", 40.0),
        ("Staff", 0.0),
    ]


def test_a_question_answered_four_times_shows_no_figure_and_five_times_does():
    survey = f.survey()
    four, five = f.question(survey, "four"), f.question(survey, "five")
    f.respond_many(survey, 4, {four: 5, five: 5})
    f.respond(survey, {five: 1})

    results = {r.question.code: r.overall for r in survey_results(survey).questions}
    assert results["four"].count is None and results["four"].hidden
    assert results["four"].mean is None and results["four"].options == []
    assert results["five"].count == 5 and results["five"].mean == pytest.approx(4.2)


def _groups(results):
    return {group.label: group for group in results.breakdown.groups}


def test_category_breakdown_hides_a_group_of_four_and_shows_one_of_five():
    survey = f.survey()
    trust = f.question(survey, "trust")
    f.respond_many(survey, 5, {trust: 4}, category=Category.TRADER)
    f.respond_many(survey, 4, {trust: 1}, category=Category.ASSOCIATION)
    f.respond_many(survey, 5, {trust: 2}, category=Category.BROKER)

    results = survey_results(survey, by="category")
    groups = _groups(results)
    company, association, broker = (
        groups[str(Category.TRADER.label)],
        groups[str(Category.ASSOCIATION.label)],
        groups[str(Category.BROKER.label)],
    )
    assert association.count is None and association.hidden
    # One group hidden and the total shown: the next smallest (5) is hidden as well.
    assert sum(1 for g in (company, broker) if g.protected) == 1
    assert results.respondents == 14
    [result] = results.questions
    cells = dict((group.label, cell) for group, cell in result.rows)
    assert cells[association.label].mean is None and cells[association.label].options == []
    shown = [cell for cell in cells.values() if cell.shown]
    assert len(shown) == 1 and shown[0].count == 5
    assert result.overall.count == 14


def test_category_breakdown_shows_every_group_of_five_or_more():
    survey = f.survey()
    trust = f.question(survey, "trust")
    f.respond_many(survey, 5, {trust: 4}, category=Category.TRADER)
    f.respond_many(survey, 6, {trust: 2}, category=Category.BROKER)

    results = survey_results(survey, by="category")
    assert sorted(g.count for g in results.breakdown.groups) == [5, 6]
    [result] = results.questions
    assert sorted(cell.mean for _group, cell in result.rows) == [2.0, 4.0]


def test_a_cell_of_four_in_a_shown_group_is_hidden_with_the_next_smallest():
    survey = f.survey()
    trust = f.question(survey, "trust")
    extra = f.question(survey, "extra")
    f.respond_many(survey, 10, {trust: 4, extra: 5}, category=Category.TRADER)
    f.respond_many(survey, 6, {trust: 2, extra: 3}, category=Category.BROKER)
    f.respond_many(survey, 2, {trust: 2, extra: 3}, category=Category.ASSOCIATION)
    f.respond_many(survey, 4, {trust: 2}, category=Category.ASSOCIATION)
    f.respond_many(survey, 5, {trust: 3, extra: 3}, category=Category.CHAMBER)

    results = survey_results(survey, by="category")
    # The groups themselves: all of five or more.
    assert all(g.shown for g in results.breakdown.groups)
    cells = {r.question.code: {g.label: c for g, c in r.rows} for r in results.questions}
    association = str(Category.ASSOCIATION.label)
    assert cells["trust"][association].count == 6
    assert cells["extra"][association].hidden
    # extra: 10, 6, 2 (hidden), 5 -> the chamber's 5 hidden too.
    assert cells["extra"][str(Category.CHAMBER.label)].protected
    assert cells["extra"][str(Category.TRADER.label)].count == 10


def test_breakdown_question_groups_follow_the_same_rule():
    survey = f.survey()
    size = f.question(
        survey, "size", Kind.SINGLE, choices=["Small", "Medium", "Large"], breakdown=True
    )
    gender = f.question(survey, "gender", Kind.SINGLE, choices=["Woman", "Man"], breakdown=True)
    trust = f.question(survey, "trust")
    f.respond_many(survey, 8, {size: "Small", gender: "Woman", trust: 5})
    f.respond_many(survey, 5, {size: "Medium", gender: "Man", trust: 3})
    f.respond_many(survey, 4, {size: "Large", gender: "Man", trust: 1})
    f.respond_many(survey, 6, {trust: 2})  # size and gender not given

    assert [key for key, _label in survey_results(survey).breakdowns] == [
        "category",
        "size",
        "gender",
    ]
    by_size = survey_results(survey, by="size")
    groups = _groups(by_size)
    assert groups["Large"].hidden and groups["Large"].count is None
    assert groups["Medium"].protected  # the smallest shown, hidden with the 4
    assert groups["Small"].count == 8 and groups["Not answered"].count == 6
    trust_row = next(r for r in by_size.questions if r.question.code == "trust")
    cells = {g.label: c for g, c in trust_row.rows}
    assert cells["Large"].mean is None and cells["Medium"].mean is None
    assert cells["Small"].mean == 5.0
    # The breakdown question is not broken down by itself.
    assert next(r for r in by_size.questions if r.question.code == "size").cells is None

    by_gender = survey_results(survey, by="gender")
    groups = _groups(by_gender)
    assert groups["Woman"].count == 8 and groups["Man"].count == 9
    assert groups["Not answered"].count == 6


def test_results_take_the_same_number_of_queries_for_more_responses():
    survey = f.survey()
    trust = f.question(survey, "trust")
    size = f.question(survey, "size", Kind.SINGLE, choices=["Small", "Large"], breakdown=True)
    comment = f.question(survey, "comment", Kind.LONG_TEXT)
    f.respond_many(survey, 5, {trust: 3, size: "Small", comment: "Bien"})

    def queries():
        with CaptureQueriesContext(connection) as context:
            survey_results(survey, by="size")
        return len(context)

    before = queries()
    f.respond_many(survey, 20, {trust: 4, size: "Large", comment: "Mieux"})
    assert queries() == before


def test_officer_page_shows_figures_and_hides_small_groups(client):
    survey = f.survey(title_en="Trust survey")
    trust = f.question(survey, "trust", text_en="How much do you trust Customs?")
    comment = f.question(survey, "comment", Kind.LONG_TEXT)
    f.respond_many(survey, 6, {trust: 4, comment: "Les délais ont baissé"}, category="trader")
    f.respond_many(survey, 4, {trust: 1}, category="broker")
    client.force_login(OfficerFactory(language="en"))
    officer = client

    page = officer.get(reverse("surveys:results", args=[survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "How much do you trust Customs?" in html
    assert "<strong>2.8</strong>" in html  # (6*4 + 4*1) / 10
    assert "<svg" in html

    by_category = officer.get(reverse("surveys:results", args=[survey.pk]) + "?by=category")
    html = by_category.content.decode()
    assert "fewer than 5" in html
    start = html.index("By Stakeholder category</caption>")
    html = html[start : html.index("</table>", start)]
    # The brokers' mean (1.0) and the companies' (4.0: protected, it would give the other away).
    assert ">1.0<" not in html and ">4.0<" not in html

    texts = officer.get(reverse("surveys:results_texts", args=[survey.pk, comment.pk]))
    assert "Les délais ont baissé" in texts.content.decode()


def test_waves_of_a_series_follow_the_question_by_its_code():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    baseline = f.survey(
        series="trust",
        wave="Baseline",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=370),
    )
    follow_up = f.survey(
        series="trust",
        wave="Follow-up",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=3),
    )
    small = f.survey(
        series="trust",
        wave="Pilot",
        opens_at=now - timedelta(days=500),
        closes_at=now - timedelta(days=490),
    )
    draft = f.survey(series="trust", wave="Next", status="draft")
    old, new = f.question(baseline, "trust"), f.question(follow_up, "trust")
    pilot, planned = f.question(small, "trust"), f.question(draft, "trust")
    f.respond_many(baseline, 5, {old: 2})
    f.respond_many(follow_up, 6, {new: 3})
    f.respond_many(small, 4, {pilot: 5})

    waves = wave_scores(new)
    assert [w.label for w in waves] == ["Pilot", "Baseline", "Follow-up"]
    assert waves[0].hidden and waves[0].count is None
    assert (waves[1].mean, waves[1].count, waves[1].closed) == (2.0, 5, True)
    assert (waves[2].mean, waves[2].count, waves[2].closed) == (3.0, 6, False)
    assert waves[2].change == 1.0 and waves[2].direction == "up"
    assert planned not in [w.survey for w in waves]
