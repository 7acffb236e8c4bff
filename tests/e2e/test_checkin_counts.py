"""The check-in door's live counts refresh themselves (static/js/checkin.js, no htmx)."""

import pytest
from playwright.sync_api import expect

from forums.models import Registration
from forums.services import attendance, seats
from tests.browser import sign_in
from tests.factories import CheckinStaffFactory, RepresentativeFactory
from tests.forums.factories import ForumTodayFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_counts_follow_an_arrival_recorded_at_another_door(page):
    staff = CheckinStaffFactory()
    forum = ForumTodayFactory(capacity=10)  # under way: its door is open
    for _ in range(2):
        seats.register(forum, user=RepresentativeFactory())
    sign_in(page, staff.email)
    page.clock.install()
    page.goto(f"/forums/{forum.slug}/checkin/")
    checked_in = page.locator("#checkin-counts dd").nth(1)
    expect(checked_in).to_have_text("0")

    # Another member of staff lets someone in at the other door.
    arrival = Registration.objects.filter(forum=forum).first()
    attendance.check_in(forum, arrival.code, acting_user=CheckinStaffFactory())
    page.clock.run_for(16_000)

    expect(checked_in).to_have_text("1")
