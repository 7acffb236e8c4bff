"""Hostile values in a page's address (portal/params.py and HostileAddressMiddleware): an
overflowing year, dates at the ends of Python's calendar, a NUL byte. Each is answered 400 or
404, never 500. tests/test_fuzz_addresses.py tries such values on every page."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return MeetingFactory(
        recurrence="weekly",
        recurrence_count=10,
        start=in_days(1),
        end=in_days(1, 11),
        visibility=Meeting.Visibility.PUBLIC,
    )


@pytest.fixture
def strict_client(client):
    client.raise_request_exception = False
    return client


REPORTED = [
    "/calendar/?year=99999999999999999999&month=1",
    "/calendar/agenda/?start=9999-12-31",
    "/calendar/agenda/?start=0001-01-01",
    "/meetings/{series}/occurrences/99991231T235959Z/",
    "/calendar/feed/%00.ics",
    "/meetings/reply/%00/",
]
SIMILAR = [
    "/calendar/?year=9999&month=12",
    "/calendar/?year=1&month=1",
    "/calendar/?year=2026&month=99999999999999999999",
    "/calendar/?year=-5&month=1",
    "/calendar/?year=١٢&month=1",
    "/calendar/?year=2026&month=1&kind=%00",
    "/calendar/agenda/?start=2026-02-30",
    "/calendar/agenda/?start=99999-01-01",
    "/calendar/agenda/?start=9999-11-30",
    "/meetings/{series}/occurrences/00010101T000000Z/",
    "/meetings/{series}/occurrences/99991231T235959Z/move/",
    "/forums/%00/",
    "/forums/?q=%00",
    "/%00",
    "/meetings/99999999999999999999999/",
]
# Where the page exists whatever the value: the last page of a list, a search for junk.
HARMLESS = [
    "/stakeholders/directory/?page=99999999999999999999",
    "/forums/?page=-1",
    "/consultations/?q=%E2%80%AE%C2%B2",
    "/calendar/?organization=%C2%B2",
    "/calendar/agenda/?organization=99999999999999999999",
]


def test_a_date_outside_the_calendar_in_a_filter_form_is_an_error_of_the_form(strict_client):
    response = strict_client.get(reverse("integrity:register"), {"until": "9999-12-31"})

    assert response.status_code == 200
    assert "Choisissez une date comprise entre le 01/01/1900 et le 31/12/2199." in (
        response.content.decode()
    )


@pytest.mark.parametrize("address", REPORTED + SIMILAR)
def test_a_hostile_address_is_answered_400_or_404(strict_client, series, address):
    strict_client.force_login(OfficerFactory())

    response = strict_client.get(address.format(series=series.pk))

    assert response.status_code in (400, 404)


@pytest.mark.parametrize("address", HARMLESS)
def test_a_strange_value_where_any_value_will_do_shows_the_page(strict_client, address):
    strict_client.force_login(OfficerFactory())

    assert strict_client.get(address).status_code == 200


def test_a_nul_byte_in_the_address_is_a_bad_request_in_the_readers_language(client):
    client.force_login(RepresentativeFactory(language="en"))

    response = client.get("/meetings/reply/%00/")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_a_month_outside_the_calendar_does_not_exist(client):
    assert client.get(reverse("meetings:calendar"), {"year": 2200, "month": 1}).status_code == 404
    assert client.get(reverse("meetings:calendar"), {"year": 1899, "month": 12}).status_code == 404


def test_the_first_and_last_months_of_the_calendar_are_shown(client):
    for year, month in ((1900, 1), (2199, 12)):
        response = client.get(reverse("meetings:calendar"), {"year": year, "month": month})

        assert response.status_code == 200, (year, month)


def test_the_agenda_from_the_last_day_of_the_calendar_is_shown(client):
    assert client.get(reverse("meetings:agenda"), {"start": "2199-12-31"}).status_code == 200


def test_an_occurrence_keeps_its_address(client, series):
    occurrence = series.occurrences()[1]

    response = client.get(reverse("meetings:occurrence", args=[series.pk, occurrence.stamp]))

    assert response.status_code == 200
