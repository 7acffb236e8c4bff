"""The demo's trust and integrity perception survey: two waves of a few hundred anonymous
answers, trust improving, the baseline's results published, and the demo plan's dashboard
showing the trust indicator's trend across the two waves."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from demo import surveys as demo_surveys
from demo.actionplans import PLAN_TITLE
from portal.accounts.models import User
from surveys.models import Response, Survey
from surveys.results import survey_results, wave_scores

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_demo_survey_waves_show_trust_improving_and_the_dashboard_shows_the_trend(client):
    call_command("seed_demo", stdout=io.StringIO())

    baseline, follow_up = (Survey.objects.get(slug=slug) for slug, *_rest in demo_surveys.WAVES)
    assert baseline.anonymous and follow_up.anonymous
    assert 200 <= baseline.responses.count() <= 500
    assert 200 <= follow_up.responses.count() <= 500
    # Anonymous: no response names anyone.
    assert not Response.objects.filter(respondent__isnull=False, survey__in=[baseline, follow_up])
    assert baseline.results_published_at and not follow_up.results_published_at

    action = Action.objects.get(plan__title=PLAN_TITLE, code=demo_surveys.LINKED_ACTION)
    waves = wave_scores(action.indicator_question)
    assert [w.survey for w in waves] == [baseline, follow_up]
    assert waves[1].mean > waves[0].mean and waves[1].direction == "up"

    # Every breakdown of the demo hides its small cells (the chamber's few answers, say).
    results = survey_results(follow_up, by="category")
    assert any(not group.shown for group in results.breakdown.groups)

    agent = User.objects.get(email="agent@douane.gouv.ml")
    User.objects.filter(pk=agent.pk).update(language="en")
    client.force_login(agent)
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    page = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk]))
    html = page.content.decode()
    assert "Indicators measured by surveys" in html
    for wave in waves:
        assert f"<strong>{wave.mean:.1f}</strong> ({wave.count} answers)" in html
    assert f"up {waves[1].change:.1f} from {waves[0].label}" in html

    published = client.get(reverse("surveys:published", args=[baseline.slug]))
    assert published.status_code == 200


def test_demo_surveys_are_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    before = Response.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Response.objects.count() == before
