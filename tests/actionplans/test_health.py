"""Health derivation at its boundaries, judged on a frozen clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from actionplans import services
from actionplans.health import AT_RISK_MARGIN, Health, health_of
from actionplans.models import Action
from tests.actionplans.factories import ActionFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 1)
DUE = date(2026, 4, 11)  # 100 days after the start: one day is one point of elapsed time
BAMAKO = ZoneInfo("Africa/Bamako")


def frozen(day, hour=12):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=BAMAKO), tick=False
    )


def health(percent, today, status=Action.Status.IN_PROGRESS):
    return health_of(status=status, percent=percent, start=START, due=DUE, today=today)


def test_margin_is_twenty_points():
    assert AT_RISK_MARGIN == 20


def test_half_way_with_progress_exactly_margin_behind_is_on_track():
    assert health(30, date(2026, 2, 20)) == Health.ON_TRACK  # 50 % elapsed, 30 % done


def test_half_way_with_progress_one_point_beyond_the_margin_is_at_risk():
    assert health(29, date(2026, 2, 20)) == Health.AT_RISK


def test_on_the_due_date_eighty_percent_is_on_track_and_seventy_nine_at_risk():
    assert health(80, DUE) == Health.ON_TRACK
    assert health(79, DUE) == Health.AT_RISK


def test_the_day_after_the_due_date_an_unfinished_action_is_overdue():
    assert health(99, date(2026, 4, 12)) == Health.OVERDUE


def test_past_due_but_complete_is_done_not_overdue():
    assert health(100, date(2026, 6, 1)) == Health.DONE
    assert health(40, date(2026, 6, 1), status=Action.Status.DONE) == Health.DONE


def test_no_progress_before_the_margin_is_reached_is_not_started():
    assert health(0, START) == Health.NOT_STARTED
    assert health(0, date(2026, 1, 21)) == Health.NOT_STARTED  # 20 % elapsed: not beyond


def test_no_progress_beyond_the_margin_is_at_risk():
    assert health(0, date(2026, 1, 22)) == Health.AT_RISK  # 21 % elapsed


def test_some_progress_within_the_margin_is_on_track():
    assert health(1, date(2026, 1, 10)) == Health.ON_TRACK


def test_a_cancelled_action_has_no_health():
    assert health(50, date(2026, 2, 1), status=Action.Status.CANCELLED) is None


def test_a_postponed_action_follows_its_dates():
    assert health(10, date(2026, 5, 1), status=Action.Status.POSTPONED) == Health.OVERDUE


def test_a_one_day_action_is_not_started_on_its_day_and_overdue_the_next():
    assert health_of(status="not_started", percent=0, start=START, due=START, today=START) == (
        Health.NOT_STARTED
    )
    assert (
        health_of(status="not_started", percent=0, start=START, due=START, today=date(2026, 1, 2))
        == Health.OVERDUE
    )


def test_action_health_uses_its_latest_progress_and_the_frozen_clock():
    action = ActionFactory(start_date=START, due_date=DUE)
    with frozen(date(2026, 1, 15)):
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=date(2026, 1, 15),
            percent=30,
            narrative="Cadrage fait.",
        )
    fresh = Action.objects.with_progress().get(pk=action.pk)

    with frozen(date(2026, 2, 20)):  # 50 % elapsed, 30 % done: exactly the margin
        assert fresh.health == Health.ON_TRACK
    with frozen(date(2026, 2, 21)):  # 51 % elapsed
        assert fresh.health == Health.AT_RISK
    with frozen(DUE, hour=23):
        assert fresh.health == Health.AT_RISK
    with frozen(date(2026, 4, 12), hour=0):
        assert fresh.health == Health.OVERDUE


def test_health_without_the_annotation_reads_the_latest_update():
    action = ActionFactory(start_date=START, due_date=DUE)
    with frozen(date(2026, 3, 1)):
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=date(2026, 2, 1),
            percent=90,
            narrative="Presque fini.",
        )
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=date(2026, 1, 20),
            percent=10,
            narrative="Rapport tardif d’une étape ancienne.",
        )

        plain = Action.objects.get(pk=action.pk)

        assert plain.progress == 90  # the latest by date, not the latest entered
        assert plain.health == Health.ON_TRACK
