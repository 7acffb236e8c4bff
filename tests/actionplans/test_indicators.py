"""The share of commitments on track per quarter, with its trend."""

from datetime import date

import pytest

from actionplans import services
from actionplans.indicators import Quarter, commitments_on_track, engagement_indicators
from actionplans.models import ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory

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
