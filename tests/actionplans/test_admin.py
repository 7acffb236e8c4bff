"""The administration site: editors edit there too, through the same services as the portal
(closed plans read-only, alignment kept, history recorded); approving there freezes a version."""

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan, StrategicObjective
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
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


def admin_data(client, url):
    """What the admin's change (or add) page posts back when nothing is changed."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if bound.widget_type in ("checkbox", "selectmultiple", "filteredselectmultiple"):
                if not value:
                    continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
            elif hasattr(value, "isoformat"):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = "" if value is None else str(getattr(value, "pk", value))
    return data


def test_a_closed_plan_is_read_only_in_the_admin(client, staff_editor):
    plan = PlanFactory(status=ActionPlan.Status.CLOSED, title="Plan clôturé")
    ActionFactory(plan=plan)
    url = reverse("admin:actionplans_actionplan_change", args=[plan.pk])

    page = client.get(url)
    response = client.post(url, {"title": "Changé dans l’administration"})

    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Plan clôturé"


def test_an_action_of_a_closed_plan_is_read_only_in_the_admin(client, staff_editor):
    action = ActionFactory(plan=PlanFactory(status=ActionPlan.Status.CLOSED), title="Fixé")
    url = reverse("admin:actionplans_action_change", args=[action.pk])

    response = client.post(url, {"title": "Changé"})

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Fixé"


def test_the_admin_offers_no_closed_plan_for_a_new_action(client, staff_editor):
    open_plan = PlanFactory()
    closed = PlanFactory(status=ActionPlan.Status.CLOSED)

    form = client.get(reverse("admin:actionplans_action_add")).context["adminform"].form

    plans = set(form.fields["plan"].queryset)
    assert open_plan in plans and closed not in plans


def test_a_plan_saved_in_the_admin_goes_through_the_services_with_its_actions(client, staff_editor):
    action = ActionFactory(title="Ancien titre")
    url = reverse("admin:actionplans_actionplan_change", args=[action.plan.pk])
    data = admin_data(client, url)
    data.update({"title": "Plan revu", "actions-0-title": "Nouveau titre"})

    response = client.post(url, data)

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Nouveau titre"
    assert action.history.first().history_user == staff_editor
    assert action.plan.history.first().history_user == staff_editor


def test_the_admin_refuses_to_drop_an_objective_an_action_serves(client, staff_editor):
    kept, dropped = ObjectiveFactory(code="OS1"), ObjectiveFactory(code="OS2")
    plan = PlanFactory(objectives=[kept, dropped])
    ActionFactory(plan=plan, objective=dropped)
    url = reverse("admin:actionplans_actionplan_change", args=[plan.pk])
    data = admin_data(client, url)
    data["objectives"] = [str(kept.pk)]

    response = client.post(url, data)

    assert response.status_code == 200
    assert set(plan.objectives.all()) == {kept, dropped}


def test_a_new_plan_with_an_inline_action_outside_its_objectives_is_refused(client, staff_editor):
    chosen, other = ObjectiveFactory(), ObjectiveFactory()
    url = reverse("admin:actionplans_actionplan_add")
    data = admin_data(client, url)
    data.update(
        {
            "title": "Plan 2028",
            "period_start": "2028-01-01",
            "period_end": "2028-12-31",
            "owning_unit": "Cellule secteur privé",
            "objectives": [str(chosen.pk)],
            "actions-TOTAL_FORMS": "1",
            "actions-0-code": "A1",
            "actions-0-title": "Action hors stratégie",
            "actions-0-objective": str(other.pk),
            "actions-0-responsible": str(staff_editor.pk),
            "actions-0-start_date": "2028-01-01",
            "actions-0-due_date": "2028-06-30",
            "actions-0-status": Action.Status.NOT_STARTED,
            "actions-0-visibility": Action.Visibility.PUBLIC,
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "objective" in response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert not ActionPlan.objects.filter(title="Plan 2028").exists()


def test_an_objective_saved_in_the_admin_records_who_saved_it(client, staff_editor):
    url = reverse("admin:actionplans_strategicobjective_add")

    response = client.post(
        url,
        {
            "code": "OS9",
            "title": "Renforcer le dialogue",
            "period_start": "2026-01-01",
            "period_end": "2030-12-31",
        },
    )

    assert response.status_code == 302
    objective = StrategicObjective.objects.get(code="OS9")
    assert objective.history.get().history_user == staff_editor
