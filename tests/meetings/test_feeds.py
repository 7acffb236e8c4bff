from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import feeds, scheduling
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _events(content):
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def _personal_feed(client, user):
    return client.get(reverse("meetings:feed", args=[feeds.feed_for(user).token]))


def test_resetting_the_feed_token_kills_the_old_url(client):
    user = RepresentativeFactory()
    old = feeds.feed_for(user).token
    client.force_login(user)

    client.post(reverse("meetings:subscribe"), {"reset": "1"})

    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    new = feeds.feed_for(user).token
    assert new != old
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_feed_of_a_deactivated_account_answers_404(client):
    user = RepresentativeFactory()
    token = feeds.feed_for(user).token
    user.is_active = False
    user.save()

    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404


def test_feed_parses_with_stable_uids_and_increasing_sequence(client):
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Comité de suivi",
        start=in_days(5),
        end=in_days(5, 12),
        venue="Bamako",
        visibility="public",
    )
    first = _events(client.get(reverse("meetings:public_feed")).content)

    scheduling.update_meeting(meeting, acting_user=officer, start=in_days(6), end=in_days(6, 12))
    second = _events(client.get(reverse("meetings:public_feed")).content)

    assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
    assert str(first[0]["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert int(second[0]["sequence"]) > int(first[0]["sequence"])
    assert second[0].decoded("dtstart") == in_days(6).astimezone(UTC)


def test_feed_marks_a_cancelled_occurrence_and_keeps_the_others(client):
    start = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=3)
    series = MeetingFactory(
        title="Plénière",
        start=start,
        end=start + timedelta(hours=2),
        recurrence=Meeting.Recurrence.WEEKLY,
        recurrence_count=3,
    )
    second = series.occurrences()[1].original_start
    scheduling.cancel_occurrence(series, second, acting_user=OfficerFactory())

    events = _events(client.get(reverse("meetings:public_feed")).content)

    by_start = {e.decoded("dtstart"): e for e in events}
    assert len(events) == 3
    assert str(by_start[second]["status"]) == "CANCELLED"
    assert {str(e["status"]) for s, e in by_start.items() if s != second} == {"CONFIRMED"}
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 3
    assert all(u.startswith(f"meeting-{series.pk}-") for u in uids)


def test_uid_of_a_moved_occurrence_is_that_of_its_original_start(client):
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    series = MeetingFactory(
        start=start, end=start + timedelta(hours=1), recurrence="monthly", recurrence_count=2
    )
    uid_before = series.uid(start)

    scheduling.move_occurrence(
        series,
        start,
        acting_user=OfficerFactory(),
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1),
    )

    response = client.get(reverse("meetings:ics", args=[series.pk]))
    assert response.status_code == 200
    events = _events(response.content)
    moved = [e for e in events if e.decoded("dtstart") == start + timedelta(days=1)]
    assert [str(e["uid"]) for e in moved] == [uid_before]
    assert uid_before == f"meeting-{series.pk}-20270301T090000Z@127.0.0.1"


def test_meeting_download_is_an_ics_file_with_calendar_links_beside_it(client):
    meeting = MeetingFactory(title="Atelier")

    download = client.get(reverse("meetings:ics", args=[meeting.pk]))
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert download["Content-Type"].startswith("text/calendar")
    assert "attachment" in download["Content-Disposition"]
    assert [str(e["summary"]) for e in _events(download.content)] == ["Atelier"]
    assert "calendar.google.com" in page
    assert "outlook.office.com" in page


def test_personal_feed_is_a_calendar_even_when_empty(client):
    response = _personal_feed(client, RepresentativeFactory())

    assert response.status_code == 200
    assert _events(response.content) == []
