"""Approvals made at the same moment freeze one version each, never two of the same state."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from actionplans import services
from actionplans.models import ActionPlan, PlanVersion
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_at_once_make_one_version():
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    ActionFactory(plan=plan)
    editors = [EditorFactory(), EditorFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(editor):
        try:
            barrier.wait()
            services.approve_plan(plan, acting_user=editor)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_turning_one_commitment_into_actions_at_once_make_one_action():
    from datetime import timedelta

    from django.utils import timezone

    from actionplans.models import Action
    from tests.meetings.factories import CommitmentFactory, MeetingFactory

    start = timezone.now() - timedelta(days=2)
    commitment = CommitmentFactory(
        meeting=MeetingFactory(start=start, end=start + timedelta(hours=1))
    )
    plan = PlanFactory()
    editors = [EditorFactory(), EditorFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def turn(index, editor):
        try:
            barrier.wait()
            services.action_from_commitment(
                commitment,
                plan=plan,
                objective=plan.objectives.first(),
                code=f"C{index}",
                acting_user=editor,
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=turn, args=(index, editor)) for index, editor in enumerate(editors)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", "refused"]
    assert Action.objects.filter(commitment=commitment).count() == 1
