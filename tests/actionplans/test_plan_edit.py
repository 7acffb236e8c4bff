"""The plan page: the plan and the key fields of its actions, edited in place and saved together."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
from tests.factories import CheckinStaffFactory, EditorFactory, OfficerFactory

pytestmark = pytest.mark.django_db

CHECKBOXES = ("checkbox", "checkboxselectmultiple")


def _value(value):
    if isinstance(value, list | tuple):
        return [str(getattr(item, "pk", item)) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(getattr(value, "pk", value))


def page_data(client, plan):
    """What the browser posts back when nothing on the page is changed."""
    response = client.get(reverse("actionplans:plan_edit", args=[plan.pk]))
    assert response.status_code == 200
    forms = [
        response.context["form"],
        response.context["actions"].management_form,
        *response.context["actions"].forms,
    ]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if bound.widget_type in CHECKBOXES and not value:
                continue  # an unticked box is not posted
            data[bound.html_name] = _value(value)
    return data


def save(client, plan, changes):
    data = page_data(client, plan)
    data.update(changes)
    return client.post(reverse("actionplans:plan_edit", args=[plan.pk]), data)


@pytest.fixture
def editor(client):
    editor = EditorFactory(full_name="Awa Sangaré")
    client.force_login(editor)
    return editor


def test_the_plan_page_shows_each_action_and_empty_rows_to_add_some(client, editor):
    plan = PlanFactory()
    ActionFactory(plan=plan, code="A1", title="Former les agents")

    body = client.get(reverse("actionplans:plan_edit", args=[plan.pk])).content.decode()

    assert 'value="Former les agents"' in body
    assert 'name="actions-0-due_date"' in body
    assert 'name="actions-3-code"' in body  # three empty rows after the one action
    assert 'name="actions-4-code"' not in body


def test_an_action_changed_on_the_plan_page_is_saved_with_who_changed_it(client, editor):
    plan = PlanFactory()
    action = ActionFactory(plan=plan, code="A1", title="Ancien titre")
    due = timezone.localdate() + timedelta(days=90)

    response = save(
        client,
        plan,
        {"actions-0-title": "Nouveau titre", "actions-0-due_date": due.isoformat()},
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert (action.title, action.due_date) == ("Nouveau titre", due)
    record = action.history.first()
    assert record.history_user == editor and record.title == "Nouveau titre"


def test_an_action_typed_in_an_empty_row_is_added_with_the_plans_unit(client, editor):
    plan = PlanFactory(owning_unit="Cellule des relations avec le secteur privé")
    officer = OfficerFactory()

    response = save(
        client,
        plan,
        {
            "actions-0-code": "N1",
            "actions-0-title": "Ouvrir un guichet d’information",
            "actions-0-objective": str(plan.objectives.first().pk),
            "actions-0-responsible": str(officer.pk),
            "actions-0-start_date": "2026-03-01",
            "actions-0-due_date": "2026-09-30",
        },
    )

    action = plan.actions.get()
    assert response.status_code == 302
    assert (action.code, action.responsible) == ("N1", officer)
    assert action.responsible_unit == "Cellule des relations avec le secteur privé"
    assert action.history.get().history_user == editor


def test_rows_left_as_they_were_are_not_saved_again(client, editor):
    plan = PlanFactory()
    action = ActionFactory(plan=plan)

    response = save(client, plan, {"title": "Plan renommé"})

    assert response.status_code == 302
    assert action.history.count() == 1
    plan.refresh_from_db()
    assert plan.title == "Plan renommé"


def test_a_bad_row_is_marked_on_its_row_and_nothing_is_saved(client, editor):
    plan = PlanFactory(title="Plan d’origine")
    ActionFactory(plan=plan, code="A1", title="Titre d’origine")

    response = save(
        client,
        plan,
        {
            "title": "Plan renommé",
            "actions-0-title": "Titre tapé",
            "actions-0-due_date": "2020-01-01",  # before its start
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["actions"].forms[0].errors.keys() == {"due_date"}
    assert "Titre tapé" in body and "Plan renommé" in body  # nothing typed is lost
    plan.refresh_from_db()
    assert plan.title == "Plan d’origine"
    assert plan.actions.get().title == "Titre d’origine"


def test_a_half_filled_empty_row_says_what_is_missing(client, editor):
    plan = PlanFactory()

    response = save(client, plan, {"actions-0-title": "Une action sans code"})

    assert response.status_code == 200
    errors = response.context["actions"].forms[0].errors
    assert {"code", "objective", "responsible", "start_date", "due_date"} <= errors.keys()
    assert "Une action sans code" in response.content.decode()
    assert not plan.actions.exists()


def test_two_rows_with_the_same_code_but_for_case_are_refused(client, editor):
    plan = PlanFactory()
    ActionFactory(plan=plan, code="A1")

    response = save(
        client,
        plan,
        {
            "actions-1-code": "a1",
            "actions-1-title": "Doublon",
            "actions-1-objective": str(plan.objectives.first().pk),
            "actions-1-responsible": str(OfficerFactory().pk),
            "actions-1-start_date": "2026-03-01",
            "actions-1-due_date": "2026-09-30",
        },
    )

    assert response.status_code == 200
    assert "code" in response.context["actions"].forms[1].errors
    assert plan.actions.count() == 1


def test_a_row_cannot_serve_an_objective_the_plan_does_not_serve(client, editor):
    plan = PlanFactory()
    ActionFactory(plan=plan)
    elsewhere = ObjectiveFactory()

    response = save(client, plan, {"actions-0-objective": str(elsewhere.pk)})

    assert response.status_code == 200
    assert "objective" in response.context["actions"].forms[0].errors
    assert plan.actions.get().objective != elsewhere


def test_actions_move_to_an_objective_ticked_in_the_same_save(client, editor):
    old, new = ObjectiveFactory(code="OS1"), ObjectiveFactory(code="OS2")
    plan = PlanFactory(objectives=[old])
    action = ActionFactory(plan=plan, objective=old)

    response = save(client, plan, {"objectives": [str(new.pk)], "actions-0-objective": str(new.pk)})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.objective == new
    assert list(plan.objectives.all()) == [new]


def test_dropping_an_objective_that_actions_serve_is_refused_naming_them(client, editor):
    kept, dropped = ObjectiveFactory(code="OS1"), ObjectiveFactory(code="OS2")
    plan = PlanFactory(objectives=[kept, dropped])
    ActionFactory(plan=plan, code="A7", objective=dropped)

    response = save(client, plan, {"objectives": [str(kept.pk)]})

    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["objectives"])
    assert "A7" in message and "OS2" in message
    assert set(plan.objectives.all()) == {kept, dropped}


def test_a_check_in_only_account_is_not_offered_as_responsible(client, editor):
    plan = PlanFactory()
    checkin = CheckinStaffFactory(full_name="Agent d’accueil")

    body = client.get(reverse("actionplans:plan_edit", args=[plan.pk])).content.decode()

    assert f'value="{checkin.pk}"' not in body


def test_the_plan_page_reads_its_choices_once_whatever_the_number_of_actions(
    client, editor, django_assert_max_num_queries
):
    plan = PlanFactory()
    for index in range(30):
        ActionFactory(plan=plan, code=f"A{index:02}")

    with django_assert_max_num_queries(20):
        response = client.get(reverse("actionplans:plan_edit", args=[plan.pk]))

    assert response.status_code == 200


def test_a_closed_plan_has_no_edit_page(client, editor):
    plan = PlanFactory(status=ActionPlan.Status.CLOSED)
    ActionFactory(plan=plan)

    assert client.get(reverse("actionplans:plan_edit", args=[plan.pk])).status_code == 404
    assert Action.objects.count() == 1
