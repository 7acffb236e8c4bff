"""An action's indicator measured by a survey question: chosen in the action's form among
the scale and number questions, and shown per wave (mean, answers, change) on the plan's
dashboard and on the action's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.forms import ActionForm
from surveys.models import Question
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory
from tests.surveys import factories_results as f

# These tests read the pages in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def waves():
    now = timezone.now()
    baseline = f.survey(
        series="Confiance",
        wave="Baseline 2026",
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=370),
    )
    follow_up = f.survey(
        series="Confiance",
        wave="Follow-up 2027",
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=2),
    )
    old = f.question(baseline, "trust", text_en="How much do you trust Customs?")
    new = f.question(follow_up, "trust", text_en="How much do you trust Customs?")
    f.respond_many(baseline, 5, {old: 2})
    f.respond_many(baseline, 5, {old: 3})
    f.respond_many(follow_up, 6, {new: 4})
    f.respond_many(follow_up, 6, {new: 3})
    return old, new


def test_dashboard_shows_each_waves_mean_and_the_change(client, waves):
    old, new = waves
    plan = PlanFactory()
    action = ActionFactory(plan=plan, indicator_question=new, title="Former les agents")
    editor = EditorFactory(language="en")
    client.force_login(editor)

    html = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()
    assert "Indicators measured by surveys" in html
    assert "Baseline 2026" in html and "Follow-up 2027" in html
    assert "<strong>2.5</strong> (10 answers)" in html
    assert "<strong>3.5</strong> (12 answers)" in html
    assert "up 1.0 from Baseline 2026" in html

    # A new response moves the mean at once (the panel is outside the kept drawing).
    f.respond_many(new.section.survey, 6, {new: 5})
    html = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()
    assert "<strong>4.0</strong> (18 answers)" in html

    page = client.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()
    assert "Survey indicator" in page and "up 1.5 from Baseline 2026" in page


def test_a_wave_of_fewer_than_five_answers_shows_no_mean(client, waves):
    old, new = waves
    pilot = f.survey(
        series="Confiance",
        wave="Pilot",
        opens_at=timezone.now() - timedelta(days=600),
        closes_at=timezone.now() - timedelta(days=590),
    )
    f.respond_many(pilot, 4, {f.question(pilot, "trust"): 5})
    plan = PlanFactory()
    ActionFactory(plan=plan, indicator_question=new)
    client.force_login(EditorFactory(language="en"))
    html = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()
    assert "Pilot" in html and "fewer than 5 answers" in html


def test_the_action_form_offers_scale_and_number_questions_by_series(waves):
    old, new = waves
    text = f.question(new.section.survey, "comment", Question.Kind.LONG_TEXT)
    plan = PlanFactory()
    form = ActionForm(plan=plan)
    field = form.fields["indicator_question"]
    assert field.label == "Indicator measured by the survey question"
    groups = dict(field.choices[1:])
    assert set(groups) == {"Confiance"}
    offered = {pk for pk, _label in groups["Confiance"]}
    assert offered == {old.pk, new.pk} and text.pk not in offered
    assert not field.valid_value(text.pk) or text.pk not in field.queryset.values_list(
        "pk", flat=True
    )
