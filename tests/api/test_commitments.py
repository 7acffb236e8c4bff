"""The commitments board through /api/v1/commitments/: the board page's public actions of
active plans, with progress and health, its filters and order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actionplans import services
from actionplans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.api.conditional import assert_change_renews_the_etag
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/commitments/"


def codes(response):
    assert response.status_code == 200, response.content
    return [action["code"] for action in response.json()["results"]]


def test_the_public_actions_of_active_plans_with_their_progress(client):
    plan = PlanFactory(title="Plan A")
    partner = OrganizationFactory(name="Chambre de commerce", verified=True)
    shown = ActionFactory(plan=plan, code="A1", partners=[partner])
    ActionFactory(plan=plan, code="INTERNE", visibility=Action.Visibility.INTERNAL)
    ActionFactory(plan=PlanFactory(status=ActionPlan.Status.DRAFT), code="BROUILLON")
    services.record_progress(
        shown,
        acting_user=shown.responsible,
        date=timezone.localdate(),
        percent=20,
        narrative="Formation des agents tenue",
    )

    answer = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert codes(answer) == ["A1"]
    (row,) = answer.json()["results"]
    assert (row["progress"], row["plan"], row["health"]) == (20, "Plan A", "at_risk")
    assert row["health_label"] == "at risk"
    assert row["last_update_date"] == timezone.localdate().isoformat()
    assert row["url"] == f"http://testserver/commitments/{shown.pk}/"
    detail = client.get(f"{LIST}{shown.pk}/").json()
    assert detail["progress"] == 20 and detail["health"] == "at_risk"
    for hidden in Action.objects.exclude(pk=shown.pk):
        assert client.get(f"{LIST}{hidden.pk}/").status_code == 404


def test_the_boards_filters_and_order_apply(client):
    plan_a, plan_b = PlanFactory(title="Plan A"), PlanFactory(title="Plan B")
    today = timezone.localdate()
    ActionFactory(plan=plan_b, code="B1", title="Guichet unique")
    ActionFactory(plan=plan_a, code="A2", due_date=today + timedelta(days=90))
    ActionFactory(plan=plan_a, code="A1", due_date=today + timedelta(days=30))
    ActionFactory(
        plan=plan_a,
        code="A0",
        start_date=today - timedelta(days=100),
        due_date=today - timedelta(days=1),
    )

    assert codes(client.get(LIST)) == ["A0", "A1", "A2", "B1"]
    assert codes(client.get(LIST, {"plan": plan_b.pk})) == ["B1"]
    assert codes(client.get(LIST, {"q": "guichet"})) == ["B1"]
    assert codes(client.get(LIST, {"health": "overdue"})) == ["A0"]
    assert codes(client.get(LIST, {"page_size": 2, "page": 2})) == ["A2", "B1"]
    assert client.get(LIST, {"health": "splendid"}).status_code == 400
    closed = PlanFactory(status=ActionPlan.Status.CLOSED)
    assert client.get(LIST, {"plan": closed.pk}).status_code == 400


def test_reported_progress_renews_the_etag(client):
    action = ActionFactory(code="A1")

    def change():
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=timezone.localdate(),
            percent=70,
            narrative="Avancée",
        )

    assert_change_renews_the_etag(
        client, LIST, change, shows=lambda body: body["results"][0]["progress"] == 70
    )
