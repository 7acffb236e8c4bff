from datetime import UTC, date, datetime, timedelta

import pytest

from meetings.models import Meeting, OccurrenceException
from meetings.services import scheduling
from tests.factories import OfficerFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _series(**kwargs):
    start = datetime(2027, 1, 14, 9, 0, tzinfo=UTC)  # 09:00 in Bamako (UTC+0)
    fields = {
        "start": start,
        "end": start + timedelta(hours=3),
        "recurrence": Meeting.Recurrence.QUARTERLY,
        "recurrence_count": 4,
    }
    fields.update(kwargs)
    return MeetingFactory(**fields)


def test_quarterly_series_expands_to_its_count():
    series = _series()

    starts = [occ.start for occ in series.occurrences()]

    assert starts == [
        datetime(2027, 1, 14, 9, tzinfo=UTC),
        datetime(2027, 4, 14, 9, tzinfo=UTC),
        datetime(2027, 7, 14, 9, tzinfo=UTC),
        datetime(2027, 10, 14, 9, tzinfo=UTC),
    ]


def test_weekly_series_stops_at_its_end_date():
    series = _series(
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=None,
        recurrence_until=date(2027, 2, 4),
    )

    assert len(series.occurrences()) == 4  # 14, 21, 28 January and 4 February


def test_series_expansion_applies_a_cancelled_and_a_moved_occurrence():
    series = _series(recurrence=Meeting.Recurrence.MONTHLY, recurrence_count=3)
    officer = OfficerFactory()
    second = datetime(2027, 2, 14, 9, tzinfo=UTC)
    third = datetime(2027, 3, 14, 9, tzinfo=UTC)

    scheduling.cancel_occurrence(series, second, acting_user=officer)
    scheduling.move_occurrence(
        series,
        third,
        acting_user=officer,
        start=third + timedelta(days=2),
        end=third + timedelta(days=2, hours=1),
    )

    occurrences = Meeting.objects.get(pk=series.pk).occurrences()
    assert [(o.original_start, o.start, o.cancelled, o.moved) for o in occurrences] == [
        (datetime(2027, 1, 14, 9, tzinfo=UTC), datetime(2027, 1, 14, 9, tzinfo=UTC), False, False),
        (second, second, True, False),
        (third, third + timedelta(days=2), False, True),
    ]
    assert occurrences[2].end == third + timedelta(days=2, hours=1)


def test_a_moved_occurrence_appears_in_the_range_it_moved_into():
    series = _series(recurrence=Meeting.Recurrence.MONTHLY, recurrence_count=3)
    first = datetime(2027, 1, 14, 9, tzinfo=UTC)
    scheduling.move_occurrence(
        series,
        first,
        acting_user=OfficerFactory(),
        start=datetime(2027, 6, 1, 9, tzinfo=UTC),
        end=datetime(2027, 6, 1, 10, tzinfo=UTC),
    )

    june = series.occurrences(datetime(2027, 6, 1, tzinfo=UTC), datetime(2027, 7, 1, tzinfo=UTC))

    assert [o.original_start for o in june] == [first]


def test_changing_an_occurrence_twice_increases_its_sequence():
    series = _series()
    first = datetime(2027, 1, 14, 9, tzinfo=UTC)
    officer = OfficerFactory()
    before = series.occurrence(first).sequence

    scheduling.move_occurrence(
        series,
        first,
        acting_user=officer,
        start=first + timedelta(hours=1),
        end=first + timedelta(hours=2),
    )
    after_one = Meeting.objects.get(pk=series.pk).occurrence(first).sequence
    scheduling.move_occurrence(
        series,
        first,
        acting_user=officer,
        start=first + timedelta(hours=2),
        end=first + timedelta(hours=3),
    )
    after_two = Meeting.objects.get(pk=series.pk).occurrence(first).sequence

    assert before < after_one < after_two
    assert OccurrenceException.objects.get(meeting=series).sequence == 2


def test_an_occurrence_that_is_not_in_the_series_is_refused():
    series = _series()

    with pytest.raises(scheduling.MeetingError):
        scheduling.cancel_occurrence(
            series, datetime(2027, 1, 15, 9, tzinfo=UTC), acting_user=OfficerFactory()
        )


def test_a_detached_occurrence_keeps_the_series_uid_and_leaves_the_series():
    series = _series()
    first = datetime(2027, 1, 14, 9, tzinfo=UTC)

    child = scheduling.detach_occurrence(series, first, acting_user=OfficerFactory())

    assert (child.uid(), child.series_occurrence) == (series.uid(), first)
    assert first not in [o.original_start for o in Meeting.objects.get(pk=series.pk).occurrences()]
    assert child.occurrences()[0].sequence > series.sequence


def test_series_repeat_at_the_same_wall_clock_time_in_the_portals_zone(settings):
    series = _series(recurrence=Meeting.Recurrence.WEEKLY, recurrence_count=2)

    assert {o.start.astimezone(UTC).hour for o in series.occurrences()} == {9}


def test_a_series_that_ended_stays_out_of_later_ranges_unless_an_occurrence_moved_there():
    ended = _series(
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=None,
        recurrence_until=date(2027, 1, 28),
    )
    later = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))

    assert not Meeting.objects.overlapping(*later).filter(pk=ended.pk).exists()

    first = ended.occurrences()[0].original_start
    scheduling.move_occurrence(
        ended,
        first,
        acting_user=OfficerFactory(),
        start=datetime(2027, 3, 10, 9, tzinfo=UTC),
        end=datetime(2027, 3, 10, 10, tzinfo=UTC),
    )
    assert Meeting.objects.overlapping(*later).filter(pk=ended.pk).exists()
