"""Approving freezes a copy of the plan that later edits leave alone, and that can be compared."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import Action, ActionPlan, PlanVersion
from actionplans.versions import compare, snapshot
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import EditorFactory, OfficerFactory

pytestmark = pytest.mark.django_db


def draft_with_actions(*codes):
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    for code in codes:
        ActionFactory(
            plan=plan,
            code=code,
            title=f"Action {code}",
            start_date=date(2026, 1, 15),
            due_date=date(2026, 6, 30),
        )
    return plan


def test_approving_a_draft_freezes_version_one_and_records_who_and_when(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = draft_with_actions("A1", "A2")

    response = client.post(
        reverse("actionplans:plan_approve", args=[plan.pk]), {"note": "Comité de mars"}
    )

    plan.refresh_from_db()
    version = plan.versions.get()
    assert response.status_code == 302
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.approved_by == editor and plan.approved_at is not None
    assert version.number == 1 and version.note == "Comité de mars"
    assert [a["code"] for a in version.snapshot["actions"]] == ["A1", "A2"]
    assert version.snapshot["actions"][0]["due_date"] == "2026-06-30"
    assert version.snapshot["plan"]["status"] == ActionPlan.Status.APPROVED


def test_the_frozen_copy_does_not_follow_later_edits():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)

    action = plan.actions.get()
    action.title = "Titre révisé"
    action.due_date = date(2026, 9, 30)
    action.save()
    ActionFactory(plan=plan, code="A2")

    frozen = PlanVersion.objects.get(plan=plan, number=1).snapshot
    assert [a["code"] for a in frozen["actions"]] == ["A1"]
    assert frozen["actions"][0]["title"] == "Action A1"
    assert frozen["actions"][0]["due_date"] == "2026-06-30"


def test_approving_a_revision_makes_the_next_version_and_keeps_an_active_plan_active():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    services.activate_plan(plan, acting_user=editor)
    ActionFactory(plan=plan, code="A2")

    version = services.approve_plan(plan, acting_user=editor, note="Ajout de A2")

    plan.refresh_from_db()
    assert version.number == 2
    assert plan.status == ActionPlan.Status.ACTIVE
    assert plan.versions.count() == 2


def test_approving_without_any_change_is_refused():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)

    with pytest.raises(ValidationError):
        services.approve_plan(plan, acting_user=editor)

    assert plan.versions.count() == 1


def test_progress_alone_does_not_call_for_a_new_approval():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    services.activate_plan(plan, acting_user=editor)
    action = plan.actions.get()

    services.record_progress(
        action,
        acting_user=action.responsible,
        date=timezone.localdate(),
        percent=100,
        narrative="Fait.",
    )

    with pytest.raises(ValidationError):
        services.approve_plan(plan, acting_user=editor)


def test_a_plan_without_actions_cannot_be_approved():
    with pytest.raises(ValidationError):
        services.approve_plan(
            PlanFactory(status=ActionPlan.Status.DRAFT), acting_user=EditorFactory()
        )


def test_only_an_editor_may_approve():
    plan = draft_with_actions("A1")

    with pytest.raises(PermissionDenied):
        services.approve_plan(plan, acting_user=OfficerFactory())


def test_comparison_lists_added_removed_and_changed_actions_field_by_field():
    editor = EditorFactory()
    plan = draft_with_actions("A1", "A2", "A3")
    services.approve_plan(plan, acting_user=editor)
    plan.actions.get(code="A1").delete()
    a2 = plan.actions.get(code="A2")
    a2.due_date = date(2026, 12, 31)
    a2.visibility = Action.Visibility.INTERNAL
    a2.save()
    ActionFactory(plan=plan, code="A4", title="Nouvelle action")

    result = compare(plan.versions.get().snapshot, snapshot(plan))

    assert [a["code"] for a in result.added] == ["A4"]
    assert [a["code"] for a in result.removed] == ["A1"]
    assert [c.code for c in result.changed] == ["A2"]
    labels = {str(change.label) for change in result.changed[0].changes}
    assert labels == {"date d’échéance", "visibilité"}
    assert result.unchanged == 1


def test_a_renamed_code_is_a_change_not_an_addition():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    action = plan.actions.get()
    action.code = "B1"
    action.save()

    result = compare(plan.versions.get().snapshot, snapshot(plan))

    assert not result.added and not result.removed
    assert result.changed[0].code == "B1"


def test_the_comparison_page_shows_the_version_beside_the_current_plan(client):
    editor = EditorFactory()
    client.force_login(OfficerFactory())
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    action = plan.actions.get()
    action.due_date = date(2026, 11, 15)
    action.save()

    body = client.get(reverse("actionplans:version_compare", args=[plan.pk, 1])).content.decode()

    assert "30/06/2026" in body and "15/11/2026" in body
    assert "Date d’échéance" in body


def test_two_versions_can_be_compared(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    ActionFactory(plan=plan, code="A2", title="Ajoutée en septembre")
    services.approve_plan(plan, acting_user=editor)

    response = client.get(reverse("actionplans:version_compare", args=[plan.pk, 1]), {"with": "2"})

    assert response.status_code == 200
    assert "Ajoutée en septembre" in response.content.decode()


def test_a_frozen_version_can_be_viewed(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor, note="Première version")

    body = client.get(reverse("actionplans:version_detail", args=[plan.pk, 1])).content.decode()

    assert "Action A1" in body and "Première version" in body


def test_the_plan_page_flags_changes_not_yet_approved(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    url = reverse("actionplans:plan_detail", args=[plan.pk])
    assert (
        reverse("actionplans:plan_approve", args=[plan.pk]) not in client.get(url).content.decode()
    )

    ActionFactory(plan=plan, code="A2")

    assert reverse("actionplans:plan_approve", args=[plan.pk]) in client.get(url).content.decode()


def test_editors_see_plans_awaiting_approval_on_their_dashboard(client):
    client.force_login(EditorFactory())
    plan = draft_with_actions("A1")
    plan.title = "Plan en attente"
    plan.save()

    body = client.get(reverse("dashboard")).content.decode()

    assert "Plan en attente" in body


def test_progress_made_in_between_is_listed_apart_from_revisions():
    editor = EditorFactory()
    plan = draft_with_actions("A1")
    services.approve_plan(plan, acting_user=editor)
    services.activate_plan(plan, acting_user=editor)
    action = plan.actions.get()
    services.record_progress(
        action, acting_user=action.responsible, date=timezone.localdate(), percent=60, narrative="x"
    )

    result = compare(plan.versions.get().snapshot, snapshot(plan))

    assert result.changed == [] and result.unchanged == 1
    assert result.progress[0]["old_progress"] == "0 %"
    assert result.progress[0]["new_progress"] == "60 %"
