"""The demo plan: about twenty actions under four objectives, with every kind of health, some
carrying out commitments made at the demo meetings."""

import io

import pytest
from django.core.management import call_command

from actionplans.health import Health
from actionplans.models import Action, ActionPlan, ProgressUpdate, StrategicObjective
from demo.actionplans import PLAN_TITLE
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_demo_builds_an_active_plan_with_varied_health_and_two_versions():
    call_command("seed_demo", stdout=io.StringIO())

    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    actions = list(plan.actions.with_progress())
    assert plan.status == ActionPlan.Status.ACTIVE
    assert len(actions) == 23
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


def test_demo_actions_carry_out_commitments_made_at_the_demo_meetings():
    call_command("seed_demo", stdout=io.StringIO())

    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    linked = list(plan.actions.filter(commitment__isnull=False).select_related("commitment"))
    assert {action.code for action in linked} == {"A3.6", "A3.7", "A2.6"}
    assert all(action.commitment.meeting.status == Meeting.Status.HELD for action in linked)
    assert all(action.title == action.commitment.description for action in linked)
    # Two came in the approved revision; one was added since and waits for the next approval.
    approved = {row["code"] for row in plan.versions.order_by("-number")[0].snapshot["actions"]}
    assert {"A3.6", "A3.7"} <= approved and "A2.6" not in approved


def test_demo_links_each_commitment_once_when_run_again():
    call_command("seed_demo", stdout=io.StringIO())

    call_command("seed_demo", stdout=io.StringIO())

    assert Action.objects.filter(commitment__isnull=False).count() == 3
