"""A commitment made at a meeting, carried out by an action: one concept across the portal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.dashboard import COMMITMENTS_SHOWN
from actionplans.health import Health
from actionplans.models import Action, ActionPlan
from meetings.models import Commitment, Meeting
from tests.actionplans.factories import ObjectiveFactory, PlanFactory
from tests.actionplans.test_dashboard import ADDED_INDICATORS_QUERIES, SURVEY_TRENDS_QUERIES
from tests.factories import (
    EditorFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.meetings.factories import CommitmentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def held_meeting(**kwargs):
    start = timezone.now() - timedelta(days=3)
    return MeetingFactory(
        start=start,
        end=start + timedelta(hours=2),
        status=Meeting.Status.HELD,
        minutes="Compte rendu.",
        **kwargs,
    )


@pytest.fixture
def commitment():
    return CommitmentFactory(
        meeting=held_meeting(title="Cadre de concertation"),
        description="Publier l'instruction sur le dédouanement\nAprès consultation.",
        organization=OrganizationFactory(name="CCIM"),
        due_date=timezone.localdate() + timedelta(days=60),
    )


def turn(commitment, plan=None, **kwargs):
    plan = plan or PlanFactory()
    kwargs.setdefault("objective", plan.objectives.first())
    kwargs.setdefault("code", "C1")
    kwargs.setdefault("acting_user", EditorFactory())
    return services.action_from_commitment(commitment, plan=plan, **kwargs)


def test_an_action_made_from_a_commitment_is_prefilled_and_linked(commitment):
    action = turn(commitment)

    action.refresh_from_db()
    assert action.commitment == commitment
    assert action.title == "Publier l'instruction sur le dédouanement"
    assert action.description == commitment.description
    assert action.due_date == commitment.due_date
    assert list(action.partners.all()) == [commitment.organization]
    assert action.status == Action.Status.NOT_STARTED
    assert action.history.first().history_user is not None


def test_a_commitments_customs_person_becomes_the_responsible_officer(commitment):
    officer = OfficerFactory()
    commitment.responsible_user = officer
    commitment.save()

    assert turn(commitment).responsible == officer


def test_a_commitment_is_turned_into_an_action_only_once(commitment):
    turn(commitment)

    with pytest.raises(ValidationError):
        turn(commitment, code="C2")
    assert Action.objects.filter(commitment=commitment).count() == 1


def test_a_dropped_commitment_is_not_turned_into_an_action(commitment):
    commitment.status = Commitment.Status.DROPPED
    commitment.save()

    with pytest.raises(ValidationError):
        turn(commitment)


def test_the_action_must_serve_one_of_the_plans_objectives(commitment):
    with pytest.raises(ValidationError) as error:
        turn(commitment, objective=ObjectiveFactory())

    assert "objective" in error.value.error_dict


def test_only_editors_turn_commitments_into_actions(commitment):
    with pytest.raises(PermissionDenied):
        turn(commitment, acting_user=OfficerFactory())


def test_the_commitments_status_follows_its_action(client, commitment):
    action = turn(commitment)
    services.record_progress(
        action,
        acting_user=action.responsible,
        date=timezone.localdate(),
        percent=100,
        narrative="Publiée.",
    )
    client.force_login(OfficerFactory())

    done = client.get(reverse("meetings:commitments"), {"status": "done"}).content.decode()
    still_open = client.get(reverse("meetings:commitments"), {"status": "open"}).content.decode()

    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN  # stored, but no longer read
    assert "Publier l&#x27;instruction" in done
    assert "Publier l&#x27;instruction" not in still_open


# --- Pages -----------------------------------------------------------------------------


def test_an_editor_turns_a_commitment_into_an_action_in_the_browser(client, commitment):
    plan = PlanFactory()
    client.force_login(EditorFactory())
    url = reverse("actionplans:action_from_commitment", args=[commitment.pk])

    form = client.get(url, {"plan": plan.pk})
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "objective": plan.objectives.first().pk,
            "code": "RC-1",
            "title": "Publier l'instruction",
            "responsible": form.context["form"].initial["responsible"],
            "start_date": timezone.localdate().isoformat(),
            "due_date": commitment.due_date.isoformat(),
            "visibility": Action.Visibility.PUBLIC,
        },
    )

    action = Action.objects.get(commitment=commitment)
    assert form.status_code == 200
    assert form.context["form"].initial["due_date"] == commitment.due_date
    assert response.status_code == 302
    assert response.url == reverse("actionplans:action_detail", args=[action.pk])
    assert action.code == "RC-1" and action.plan == plan


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, commitment):
    plan = PlanFactory()
    client.force_login(EditorFactory())

    response = client.post(
        reverse("actionplans:action_from_commitment", args=[commitment.pk]),
        {
            "plan": plan.pk,
            "objective": ObjectiveFactory().pk,
            "code": "RC-1",
            "title": "Mon titre",
            "responsible": OfficerFactory().pk,
            "start_date": "2026-05-01",
            "due_date": "2026-04-01",
            "visibility": "internal",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert not Action.objects.filter(commitment=commitment).exists()
    assert "Mon titre" in body
    assert set(response.context["form"].errors) == {"objective", "due_date"}


def test_a_commitment_already_carried_out_leads_to_its_action(client, commitment):
    action = turn(commitment)
    client.force_login(EditorFactory())

    response = client.get(reverse("actionplans:action_from_commitment", args=[commitment.pk]))

    assert response.status_code == 302
    assert response.url == reverse("actionplans:action_detail", args=[action.pk])


@pytest.mark.parametrize(
    "who, status",
    [
        (None, 302),  # visitor: sent to sign in
        (RepresentativeFactory, 404),
        (OfficerFactory, 404),
        (EditorFactory, 200),
    ],
)
def test_only_editors_reach_the_turn_into_an_action_page(client, commitment, who, status):
    if who:
        client.force_login(who())

    response = client.get(reverse("actionplans:action_from_commitment", args=[commitment.pk]))

    assert response.status_code == status
    assert not Action.objects.exists()


def test_the_meeting_page_shows_the_action_and_its_health(client, commitment):
    action = turn(commitment)
    Action.objects.filter(pk=action.pk).update(
        start_date=timezone.localdate() - timedelta(days=90),
        due_date=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(OfficerFactory())

    body = client.get(commitment.meeting.get_absolute_url()).content.decode()

    assert reverse("actionplans:action_detail", args=[action.pk]) in body
    assert f"health-{Health.OVERDUE}" in body
    assert "Turn into an action" not in body and "Transformer en action" not in body


def test_the_meeting_page_offers_editors_to_turn_a_free_commitment_into_an_action(
    client, commitment
):
    client.force_login(EditorFactory())

    body = client.get(commitment.meeting.get_absolute_url()).content.decode()

    assert reverse("actionplans:action_from_commitment", args=[commitment.pk]) in body


def test_partners_see_the_status_but_not_an_internal_action(client, commitment):
    action = turn(commitment, visibility=Action.Visibility.INTERNAL)
    client.force_login(RepresentativeFactory())

    body = client.get(commitment.meeting.get_absolute_url()).content.decode()

    assert "Publier l&#x27;instruction" in body
    assert action.code not in body
    assert reverse("actionplans:action_detail", args=[action.pk]) not in body


def test_partners_follow_a_public_action_to_the_commitments_board(client, commitment):
    action = turn(commitment, visibility=Action.Visibility.PUBLIC)
    client.force_login(RepresentativeFactory())

    body = client.get(commitment.meeting.get_absolute_url()).content.decode()

    assert reverse("actionplans:board_action", args=[action.pk]) in body


def test_the_action_page_shows_its_source_meeting(client, commitment):
    action = turn(commitment)
    client.force_login(OfficerFactory())

    body = client.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()

    assert commitment.meeting.get_absolute_url() in body
    assert "Cadre de concertation" in body


def test_the_commitment_form_hides_the_status_of_a_commitment_an_action_carries_out(
    client, commitment
):
    turn(commitment)
    client.force_login(OfficerFactory())

    response = client.get(reverse("meetings:commitment_edit", args=[commitment.pk]))

    assert "status" not in response.context["form"].fields


def test_the_action_form_offers_only_commitments_without_an_action(commitment):
    from actionplans.forms import ActionForm

    taken = CommitmentFactory(meeting=commitment.meeting)
    action = turn(taken)
    plan = action.plan

    offered = set(ActionForm(plan=plan).fields["commitment"].queryset)
    own = set(ActionForm(plan=plan, instance=action).fields["commitment"].queryset)

    assert commitment in offered and taken not in offered
    assert taken in own


# --- The plan dashboard ----------------------------------------------------------------


def test_the_dashboard_lists_the_plans_meeting_commitments_with_their_health(client, commitment):
    plan = PlanFactory()
    action = turn(commitment, plan=plan)
    free = CommitmentFactory(
        meeting=held_meeting(), description="Former les agents à la communication"
    )
    client.force_login(EditorFactory())

    body = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()

    assert reverse("actionplans:action_detail", args=[action.pk]) in body
    assert "Publier l&#x27;instruction" in body
    assert "Former les agents" in body  # not yet in a plan: shown to editors
    assert (
        reverse("actionplans:action_from_commitment", args=[free.pk]) + f"?plan={plan.pk}" in body
    )


def test_officers_do_not_get_the_turn_into_an_action_links(client, commitment):
    plan = PlanFactory()
    client.force_login(OfficerFactory())

    body = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()

    assert reverse("actionplans:action_from_commitment", args=[commitment.pk]) not in body


def test_the_plan_page_lists_commitments_not_yet_in_a_plan_for_editors(client, commitment):
    plan = PlanFactory()
    client.force_login(EditorFactory())

    body = client.get(reverse("actionplans:plan_detail", args=[plan.pk])).content.decode()

    assert reverse("actionplans:action_from_commitment", args=[commitment.pk]) in body


@pytest.mark.parametrize("count", [3, 30])
def test_the_dashboard_queries_do_not_grow_with_meeting_commitments(
    client, django_assert_max_num_queries, count
):
    plan = PlanFactory()
    editor = EditorFactory()
    meeting = held_meeting()
    for index in range(count):
        turn(
            CommitmentFactory(meeting=meeting),
            plan=plan,
            code=f"C{index}",
            acting_user=editor,
        )
        CommitmentFactory(meeting=meeting)
    client.force_login(editor)

    # A first view also reads and draws the plan; later ones read the drawing from the cache.
    # (19: an editor also reads the commitments no action carries out yet.)
    with django_assert_max_num_queries(19 + ADDED_INDICATORS_QUERIES + SURVEY_TRENDS_QUERIES):
        response = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk]))

    assert response.status_code == 200
    shown = response.context["meeting_commitments"]
    assert shown["count"] == count and len(shown["linked"]) == min(count, COMMITMENTS_SHOWN)


@pytest.mark.parametrize("count", [3, 30])
def test_the_meeting_page_queries_do_not_grow_with_commitments(
    client, django_assert_max_num_queries, count
):
    plan = PlanFactory()
    editor = EditorFactory()
    meeting = held_meeting()
    for index in range(count):
        turn(CommitmentFactory(meeting=meeting), plan=plan, code=f"C{index}", acting_user=editor)
    client.force_login(editor)

    with django_assert_max_num_queries(20):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_closed_plans_are_not_offered(commitment):
    from actionplans.forms import CommitmentActionForm

    closed = PlanFactory(status=ActionPlan.Status.CLOSED)

    assert closed not in CommitmentActionForm().fields["plan"].queryset


def test_dates_default_sensibly_without_a_due_date():
    commitment = CommitmentFactory(meeting=held_meeting(), due_date=None)
    plan = PlanFactory(period_start=date(2026, 1, 1), period_end=date(2027, 12, 31))

    action = turn(commitment, plan=plan)

    assert action.due_date == plan.period_end
    assert action.start_date <= action.due_date
