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

# Fixed, whatever the number of actions or organisations: the plan's own 15 (18 for the first
# view after a change of the plan, which also reads and draws it; later views read the drawing
# from the cache: test_the_charts_are_drawn_once_...), and the indicators apps above add (the
# integrity app's four: 5 queries), and the survey trends, read outside the drawing: one query
# for the actions a survey question measures (two more, for their waves, only when there are
# some: tests/actionplans/test_survey_indicator.py).
ADDED_INDICATORS_QUERIES = 5
SURVEY_TRENDS_QUERIES = 1
DASHBOARD_MAX_QUERIES = 15 + ADDED_INDICATORS_QUERIES + SURVEY_TRENDS_QUERIES
DRAWING_MAX_QUERIES = 18 + ADDED_INDICATORS_QUERIES + SURVEY_TRENDS_QUERIES
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

    with django_assert_max_num_queries(DRAWING_MAX_QUERIES):
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


# --- A plan of many actions: summarised, listed by pages ----------------------------------


@pytest.fixture
def large_plan():
    """30 actions over two objectives: A01-A12 overdue, the others on track."""
    first = ObjectiveFactory(code="OS1", title="Transparence")
    second = ObjectiveFactory(code="OS2", title="Automatisation")
    plan = PlanFactory(objectives=[first, second], period_start=date(2026, 1, 1))
    with time_machine.travel(TODAY, tick=False):
        for n in range(1, 31):
            late = n <= 12
            ActionFactory(
                plan=plan,
                objective=first if n % 2 else second,
                code=f"A{n:02d}",
                title=f"Action numéro {n}",
                start_date=date(2026, 1, 1),
                due_date=date(2026, 5, 1) if late else date(2026, 12, 1),
            )
    return plan


def dashboard_at(client, plan, query=""):
    client.force_login(OfficerFactory())
    url = reverse("actionplans:plan_dashboard", args=[plan.pk]) + query
    with time_machine.travel(TODAY, tick=False):
        return client.get(url).content.decode()


def list_section(body):
    return body[body.index('id="actions-title"') : body.index('id="meeting-commitments-title"')]


def test_the_timeline_draws_one_bar_per_objective_not_per_action(client, large_plan):
    body = dashboard_at(client, large_plan)
    section = body[body.index('id="timeline-title"') : body.index('id="actions-title"')]

    assert section.count('class="gantt-bar ') == 2
    assert 'class="gantt-bar health-overdue"' in section  # each objective has late actions
    assert "OS1 – Transparence" in section and "15 actions" in section


def test_the_actions_are_listed_by_pages_of_25_with_their_health(client, large_plan):
    first = list_section(dashboard_at(client, large_plan))
    second = list_section(dashboard_at(client, large_plan, "?page=2"))

    assert "A01" in first and "A25" in first and "A26" not in first
    assert "A26" in second and "A30" in second and "A01" not in second
    assert "?page=2" in first  # the link to the next page
    assert first.count("<tr>") == 25 + 1  # and the heading row


def test_the_list_of_actions_is_searched_and_filtered(client, large_plan):
    found = list_section(dashboard_at(client, large_plan, "?q=num%C3%A9ro+7"))
    overdue = list_section(dashboard_at(client, large_plan, "?health=overdue"))
    objective = large_plan.objectives.get(code="OS2")
    of_objective = list_section(dashboard_at(client, large_plan, f"?objective={objective.pk}"))

    assert "A07" in found and "A17" not in found and "A08" not in found
    assert "A12" in overdue and "A13" not in overdue and overdue.count("<tr>") == 12 + 1
    assert "A02" in of_objective and "A01" not in of_objective


def test_the_overdue_list_shows_the_most_late_and_links_to_all_of_them(client, large_plan):
    body = dashboard_at(client, large_plan)
    overdue = body[body.index('id="overdue-title"') : body.index('id="risk-title"')]

    assert overdue.count("<li") == 5
    assert "?health=overdue" in overdue and "12" in overdue


# --- Drawn once per change ---------------------------------------------------------------


@pytest.mark.redis
def test_the_charts_are_drawn_once_and_a_progress_report_shows_on_the_next_view(
    client, redis_cache, plan, django_assert_max_num_queries
):
    client.force_login(OfficerFactory())
    url = reverse("actionplans:plan_dashboard", args=[plan.pk])

    with time_machine.travel(TODAY, tick=False):
        with django_assert_max_num_queries(100) as queries:
            first = client.get(url).content.decode()
        drawing = len(queries)  # read now: the next request empties the log
        with django_assert_max_num_queries(100) as queries:
            again = client.get(url).content.decode()
        kept = len(queries)
        # Reported through the service, as an officer does.
        at_risk = Action.objects.get(code="A2")
        services.record_progress(
            at_risk,
            acting_user=at_risk.responsible,
            date=date(2026, 5, 30),
            percent=90,
            narrative="Presque fini.",
        )
        after = client.get(url).content.decode()

    assert kept < drawing  # the second view read the drawing, did not redo it

    def charts(body):
        return body[body.index('id="health-title"') : body.index('id="coverage-title"')]

    assert charts(again) == charts(first)
    assert "55 %" in first  # (10 + 100) / 2 for the automation objective
    assert "95 %" in after and "55 %" not in after  # (90 + 100) / 2
    risk = after[after.index('id="risk-title"') : after.index('id="objective-title"')]
    assert "Menacée" not in risk
