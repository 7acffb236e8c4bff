"""The administration site: editors edit there too, and approving there freezes a version."""

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_editor(client):
    editor = EditorFactory(is_staff=True)
    client.force_login(editor)
    return editor


def test_editors_reach_the_action_plan_pages_of_the_admin(client, staff_editor):
    action = ActionFactory()

    for url in [
        reverse("admin:actionplans_actionplan_changelist"),
        reverse("admin:actionplans_actionplan_change", args=[action.plan.pk]),
        reverse("admin:actionplans_action_change", args=[action.pk]),
        reverse("admin:actionplans_strategicobjective_add"),
        reverse("admin:actionplans_progressupdate_changelist"),
    ]:
        assert client.get(url).status_code == 200, url


def test_approving_in_the_admin_freezes_a_version(client, staff_editor):
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    ActionFactory(plan=plan)

    client.post(
        reverse("admin:actionplans_actionplan_changelist"),
        {"action": "approve", "_selected_action": [plan.pk]},
    )

    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.versions.count() == 1
