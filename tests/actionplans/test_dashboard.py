"""The plan dashboard: health, progress by objective and factor, map coverage, timeline."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from actionplans import services
from actionplans.models import Action
from stakeholders.models import Category
from tests.actionplans.factories import ActionFactory, ObjectiveFactory, PlanFactory
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.meetings.factories import CommitmentFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

# Fixed, whatever the number of actions or organisations.
DASHBOARD_MAX_QUERIES = 15
TODAY = datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Africa/Bamako"))


@pytest.fixture
def plan():
    transparency = ObjectiveFactory(code="OS1", title="Transparence", factors=["transparency"])
    automation = ObjectiveFactory(code="OS2", title="Automatisation", factors=["automation"])
    plan = PlanFactory(objectives=[transparency, automation], period_start=date(2026, 1, 1))
    with time_machine.travel(TODAY, tick=False):
        overdue = ActionFactory(
            plan=plan,
            objective=transparency,
            code="A1",
            title="En retard",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 5, 1),
        )
        at_risk = ActionFactory(
            plan=plan,
            objective=automation,
            code="A2",
            title="Menacée",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 7, 1),
            target_categories=[Category.BROKER],
        )
        done = ActionFactory(
            plan=plan,
            objective=automation,
            code="A3",
            title="Terminée",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 7, 1),
            target_quadrants=["keep_satisfied"],
        )
        services.record_progress(
            done, acting_user=done.responsible, date=date(2026, 5, 1), percent=100, narrative="x"
        )
        services.record_progress(
            overdue,
            acting_user=overdue.responsible,
            date=date(2026, 4, 1),
            percent=50,
            narrative="x",
        )
        services.record_progress(
            at_risk,
            acting_user=at_risk.responsible,
            date=date(2026, 4, 1),
            percent=10,
            narrative="x",
        )
    return plan


def dashboard(client, plan):
    client.force_login(OfficerFactory())
    with time_machine.travel(TODAY, tick=False):
        return client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()


def test_dashboard_counts_actions_by_health_and_lists_overdue_and_at_risk(client, plan):
    body = dashboard(client, plan)

    overdue = body.index('id="overdue-title"')
    at_risk = body.index('id="risk-title"')
    assert body.index("En retard", overdue) < at_risk
    assert "Menacée" in body[at_risk : body.index('id="objective-title"')]
    assert "Terminée" not in body[overdue : body.index('id="objective-title"')]


def test_dashboard_shows_progress_by_objective_and_by_integrity_factor(client, plan):
    body = dashboard(client, plan)

    assert "OS2 – Automatisation" in body
    assert "55 %" in body  # (10 + 100) / 2 for the automation objective
    assert "Transparence" in body and "Automatisation" in body


def test_dashboard_lists_high_influence_organisations_no_action_addresses(client, plan):
    partner = AssessmentFactory(organization__name="Partenaire associé").organization
    Action.objects.get(code="A1").partners.add(partner)
    AssessmentFactory(
        organization__name="Commissionnaire couvert", organization__category=Category.BROKER
    )
    AssessmentFactory(
        organization__name="Banque à satisfaire",
        organization__category=Category.BANK,
        influence=5,
        interest=1,
    )
    AssessmentFactory(
        organization__name="Transporteur oublié", organization__category=Category.TRANSPORT
    )
    AssessmentFactory(organization__name="Petit acteur", influence=1, interest=1)
    late = AssessmentFactory(organization__name="Réévalué influent", influence=1, interest=1)
    AssessmentFactory(
        organization=late.organization,
        influence=5,
        interest=5,
        assessed_at=late.assessed_at.replace(year=late.assessed_at.year + 1),
    )

    body = dashboard(client, plan)
    section = body[body.index('id="coverage-title"') : body.index('id="timeline-title"')]

    assert "Transporteur oublié" in section
    assert "Réévalué influent" in section  # its latest assessment counts
    for addressed in [
        "Partenaire associé",
        "Commissionnaire couvert",
        "Banque à satisfaire",
        "Petit acteur",
    ]:
        assert addressed not in section


def test_dashboard_lists_only_the_most_influential_unaddressed_organisations(
    client, plan, monkeypatch
):
    from actionplans import dashboard as panels

    monkeypatch.setattr(panels, "UNADDRESSED_SHOWN", 2)
    AssessmentFactory(organization__name="Très influent", influence=5, interest=5)
    for n in range(3):
        AssessmentFactory(organization__name=f"Influent {n}", influence=4, interest=5)

    body = dashboard(client, plan)
    section = body[body.index('id="coverage-title"') : body.index('id="timeline-title"')]

    assert "Très influent" in section and "Influent 0" in section
    assert "Influent 1" not in section and "Influent 2" not in section
    assert "?quadrant=manage_closely" in section


def test_dashboard_draws_the_timeline_as_svg_with_a_table(client, plan):
    body = dashboard(client, plan)
    section = body[body.index('id="timeline-title"') :]

    assert "<svg" in section and 'class="gantt-bar health-overdue"' in section
    assert "<table" in section and "A1" in section and "A2" in section and "A3" in section
    assert "chart-today" in section


def test_dashboard_shows_the_share_on_track_with_its_trend(client, plan):
    body = dashboard(client, plan)

    assert "Part des engagements en bonne voie" in body


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_query_count_does_not_grow_with_actions(
    client, django_assert_max_num_queries, count
):
    objectives = [ObjectiveFactory(factors=["transparency", "automation"]) for _ in range(3)]
    plan = PlanFactory(objectives=objectives)
    officer = OfficerFactory()
    for index in range(count):
        # Commitments named by their officer only, carried out by an action or not yet.
        commitment = CommitmentFactory(responsible="", responsible_user=officer)
        CommitmentFactory(responsible="", responsible_user=OfficerFactory())
        action = ActionFactory(
            plan=plan,
            objective=objectives[index % 3],
            partners=[AssessmentFactory().organization],
            target_categories=[Category.BROKER],
            commitment=commitment,
        )
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=action.start_date,
            percent=index % 100,
            narrative="x",
        )
    OrganizationFactory.create_batch(count)
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        response = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_plan_page_query_count_does_not_grow_with_actions(
    client, django_assert_max_num_queries, count
):
    plan = PlanFactory()
    for _ in range(count):
        ActionFactory(plan=plan, partners=[OrganizationFactory()])
    client.force_login(OfficerFactory())

    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        assert client.get(reverse("actionplans:plan_detail", args=[plan.pk])).status_code == 200


def test_officers_dashboard_lists_their_actions_needing_attention_first(client):
    officer = OfficerFactory()
    with time_machine.travel(TODAY, tick=False):
        ActionFactory(
            responsible=officer,
            title="Mon action en retard",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 5, 1),
        )
        ActionFactory(
            responsible=officer,
            title="Mon action à venir",
            start_date=date(2026, 7, 1),
            due_date=date(2026, 9, 1),
        )
        ActionFactory(title="Action d’un collègue")
        client.force_login(officer)
        body = client.get(reverse("dashboard")).content.decode()

    assert body.index("Mon action en retard") < body.index("Mon action à venir")
    assert "Action d’un collègue" not in body


def test_representatives_dashboard_has_no_action_plan_section(client):
    ActionFactory(title="Action interne à la douane")
    client.force_login(RepresentativeFactory())

    body = client.get(reverse("dashboard")).content.decode()

    assert 'id="my-actions-title"' not in body
