from datetime import timedelta

import pytest
from django.utils import timezone, translation

from meetings.entries import meeting_engagements
from meetings.services import scheduling
from portal import calendar
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def test_meetings_are_on_the_shared_calendar_through_the_provider():
    meeting = MeetingFactory(title="Sur le calendrier")

    found = calendar.entries(None, timezone.now(), timezone.now() + timedelta(days=30))

    assert [(e.title, e.kind, e.url) for e in found] == [
        ("Sur le calendrier", "meeting", meeting.get_absolute_url())
    ]


@pytest.mark.parametrize("singles", [2, 20])
def test_the_calendar_reads_its_meetings_in_a_fixed_number_of_queries(
    django_assert_num_queries, singles
):
    officer = OfficerFactory()
    for day in range(singles):
        MeetingFactory(start=in_days(1 + day % 25), end=in_days(1 + day % 25, 11))
    series = MeetingFactory(
        title="Série", recurrence="weekly", recurrence_count=4, start=in_days(2), end=in_days(2, 11)
    )
    scheduling.cancel_occurrence(series, in_days(9), acting_user=officer)

    # The meetings, then the series' exceptions and the occurrences held on their own;
    # then the forums.
    with django_assert_num_queries(4):
        found = calendar.entries(None, timezone.now(), timezone.now() + timedelta(days=30))

    assert len(found) == singles + 4
    assert [e.cancelled for e in found if e.title == "Série"] == [False, True, False, False]


def test_upcoming_skips_cancelled_occurrences():
    series = MeetingFactory(
        recurrence="weekly", recurrence_count=2, start=in_days(1), end=in_days(1, 11)
    )
    scheduling.cancel_occurrence(series, series.start, acting_user=OfficerFactory())

    (entry,) = calendar.upcoming(None)

    assert entry.start == in_days(8)


def test_upcoming_looks_further_ahead_until_it_has_enough_entries():
    for days in (3, 40, 200):
        MeetingFactory(title=f"Dans {days} jours", start=in_days(days), end=in_days(days, 11))

    found = calendar.upcoming(None, limit=3)

    assert [e.title for e in found] == ["Dans 3 jours", "Dans 40 jours", "Dans 200 jours"]


def test_upcoming_on_a_busy_calendar_gives_the_very_next_entries():
    for days in (1, 2, 5, 90):
        MeetingFactory(title=f"Dans {days} jours", start=in_days(days), end=in_days(days, 11))

    found = calendar.upcoming(None, limit=2)

    assert [e.title for e in found] == ["Dans 1 jours", "Dans 2 jours"]


def test_engagement_history_lists_meetings_the_organisation_was_invited_to_and_attended():
    organization = OrganizationFactory()
    attended = MeetingFactory(
        title="Présents", status="held", start=in_days(-5), end=in_days(-5, 11)
    )
    attended.invited_orgs.create(organization=organization, attended=True)
    invited = MeetingFactory(title="Invités")
    invited.invited_orgs.create(organization=organization)
    hidden = MeetingFactory(title="Interne", visibility="internal")
    hidden.invited_orgs.create(organization=organization)
    MeetingFactory(title="Sans eux")

    items = meeting_engagements(organization, RepresentativeFactory())

    with translation.override("fr"):
        details = [(i.title, str(i.detail)) for i in items]
    assert details == [("Invités", "invité"), ("Présents", "présent")]
    officer_items = meeting_engagements(organization, OfficerFactory())
    assert "Interne" in [i.title for i in officer_items]


def test_engagement_history_goes_through_the_stakeholders_registry():
    from stakeholders import engagement

    organization = OrganizationFactory()
    MeetingFactory(title="Via le registre").invited_orgs.create(organization=organization)

    assert "Via le registre" in [
        i.title for i in engagement.history(organization, OfficerFactory())
    ]
