"""The registry list and the stakeholder map in a real browser, at phone and desktop widths
(test-artifacts/screenshots/registry/): sorting by a column, choosing the page size, selecting
organisations and exporting them; the map's numbered marks and lists."""

from datetime import date

import pytest

from integrity.models import ContactEntry
from integrity.services import register as contact_register
from meetings.models import InvitedOrganization
from stakeholders.models import Category
from tests.browser import SCREENSHOTS, sign_in
from tests.factories import OfficerFactory, OrganizationFactory
from tests.meetings.factories import MeetingFactory, in_days
from tests.stakeholders.factories import AssessmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDE = {"width": 1366, "height": 900}


def test_the_registry_and_the_map(page, shoot):
    officer = OfficerFactory(email="agent@douanes.gouv.ml")
    categories = [code for code, _label in Category.choices]
    for n in range(14):
        organization = OrganizationFactory(
            name=f"Entreprise {chr(65 + n)} du Mali", category=categories[n % len(categories)]
        )
        AssessmentFactory(organization=organization, influence=1 + n % 5, interest=1 + (n * 3) % 5)
        if n % 3:
            contact_register.log_contact(
                acting_user=officer,
                kind=ContactEntry.Kind.VISIT,
                contact_date=date(2026, 1 + n % 12, 1 + n),
                organizations=[organization],
            )
    sign_in(page, officer.email)

    page.goto("/stakeholders/organisations/?sort=-last_contact&per_page=50")
    assert page.locator("th[aria-sort='descending']").count() == 1
    shoot("registry", "01-list-sorted")
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(SCREENSHOTS / "registry" / "01-list-sorted-1366.png"), full_page=True)

    page.locator("input[name='organization']").nth(0).check()
    page.locator("input[name='organization']").nth(1).check()
    page.locator("button[formaction$='/selection/export/']").click()
    page.wait_for_load_state()
    assert page.locator(".selection-list li").count() == 2
    shoot("registry", "02-export-selection")

    meeting = MeetingFactory(title="Comité de facilitation des échanges", start=in_days(6))
    page.goto("/stakeholders/organisations/")
    page.locator("input[name='organization']").nth(2).check()
    page.locator("button[formaction$='/invite-organisations/']").click()
    page.wait_for_load_state()
    shoot("registry", "03-invite")
    page.locator("select[name='meeting']").select_option(str(meeting.pk))
    page.locator("form.form-narrow button[type='submit']").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/invitations/")
    assert InvitedOrganization.objects.filter(meeting=meeting).count() == 1

    page.goto("/stakeholders/map/")
    assert page.locator("svg.stakeholder-map text.map-number").count() == 14
    assert page.locator(".map-quadrant-list li").count() == 14
    shoot("registry", "04-map")
    page.set_viewport_size(WIDE)
    page.screenshot(path=str(SCREENSHOTS / "registry" / "04-map-1366.png"), full_page=True)
