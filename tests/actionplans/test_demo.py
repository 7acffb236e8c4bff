"""The demo plan: about twenty actions under four objectives, with every kind of health."""

import io

import pytest
from django.core.management import call_command

from actionplans.demo import PLAN_TITLE
from actionplans.health import Health
from actionplans.models import Action, ActionPlan, ProgressUpdate, StrategicObjective

pytestmark = pytest.mark.django_db


def test_demo_builds_an_active_plan_with_varied_health_and_two_versions():
    call_command("seed_demo", stdout=io.StringIO())

    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    actions = list(plan.actions.with_progress())
    assert plan.status == ActionPlan.Status.ACTIVE
    assert len(actions) == 20
    assert StrategicObjective.objects.filter(plans=plan).count() == 4
    assert plan.versions.count() == 2
    health = {action.health for action in actions}
    assert set(Health.values) <= health
    assert {a.responsible.email for a in actions} == {
        "agent@douane.gouv.ml",
        "editeur@douane.gouv.ml",
    }
    assert ActionPlan.objects.filter(status=ActionPlan.Status.DRAFT).exists()


def test_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Action.objects.count(), ProgressUpdate.objects.count(), ActionPlan.objects.count())

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        ActionPlan.objects.count(),
    ) == counts
