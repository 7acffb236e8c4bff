"""Editors build plans in the portal; every action is aligned; every change is recorded."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from actionplans.models import Action, ActionPlan, IntegrityFactor, StrategicObjective
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
from tests.factories import (
    CheckinStaffFactory,
    EditorFactory,
    OfficerFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def action_data(plan, officer, **overrides):
    data = {
        "code": "A1",
        "title": "Publier le guide des procédures",
        "description": "",
        "objective": plan.objectives.first().pk,
        "responsible": officer.pk,
        "responsible_unit": "Direction de la législation",
        "start_date": "2026-02-01",
        "due_date": "2026-06-30",
        "priority": Action.Priority.HIGH,
        "status": Action.Status.NOT_STARTED,
        "visibility": Action.Visibility.PUBLIC,
        "target_categories": ["broker", "trader"],
        "target_quadrants": ["manage_closely"],
        "indicator_name": "",
        "indicator_unit": "",
        "indicator_baseline": "",
        "indicator_target": "",
        "internal_notes": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_objective_tagged_with_integrity_factors(client):
    client.force_login(EditorFactory())
    factors = IntegrityFactor.objects.filter(code__in=["transparency", "private_sector"])

    response = client.post(
        reverse("actionplans:objective_create"),
        {
            "code": "OS1",
            "title": "Renforcer la confiance avec le secteur privé",
            "description": "",
            "period_start": "2026-01-01",
            "period_end": "2030-12-31",
            "integrity_factors": [f.pk for f in factors],
        },
    )

    objective = StrategicObjective.objects.get(code="OS1")
    assert response.status_code == 302
    assert set(objective.integrity_factors.values_list("code", flat=True)) == {
        "transparency",
        "private_sector",
    }


def test_the_ten_arusha_factors_are_seeded_in_the_declarations_order():
    codes = list(IntegrityFactor.objects.values_list("code", flat=True))

    assert len(codes) == 10
    assert codes[0] == "leadership" and codes[-1] == "private_sector"


def test_objectives_can_be_filtered_by_integrity_factor(client):
    client.force_login(OfficerFactory())
    ObjectiveFactory(title="Transparence des règles", factors=["transparency"])
    ObjectiveFactory(title="Dématérialisation", factors=["automation"])
    factor = IntegrityFactor.objects.get(code="transparency")

    body = client.get(reverse("actionplans:objective_list"), {"factor": factor.pk}).content.decode()

    assert "Transparence des règles" in body
    assert "Dématérialisation" not in body


def test_editor_creates_a_plan_as_a_draft(client):
    client.force_login(EditorFactory())
    objective = ObjectiveFactory()

    client.post(
        reverse("actionplans:plan_create"),
        {
            "title": "Plan 2026-2027",
            "description": "",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
            "owning_unit": "Cellule secteur privé",
            "objectives": [objective.pk],
            "internal_notes": "",
        },
    )

    plan = ActionPlan.objects.get(title="Plan 2026-2027")
    assert plan.status == ActionPlan.Status.DRAFT
    assert list(plan.objectives.all()) == [objective]


def test_editor_adds_an_action_to_a_plan(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory(status=ActionPlan.Status.DRAFT)
    partner = OrganizationFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]),
        action_data(plan, editor, partners=[partner.pk]),
    )

    action = plan.actions.get()
    assert response.status_code == 302
    assert action.target_categories == ["broker", "trader"]
    assert action.target_quadrants == ["manage_closely"]
    assert list(action.partners.all()) == [partner]


def test_an_action_without_an_objective_is_refused_with_a_clear_message(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]),
        action_data(plan, editor, objective=""),
    )

    assert response.status_code == 200
    assert not plan.actions.exists()
    body = response.content.decode()
    assert "objectif stratégique" in body
    assert "Publier le guide des procédures" in body  # what was typed is kept


def test_an_action_must_serve_one_of_its_plans_objectives(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()
    elsewhere = ObjectiveFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]),
        action_data(plan, editor, objective=elsewhere.pk),
    )

    assert response.status_code == 200
    assert not plan.actions.exists()


def test_the_model_refuses_an_objective_outside_the_plan():
    from django.core.exceptions import ValidationError

    action = ActionFactory.build(
        plan=PlanFactory(), objective=ObjectiveFactory(), responsible=OfficerFactory()
    )

    with pytest.raises(ValidationError) as error:
        action.full_clean()

    assert "objective" in error.value.message_dict


def test_the_database_refuses_an_action_without_an_objective():
    plan = PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(
            plan=plan,
            code="X1",
            title="Sans objectif",
            responsible=OfficerFactory(),
            responsible_unit="Unité",
            start_date="2026-01-01",
            due_date="2026-02-01",
        )


def test_a_due_date_before_the_start_is_refused(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]),
        action_data(plan, editor, start_date="2026-06-01", due_date="2026-05-01"),
    )

    assert response.status_code == 200
    assert "échéance" in response.content.decode()
    assert not plan.actions.exists()


def test_an_action_code_is_unique_within_its_plan(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()
    ActionFactory(plan=plan, code="A1")

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]), action_data(plan, editor, code="a1")
    )

    assert response.status_code == 200
    assert plan.actions.count() == 1


def test_an_indicator_needs_a_name_and_a_target(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]),
        action_data(plan, editor, indicator_unit="agents", indicator_target="300"),
    )

    assert response.status_code == 200
    assert not plan.actions.exists()


def test_an_officer_cannot_change_an_action_by_posting(client):
    action = ActionFactory(title="Titre d’origine")
    officer = OfficerFactory()
    client.force_login(officer)

    response = client.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        action_data(action.plan, officer, title="Changé en douce"),
    )

    action.refresh_from_db()
    assert response.status_code == 404
    assert action.title == "Titre d’origine"


def test_changes_are_recorded_with_who_and_shown_in_the_history(client):
    editor = EditorFactory(full_name="Awa Sangaré")
    client.force_login(editor)
    action = ActionFactory(title="Ancien titre")
    data = action_data(action.plan, action.responsible, code=action.code, title="Nouveau titre")

    client.post(reverse("actionplans:action_edit", args=[action.pk]), data)

    record = action.history.first()
    assert record.history_user == editor
    body = client.get(reverse("actionplans:plan_history", args=[action.plan.pk])).content.decode()
    assert "Ancien titre" in body and "Nouveau titre" in body
    assert "Awa Sangaré" in body


def test_partner_changes_appear_in_the_history(client):
    editor = EditorFactory()
    client.force_login(editor)
    action = ActionFactory()
    partner = OrganizationFactory(name="Groupement des commissionnaires agréés")
    data = action_data(action.plan, action.responsible, code=action.code, title=action.title)
    data["partners"] = [partner.pk]

    client.post(reverse("actionplans:action_edit", args=[action.pk]), data)

    body = client.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()
    assert "Groupement des commissionnaires agréés" in body
    assert "Organisations partenaires" in body


def test_a_closed_plan_cannot_be_edited(client):
    client.force_login(EditorFactory())
    plan = PlanFactory(status=ActionPlan.Status.CLOSED)

    assert client.get(reverse("actionplans:plan_edit", args=[plan.pk])).status_code == 404
    assert client.get(reverse("actionplans:action_create", args=[plan.pk])).status_code == 404


def test_the_database_refuses_two_codes_that_differ_only_in_case():
    action = ActionFactory(code="A1")

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(plan=action.plan, code="a1")


def test_a_code_taken_but_for_case_is_told_on_the_code_field():
    from django.core.exceptions import ValidationError

    action = ActionFactory(code="A1")
    twin = ActionFactory.build(plan=action.plan, code="a1", responsible=action.responsible)

    with pytest.raises(ValidationError) as error:
        twin.full_clean()

    assert "code" in error.value.message_dict


def test_a_check_in_only_account_cannot_be_made_responsible(client):
    editor = EditorFactory()
    client.force_login(editor)
    plan = PlanFactory()
    checkin = CheckinStaffFactory()

    response = client.post(
        reverse("actionplans:action_create", args=[plan.pk]), action_data(plan, checkin)
    )

    assert response.status_code == 200
    assert "responsible" in response.context["form"].errors
    assert not plan.actions.exists()


def test_the_model_refuses_a_responsible_who_could_not_report_progress():
    from django.core.exceptions import ValidationError

    action = ActionFactory.build(plan=PlanFactory(), responsible=CheckinStaffFactory())

    with pytest.raises(ValidationError) as error:
        action.full_clean()

    assert "responsible" in error.value.message_dict


def test_approving_is_refused_while_an_action_serves_an_objective_the_plan_dropped():
    from django.core.exceptions import ValidationError

    from actionplans import services

    kept, dropped = ObjectiveFactory(code="OS1"), ObjectiveFactory(code="OS2")
    plan = PlanFactory(status=ActionPlan.Status.DRAFT, objectives=[kept, dropped])
    ActionFactory(plan=plan, code="A1", objective=kept)
    ActionFactory(plan=plan, code="A2", objective=dropped)
    plan.objectives.remove(dropped)  # as a change made outside the services would

    with pytest.raises(ValidationError) as error:
        services.approve_plan(plan, acting_user=EditorFactory())

    assert "A2" in " ".join(error.value.messages)
    assert not plan.versions.exists()


def test_an_action_whose_plan_was_closed_while_editing_shows_the_refusal(client, monkeypatch):
    from actionplans import forms

    editor = EditorFactory()
    client.force_login(editor)
    action = ActionFactory(title="Titre d’origine")
    checked = forms.ActionForm.clean

    def closed_meanwhile(form):
        ActionPlan.objects.filter(pk=action.plan_id).update(status=ActionPlan.Status.CLOSED)
        return checked(form)

    monkeypatch.setattr(forms.ActionForm, "clean", closed_meanwhile)

    response = client.post(
        reverse("actionplans:action_edit", args=[action.pk]),
        action_data(action.plan, action.responsible, code=action.code, title="Titre tapé"),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "ne peut plus être modifié" in body and "Titre tapé" in body
    action.refresh_from_db()
    assert action.title == "Titre d’origine"
