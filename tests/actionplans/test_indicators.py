"""Engagement indicators per quarter (meetings, organisations, forums, consultations,
commitments on track), each with its trend against the previous quarter."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans import services
from actionplans.indicators import (
    Quarter,
    commitments_on_track,
    consultation_participation,
    engagement_indicators,
    forum_attendance,
    meetings_held,
    organisations_engaged,
)
from actionplans.models import ActionPlan
from consultations.models import Comment
from forums.models import Registration
from meetings.models import Commitment, InvitedOrganization, Meeting
from stakeholders.models import Assessment, Category
from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.consultations.factories import opened
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.forums.factories import ForumFactory
from tests.meetings.factories import CommitmentFactory, MeetingFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_quarters_know_their_dates_and_neighbours():
    q = Quarter.of(date(2026, 11, 28))

    assert (q.year, q.number) == (2026, 4)
    assert q.start == date(2026, 10, 1) and q.end == date(2026, 12, 31)
    assert q.previous() == Quarter(2026, 3) and q.next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


def progress(action, day, percent):
    import time_machine

    with time_machine.travel(day, tick=False):
        services.record_progress(
            action, acting_user=action.responsible, date=day, percent=percent, narrative="x"
        )


def test_share_on_track_is_judged_on_progress_reported_by_each_quarters_end():
    plan = PlanFactory()
    steady = ActionFactory(plan=plan, start_date=date(2026, 1, 1), due_date=date(2026, 12, 31))
    slipping = ActionFactory(plan=plan, start_date=date(2026, 1, 1), due_date=date(2026, 12, 31))
    progress(steady, date(2026, 3, 20), 25)
    progress(slipping, date(2026, 3, 20), 20)
    progress(steady, date(2026, 6, 20), 50)  # slipping stays at 20 % while half the year passes

    indicator = commitments_on_track(Quarter(2026, 2), today=date(2026, 7, 15))

    assert indicator.previous == 100.0  # end of March: both on track
    assert indicator.value == 50.0  # end of June: slipping is at risk
    assert indicator.trend == -50.0 and indicator.direction == "down"


def test_actions_done_before_the_quarter_and_draft_plans_do_not_count():
    finished = ActionFactory(start_date=date(2026, 1, 1), due_date=date(2026, 3, 1))
    progress(finished, date(2026, 2, 20), 100)
    ActionFactory(
        plan__status=ActionPlan.Status.DRAFT, start_date=date(2026, 1, 1), due_date=date(2026, 5, 1)
    )
    late = ActionFactory(start_date=date(2026, 1, 1), due_date=date(2026, 5, 1))

    indicator = commitments_on_track(Quarter(2026, 2), today=date(2026, 7, 15))

    assert indicator.value == 0.0  # only `late` counts, and it is overdue
    assert "0 sur 1" in str(indicator.detail) or "0 of 1" in str(indicator.detail)
    del late


def test_a_future_quarter_has_no_value():
    ActionFactory(start_date=date(2026, 1, 1), due_date=date(2026, 12, 31))

    assert commitments_on_track(Quarter(2027, 1), today=date(2026, 7, 15)).value is None


def test_engagement_indicators_include_the_share_on_track():
    keys = [indicator.key for indicator in engagement_indicators(today=date(2026, 7, 15))]

    assert "commitments_on_track" in keys


# --- The cross-app indicators, on hand-built data across two quarters -------------------
# Q1 2026 (January to March) is the previous quarter of Q2 2026 (April to June), judged on
# 15 July 2026.


BAMAKO = ZoneInfo("Africa/Bamako")
Q2 = Quarter(2026, 2)
JULY = date(2026, 7, 15)
_codes = itertools.count(1)


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=BAMAKO)


def held(when, **kwargs):
    kwargs.setdefault("status", Meeting.Status.HELD)
    return MeetingFactory(start=when, end=when + timedelta(hours=2), **kwargs)


def registration(forum, status, organization=None):
    return Registration.objects.create(
        forum=forum,
        guest_name=f"Invité {next(_codes)}",
        organization=organization,
        status=status,
        arrival=next(_codes),
        code=f"T{next(_codes):07d}",
    )


def forum_on(when, confirmed=0, attended=0, organization=None, **kwargs):
    forum = ForumFactory(
        start=when,
        registration_opens_at=when - timedelta(days=30),
        registration_closes_at=when - timedelta(days=1),
        **kwargs,
    )
    for _ in range(confirmed):
        registration(forum, Registration.Status.CONFIRMED)
    for index in range(attended):
        registration(forum, Registration.Status.ATTENDED, organization if index == 0 else None)
    registration(forum, Registration.Status.CANCELLED)
    registration(forum, Registration.Status.WAITING)
    return forum


def comment(consultation, when, organization=None, **kwargs):
    return Comment.objects.create(
        consultation=consultation,
        version=consultation.latest_version(),
        author=RepresentativeFactory(),
        organization=organization,
        body="Observation.",
        created_at=when,
        **kwargs,
    )


def test_meetings_held_counts_held_meetings_and_past_occurrences_of_series():
    held(at(2026, 2, 10))
    held(at(2026, 4, 8))
    held(at(2026, 5, 20))
    held(at(2026, 5, 21), status=Meeting.Status.CANCELLED)
    held(at(2026, 5, 22), status=Meeting.Status.SCHEDULED)  # never marked held
    MeetingFactory(
        start=at(2026, 4, 10),
        end=at(2026, 4, 10, 12),
        recurrence=Meeting.Recurrence.MONTHLY,
        recurrence_count=3,
    )

    indicator = meetings_held(Q2, today=JULY)

    assert (indicator.value, indicator.previous) == (5, 1)
    assert indicator.trend == 4 and indicator.direction == "up"
    assert "3" in str(indicator.detail)


def test_meetings_held_this_quarter_counts_only_those_already_over():
    MeetingFactory(
        start=at(2026, 4, 10),
        end=at(2026, 4, 10, 12),
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=20,
    )

    indicator = meetings_held(Q2, today=date(2026, 4, 20), now=at(2026, 4, 20))

    assert indicator.value == 2  # 10 and 17 April


@pytest.fixture
def engagement():
    """Who took part in what, in Q1 and Q2 2026."""
    chamber = OrganizationFactory(name="CCIM", category=Category.CHAMBER)
    AssessmentFactory(organization=chamber, influence=4, interest=4)  # manage closely
    bank = OrganizationFactory(name="BDM", category=Category.BANK)  # not assessed
    trader = OrganizationFactory(name="Négoce", category=Category.TRADER)
    AssessmentFactory(organization=trader, influence=1, interest=1)  # monitor
    broker = OrganizationFactory(name="Transit", category=Category.BROKER)
    absent = OrganizationFactory(name="Absente", category=Category.BROKER)

    meeting = held(at(2026, 5, 5))
    InvitedOrganization.objects.create(meeting=meeting, organization=chamber, attended=True)
    InvitedOrganization.objects.create(meeting=meeting, organization=absent, attended=False)
    forum_on(at(2026, 5, 12), confirmed=1, attended=3, organization=bank)
    forum_on(at(2026, 2, 12), confirmed=1, attended=1)
    consultation = opened(now=at(2026, 3, 15), closes_in=timedelta(days=46))
    comment(consultation, at(2026, 3, 20), trader)
    comment(consultation, at(2026, 3, 21), chamber)
    comment(consultation, at(2026, 4, 10), broker)
    comment(consultation, at(2026, 4, 11))  # in a personal capacity
    comment(consultation, at(2026, 4, 12), absent, withdrawn_at=at(2026, 4, 13))
    return {"chamber": chamber, "bank": bank, "trader": trader, "broker": broker}


def test_organisations_engaged_counts_each_organisation_once_per_quarter(engagement):
    indicator = organisations_engaged(Q2, today=JULY)

    # Q2: the chamber (meeting), the bank (forum), the broker (comment); Q1: trader, chamber.
    assert (indicator.value, indicator.previous) == (3, 2)
    assert indicator.trend == 1


def test_organisations_engaged_are_broken_down_by_category_and_quadrant(engagement):
    indicator = organisations_engaged(Q2, today=JULY)

    (_title, by_category), (_title2, by_quadrant) = indicator.breakdowns
    categories = {part.label: (part.value, part.previous) for part in by_category}
    quadrants = {part.label: (part.value, part.previous) for part in by_quadrant}
    assert categories == {
        str(Category.CHAMBER.label): (1, 1),
        str(Category.BANK.label): (1, 0),
        str(Category.TRADER.label): (0, 1),
        str(Category.BROKER.label): (1, 0),
    }
    assert quadrants[str(Assessment.Quadrant.MANAGE_CLOSELY.label)] == (1, 1)
    assert sorted(quadrants.values()) == [(0, 1), (1, 1), (2, 0)]


def test_forum_attendance_rate_is_checked_in_over_confirmed(engagement):
    indicator = forum_attendance(Q2, today=JULY)

    assert (indicator.value, indicator.previous) == (75.0, 50.0)
    assert indicator.trend == 25.0 and indicator.unit == "%"


def test_a_forum_not_yet_over_does_not_count(engagement):
    forum_on(at(2026, 6, 30), confirmed=5)

    assert forum_attendance(Q2, today=date(2026, 6, 20), now=at(2026, 6, 20)).value == 75.0


def test_consultation_participation_counts_commenting_organisations(engagement):
    indicator = consultation_participation(Q2, today=JULY)

    # Q2: the broker, plus a personal comment (no organisation); the withdrawn one is not.
    assert (indicator.value, indicator.previous) == (1, 2)
    assert indicator.trend == -1 and indicator.direction == "down"
    assert "2" in str(indicator.detail)


def test_meeting_commitments_without_an_action_count_in_the_share_on_track():
    with time_machine.travel(at(2026, 2, 1), tick=False):
        late = CommitmentFactory(meeting=held(at(2026, 1, 30)), due_date=date(2026, 5, 1))
        kept = CommitmentFactory(meeting=late.meeting, due_date=date(2026, 5, 1))
        finished = CommitmentFactory(meeting=late.meeting, due_date=date(2026, 3, 1))
    with time_machine.travel(at(2026, 2, 20), tick=False):
        finished.status = Commitment.Status.DONE
        finished.save()
    with time_machine.travel(at(2026, 4, 20), tick=False):
        kept.status = Commitment.Status.DONE
        kept.save()

    indicator = commitments_on_track(Q2, today=JULY)

    # Q1: all three on track. Q2: `finished` was done before it began; `kept` done; `late`
    # overdue.
    assert (indicator.value, indicator.previous) == (50.0, 100.0)


def test_a_commitment_carried_out_by_an_action_counts_once_as_that_action():
    with time_machine.travel(at(2026, 2, 1), tick=False):
        commitment = CommitmentFactory(meeting=held(at(2026, 1, 30)), due_date=None)
    ActionFactory(commitment=commitment, start_date=date(2026, 1, 1), due_date=date(2026, 12, 31))

    indicator = commitments_on_track(Q2, today=JULY)

    # Judged as its action (due at the end of the year, nothing reported: at risk by the end
    # of June), not on its own (no due date: it would be on track), and counted once.
    assert "1" in str(indicator.detail)
    assert indicator.value == 0.0


def test_engagement_indicators_list_every_indicator():
    keys = [indicator.key for indicator in engagement_indicators(Q2, today=JULY)]

    # Action plans' own, then those the apps above register (actionplans.indicators.register).
    assert keys[:5] == [
        "meetings_held",
        "organisations_engaged",
        "forum_attendance",
        "consultation_participation",
        "commitments_on_track",
    ]
    assert {
        "register_on_time",
        "gift_declarations",
        "integrity_acknowledged_on_time",
        "integrity_closed_on_time",
    } <= set(keys[5:])


def make_activity(count):
    """`count` of everything in each quarter."""
    organisations = [OrganizationFactory() for _ in range(count)]
    for org in organisations:
        AssessmentFactory(organization=org)
    for quarter_start in (at(2026, 2, 2), at(2026, 5, 4)):
        for index, org in enumerate(organisations):
            meeting = held(quarter_start + timedelta(days=index % 20))
            InvitedOrganization.objects.create(meeting=meeting, organization=org, attended=True)
            with time_machine.travel(quarter_start, tick=False):
                CommitmentFactory(meeting=meeting, due_date=JULY)
        forum_on(quarter_start, confirmed=count, attended=count, organization=organisations[0])
        consultation = opened(now=quarter_start, closes_in=timedelta(days=31))
        for org in organisations:
            comment(consultation, quarter_start + timedelta(days=1), org)
    ActionFactory.create_batch(count, start_date=date(2026, 1, 1), due_date=date(2026, 12, 31))


def test_indicators_make_the_same_number_of_queries_whatever_the_data():
    counts = []
    for batch in (2, 8):
        make_activity(batch)
        with CaptureQueriesContext(connection) as captured:
            engagement_indicators(Q2, today=JULY)
        counts.append(len(captured))

    # Action plans' own make 11; the integrity app's: the register 1, the declarations 1, the
    # complaints 2 each (acknowledged, closed on time).
    assert counts[0] == counts[1] <= 17


def test_the_officers_dashboard_shows_the_indicators_with_their_breakdown(client, engagement):
    client.force_login(OfficerFactory())

    with time_machine.travel(at(2026, 7, 15), tick=False):
        body = client.get(reverse("dashboard")).content.decode()

    assert "Organisations engagées" in body or "Organisations engaged" in body
    assert "CCIM" not in body  # counts, not names
    assert "<details>" in body
