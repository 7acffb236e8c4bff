"""Officers' follow-ups in a real browser (issue 18): a series' occurrence on a day off shifted
in one click, and the invitees who have not replied reminded from the meeting's page.
Screenshots at phone and desktop widths under test-artifacts/screenshots/followups/."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from portal import holidays_calendar
from portal.notifications import dispatcher as notifications
from tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_shifts_a_weekend_occurrence_and_reminds_the_silent_invitees(page, shoot):
    from meetings.services import scheduling
    from tests.factories import OfficerFactory, RepresentativeFactory

    officer = OfficerFactory(email="agent@douane.gouv.ml")
    silent = RepresentativeFactory(email="silence@ent.ml")
    # A weekly series from the coming Saturday: every occurrence is on a weekend.
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    start = timezone.make_aware(datetime.combine(saturday, time(9)))
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Point hebdomadaire sur le transit",
        start=start,
        end=start + timedelta(hours=2),
        venue="DGD, Bamako",
        visibility="invitees",
        recurrence="weekly",
        recurrence_count=3,
        users=[silent],
    )
    notifications.dispatch_due()

    sign_in(page, "agent@douane.gouv.ml")
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator("form.day-off-shift")).to_have_count(3)
    shoot("followups", "01-series-days-off")
    page.locator("form.day-off-shift").first.locator("button[value='next']").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    expect(page.locator("form.day-off-shift")).to_have_count(2)
    moved = meeting.occurrence(start)
    assert moved.moved
    assert timezone.localdate(moved.start) == holidays_calendar.working_day(saturday)

    notifications.dispatch_due()  # the notice of the moved occurrence
    before = len(mail.outbox)
    page.locator("form[action$='/remind-unanswered/'] button").click()
    expect(page.locator(".reply-reminder-sent")).to_be_visible()
    shoot("followups", "02-shifted-and-reminded")
    notifications.dispatch_due()
    assert [m.to[0] for m in mail.outbox[before:]] == ["silence@ent.ml"]
    assert re.search(r"/meetings/reply/[\w-]+/", mail.outbox[-1].body)
