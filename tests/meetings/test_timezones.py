from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import RepresentativeFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_user_in_paris_sees_the_bamako_meeting_at_paris_time(client):
    # 10:00 in Bamako (UTC+0) on a winter day is 11:00 in Paris (UTC+1).
    start = datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    meeting = MeetingFactory(title="Plénière", start=start, end=start + timedelta(hours=2))
    client.force_login(RepresentativeFactory(time_zone="Europe/Paris"))

    body = client.get(meeting.get_absolute_url()).content.decode()

    assert "11:00" in body and "13:00" in body
    assert "Europe/Paris" in body
    assert ">10:00<" not in body


def test_a_visitor_sees_it_at_bamako_time(client):
    start = datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    meeting = MeetingFactory(start=start, end=start + timedelta(hours=2))

    body = client.get(meeting.get_absolute_url()).content.decode()

    assert "10:00" in body and "Africa/Bamako" in body


def test_the_calendar_places_a_late_meeting_on_the_viewers_local_day(client):
    # 23:30 in Bamako on 31 January is 00:30 on 1 February in Paris.
    start = datetime(2027, 1, 31, 23, 30, tzinfo=UTC)
    MeetingFactory(title="Veille tardive", start=start, end=start + timedelta(minutes=30))
    client.force_login(RepresentativeFactory(time_zone="Europe/Paris"))

    january = client.get(reverse("meetings:calendar"), {"year": 2027, "month": 1}).content.decode()
    february = client.get(reverse("meetings:calendar"), {"year": 2027, "month": 2}).content.decode()

    assert "Veille tardive" in february
    assert "Veille tardive" not in january
