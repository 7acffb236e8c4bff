import io

import pytest
from django.core.management import call_command

from demo.meetings import PLENARY_TITLE
from meetings.models import Commitment, Meeting, MeetingRequest

pytestmark = pytest.mark.django_db


def test_demo_data_seeds_meetings_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Meeting.objects.count(), Commitment.objects.count(), MeetingRequest.objects.count())

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        Meeting.objects.count(),
        Commitment.objects.count(),
        MeetingRequest.objects.count(),
    ) == counts
    # A recurring plenary with held sessions, a monthly series, internal meetings, and
    # commitments made at them: every kind of meeting the pages show.
    plenary = Meeting.objects.get(title=PLENARY_TITLE, series__isnull=True)
    assert plenary.recurrence == Meeting.Recurrence.QUARTERLY
    assert Meeting.objects.filter(series=plenary, status=Meeting.Status.HELD).exists()
    assert Meeting.objects.filter(recurrence=Meeting.Recurrence.MONTHLY).exists()
    assert Meeting.objects.filter(visibility=Meeting.Visibility.INTERNAL).exists()
    assert Commitment.objects.exists()


def test_the_demo_shows_minutes_both_co_chairs_signed_and_minutes_awaiting_the_co_chair(client):
    call_command("seed_demo", stdout=io.StringIO())
    from meetings.models import MinutesVersion

    plenary = Meeting.objects.get(title=PLENARY_TITLE, series__isnull=True)
    held = Meeting.objects.filter(series=plenary, status=Meeting.Status.HELD).order_by("start")
    latest = held.last()
    assert latest.minutes_versions.get().status == MinutesVersion.Status.APPROVED
    # The public page of the session says so to a visitor.
    page = client.get(latest.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Validated by both co-chairs on" in page
    # The bilateral's minutes wait for the co-chair: its text is not published yet.
    awaiting = MinutesVersion.objects.filter(status=MinutesVersion.Status.AWAITING)
    assert awaiting.count() == 1
    assert awaiting.get().meeting.minutes == ""
