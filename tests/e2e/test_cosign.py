"""The private-sector co-chair validates a meeting's minutes in a real browser (issue 19): they
sign in, open the draft from the meeting's page, approve it; the public meeting page then says
the minutes are validated by both co-chairs. Screenshots under
test-artifacts/screenshots/cosign/."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFT = "## Décisions\n\nLa mainlevée anticipée est étendue aux opérateurs agréés."


def test_the_co_chair_validates_the_minutes_and_the_public_page_says_so(page, shoot):
    from meetings import cosign
    from meetings.models import Meeting
    from meetings.services import minutes, scheduling
    from stakeholders.models import Contact
    from tests.factories import OfficerFactory, OrganizationFactory, representative_of
    from tests.meetings.factories import BodyFactory

    officer = OfficerFactory(email="agent@douane.gouv.ml")
    chair = representative_of(
        OrganizationFactory(name="CCIM"), email="copresident@ccim.ml", full_name="Oumar Sidibé"
    )
    body = BodyFactory(
        name="Cadre de concertation Douane–Secteur privé",
        customs_chair=officer,
        private_chair=Contact.objects.get(user=chair),
    )
    start = timezone.now() + timedelta(days=1)
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Session plénière du cadre de concertation",
        start=start,
        end=start + timedelta(hours=2),
        visibility=Meeting.Visibility.PUBLIC,
        body=body,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    minutes.record_minutes(meeting, acting_user=officer, minutes=DRAFT, cosign=True)

    sign_in(page, "copresident@ccim.ml")
    page.goto(f"/meetings/{meeting.pk}/")
    review = page.locator(f"a[href='/meetings/{meeting.pk}/minutes/review/']")
    expect(review).to_be_visible()
    review.click()
    expect(page.locator(".minutes")).to_contain_text("La mainlevée anticipée est étendue")
    shoot("cosign", "01-draft-to-validate")
    page.locator("input[name='decision'][value='approved']").check()
    page.locator("form.portal-form button[type='submit']").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    # A visitor (signed out), in the browser's language, French, as the page writes it.
    meeting.refresh_from_db()
    with translation.override("fr"):
        said = cosign.state(meeting).lines()[0]
    with translation.override("en"):
        assert cosign.state(meeting).lines()[0].startswith("Validated by both co-chairs on ")
    page.context.clear_cookies()
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator(".minutes-cosign")).to_have_text(said)
    expect(page.locator(".minutes")).to_contain_text("La mainlevée anticipée est étendue")
    shoot("cosign", "02-validated-by-both-co-chairs")
