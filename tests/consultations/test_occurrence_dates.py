"""A consultation discussed at a series, and an invitation to a series, show the date of the
occurrence concerned, never the series' first date (which may be long before)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import agenda
from meetings.models import Meeting
from meetings.services import scheduling
from portal.dates import date_format
from tests.consultations import factories as f
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _monthly_series_begun_months_ago(**fields):
    start = in_days(-75)
    return MeetingFactory(
        title="Comité de suivi mensuel",
        start=start,
        end=start + timedelta(hours=2),
        recurrence="monthly",
        recurrence_count=8,
        visibility=Meeting.Visibility.PUBLIC,
        **fields,
    )


def _shown_date(moment):
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def test_the_consultation_page_gives_the_date_of_the_occurrence_after_it_opened(client):
    officer = OfficerFactory()
    series = _monthly_series_begun_months_ago()
    consultation = f.opened(officer)
    series.consultations.add(consultation)
    after_opening = [o for o in series.occurrences() if o.end > consultation.opens_at][0]
    assert series.start < consultation.opens_at < after_opening.start

    content = client.get(consultation.get_absolute_url()).content.decode()

    assert _shown_date(after_opening.start) in content
    assert _shown_date(series.start) not in content
    assert f'href="{after_opening.url}"' in content


def test_an_occurrence_held_on_its_own_is_listed_at_its_own_date(client):
    officer = OfficerFactory()
    series = _monthly_series_begun_months_ago()
    consultation = f.opened(officer)
    later = [o for o in series.occurrences() if o.start > timezone.now()][1]
    held = scheduling.detach_occurrence(series, later.original_start, acting_user=officer)
    held.consultations.add(consultation)  # the text is on that occurrence's agenda only

    (listed,) = agenda.meetings_discussing(consultation, officer)

    assert listed.meeting == held and listed.start == later.start
    content = client.get(consultation.get_absolute_url()).content.decode()
    assert _shown_date(later.start) in content and _shown_date(series.start) not in content


def test_the_dashboard_gives_a_series_next_occurrence_not_its_first(client):
    representative = RepresentativeFactory()
    series = _monthly_series_begun_months_ago()
    series.invitations.create(
        user=representative, name=representative.full_name, email=representative.email
    )
    coming = series.next_occurrence()
    client.force_login(representative)

    content = client.get(reverse("dashboard")).content.decode()

    assert "Comité de suivi mensuel" in content
    assert f'datetime="{coming.start.isoformat()}"' in content
    assert f'datetime="{series.start.isoformat()}"' not in content
