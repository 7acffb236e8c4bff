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
    actions = list(plan.actions.with_progress().select_related("objective", "responsible"))
    assert plan.status == ActionPlan.Status.ACTIVE
    assert actions
    # Every action serves one of its plan's objectives, and an officer answers for it.
    objectives = set(StrategicObjective.objects.filter(plans=plan))
    assert {action.objective for action in actions} <= objectives
    assert all(action.responsible.is_customs for action in actions)
    # Approved, then revised and approved again.
    assert plan.versions.count() > 1
    health = {action.health for action in actions}
    assert set(Health.values) <= health
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
    assert linked
    assert all(action.commitment.meeting.status == Meeting.Status.HELD for action in linked)
    assert all(action.title == action.commitment.description for action in linked)
    # Some came in the approved revision; one was added since and waits for the next approval.
    approved = {row["code"] for row in plan.versions.order_by("-number")[0].snapshot["actions"]}
    codes = {action.code for action in linked}
    assert codes & approved and codes - approved


def test_demo_links_each_commitment_once_when_run_again():
    call_command("seed_demo", stdout=io.StringIO())
    linked = set(Action.objects.filter(commitment__isnull=False).values_list("pk", "commitment"))

    call_command("seed_demo", stdout=io.StringIO())

    assert linked
    assert set(Action.objects.filter(commitment__isnull=False).values_list("pk", "commitment")) == (
        linked
    )


def test_the_demo_board_shows_a_partner_s_contestations_and_customs_answer(client):
    call_command("seed_demo", stdout=io.StringIO())
    from actionplans.models import Contestation

    answered = Contestation.objects.get(status=Contestation.Status.ANSWERED)
    still_open = Contestation.objects.get(status=Contestation.Status.OPEN)
    assert answered.action_id != still_open.action_id

    board = client.get("/commitments/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "contestée" in board
    page = client.get(
        f"/commitments/{answered.action_id}/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Les nouveaux délais s’appliquent" in page
