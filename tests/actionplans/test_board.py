"""The commitments board shows partners the public actions of active plans, and nothing else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

# Fixed, whatever the number of actions (session, user, groups, plans, actions, summary...).
BOARD_MAX_QUERIES = 8


@pytest.fixture
def plans():
    active = PlanFactory(title="Plan en vigueur", status=ActionPlan.Status.ACTIVE)
    ActionFactory(plan=active, code="P1", title="Engagement public visible")
    ActionFactory(
        plan=active,
        code="I1",
        title="Action interne confidentielle",
        visibility=Action.Visibility.INTERNAL,
    )
    ActionFactory(
        plan=active,
        code="P2",
        title="Autre engagement public",
        internal_notes="Note interne secrète",
    )
    draft = PlanFactory(title="Projet de plan", status=ActionPlan.Status.DRAFT)
    ActionFactory(plan=draft, code="D1", title="Action d’un projet")
    approved = PlanFactory(
        title="Plan approuvé pas encore en vigueur", status=ActionPlan.Status.APPROVED
    )
    ActionFactory(plan=approved, code="Q1", title="Action pas encore publiée")
    return active, draft


@pytest.mark.parametrize("who", ["visitor", "representative", "officer"])
def test_board_shows_only_public_actions_of_active_plans(client, plans, who):
    if who == "representative":
        client.force_login(RepresentativeFactory())
    elif who == "officer":
        client.force_login(OfficerFactory())

    body = client.get(reverse("actionplans:board")).content.decode()

    assert "Engagement public visible" in body and "Autre engagement public" in body
    for hidden in [
        "Action interne confidentielle",
        "Action d’un projet",
        "Projet de plan",
        "Action pas encore publiée",
        "Note interne secrète",
    ]:
        assert hidden not in body


def test_board_shows_what_was_committed_by_when_and_how_far(client, plans):
    action = Action.objects.get(code="P1")
    services.record_progress(
        action,
        acting_user=action.responsible,
        date=timezone.localdate(),
        percent=65,
        narrative="Texte interne",
    )

    body = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()

    assert "Engagement public visible" in body
    assert action.due_date.strftime("%d/%m/%Y") in body
    assert "65 %" in body
    assert "health-on_track" in body
    assert "Texte interne" not in body  # narratives are internal


def test_a_public_action_page_hides_internal_fields(client, plans):
    action = Action.objects.get(code="P2")
    action.target_quadrants = ["manage_closely"]
    action.save()

    body = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()

    assert "Note interne secrète" not in body
    assert "Gérer de près" not in body and "Manage closely" not in body  # the mapping is internal
    assert action.responsible.full_name not in body


@pytest.mark.parametrize("code", ["I1", "D1", "Q1"])
@pytest.mark.parametrize("who", ["visitor", "representative"])
def test_internal_or_unpublished_actions_answer_404(client, plans, code, who):
    if who == "representative":
        client.force_login(RepresentativeFactory())

    response = client.get(
        reverse("actionplans:board_action", args=[Action.objects.get(code=code).pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["visitor", "representative"])
def test_partners_cannot_reach_plans_or_internal_pages(client, plans, who):
    active, draft = plans
    if who == "representative":
        client.force_login(RepresentativeFactory())
    urls = [
        reverse("actionplans:plan_detail", args=[draft.pk]),
        reverse("actionplans:plan_detail", args=[active.pk]),
        reverse("actionplans:plan_dashboard", args=[active.pk]),
        reverse("actionplans:action_detail", args=[Action.objects.get(code="I1").pk]),
        reverse("actionplans:plan_export", args=[active.pk]),
    ]

    for url in urls:
        response = client.get(url)
        if who == "visitor":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404


def test_board_can_be_filtered_by_health_and_searched(client, plans):
    body = client.get(reverse("actionplans:board"), {"q": "autre"}).content.decode()
    assert "Autre engagement public" in body and "Engagement public visible" not in body

    body = client.get(reverse("actionplans:board"), {"health": "done"}).content.decode()
    assert "Autre engagement public" not in body


def test_partner_organisations_shown_are_only_those_partners_may_see(client, plans):
    action = Action.objects.get(code="P1")
    action.partners.set(
        [
            OrganizationFactory(name="Chambre vérifiée"),
            OrganizationFactory(name="Société non vérifiée", verified=False),
        ]
    )

    body = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()

    assert "Chambre vérifiée" in body and "Société non vérifiée" not in body


@pytest.mark.parametrize("count", [5, 50])
def test_board_query_count_does_not_grow_with_actions(client, django_assert_max_num_queries, count):
    plan = PlanFactory()
    for _ in range(count):
        ActionFactory(plan=plan, partners=[OrganizationFactory()])
    client.force_login(RepresentativeFactory())

    with django_assert_max_num_queries(BOARD_MAX_QUERIES):
        response = client.get(reverse("actionplans:board"))

    assert response.status_code == 200


def test_nav_shows_commitments_to_everyone_and_action_plans_to_officers(client):
    board = reverse("actionplans:board")
    plans = reverse("actionplans:plan_list")

    body = client.get(reverse("home")).content.decode()
    assert board in body and plans not in body

    client.force_login(RepresentativeFactory())
    body = client.get(reverse("home")).content.decode()
    assert board in body and plans not in body

    client.force_login(OfficerFactory())
    body = client.get(reverse("home")).content.decode()
    assert board in body and plans in body


def test_the_second_page_of_the_board_shows_its_actions_with_their_health(client):
    plan = PlanFactory(status=ActionPlan.Status.ACTIVE)
    for n in range(30):
        ActionFactory(plan=plan, code=f"B{n:02}", title=f"Engagement numéro {n:02}")

    body = client.get(reverse("actionplans:board"), {"page": 2}).content.decode()

    shown = [n for n in range(30) if f"Engagement numéro {n:02}" in body]
    assert len(shown) == 5
    assert body.count("health-badge") >= 5


def test_searching_the_board_keeps_every_plans_summary(client, plans):
    body = client.get(reverse("actionplans:board"), {"q": "autre"}).content.decode()

    # Two public commitments in the plan in force, though the search shows one.
    assert "2 engagements publics" in body
