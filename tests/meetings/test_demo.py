import io

import pytest
from django.core.management import call_command

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
    plenary = Meeting.objects.get(title__startswith="Session plénière", series__isnull=True)
    assert plenary.recurrence == "quarterly"
    assert Meeting.objects.filter(series=plenary, status="held").count() == 2
    assert Meeting.objects.filter(
        title__startswith="Rencontre bilatérale", recurrence="monthly"
    ).exists()
    assert Meeting.objects.filter(visibility="internal").count() >= 2
    assert Commitment.objects.count() >= 4
