"""The key journeys, in a real browser, with screenshots at phone and desktop widths
(test-artifacts/screenshots/<journey>/)."""

import re

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from forums.models import Registration
from portal.notifications import dispatcher as notifications
from tests.browser import sign_in
from tests.factories import PASSWORD, CheckinStaffFactory, OrganizationFactory
from tests.forums.factories import ForumFactory, ForumTodayFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def delivered_link(pattern):
    """Send what is queued, as the worker would, and find a link in the e-mails sent."""
    notifications.dispatch_due()
    for message in reversed(mail.outbox):
        found = re.search(pattern, message.body)
        if found:
            return found.group(1)
    raise AssertionError(f"no e-mail holds {pattern}")


def test_a_visitor_signs_up_joins_an_organisation_and_registers_for_a_forum(page, shoot):
    OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    forum = ForumFactory(title="Forum de la Journée internationale de la douane", slug="jid")

    page.goto("/")
    page.locator("header").get_by_role("link", name="S’inscrire").click()
    page.locator("#id_full_name").fill("Awa Konaté")
    page.locator("#id_email").fill("awa@ccim.ml")
    ccim = page.locator("#id_organization option", has_text="CCIM").first
    page.locator("#id_organization").select_option(ccim.get_attribute("value"))
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    shoot("a-sign-up-and-register", "01-sign-up")
    page.locator("form.auth-form button[type='submit']").click()
    page.wait_for_url("**/confirm-email/")

    page.goto(delivered_link(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)"))
    shoot("a-sign-up-and-register", "02-confirm")
    page.locator("form.auth-form button[type='submit']").click()
    page.wait_for_url("**/dashboard/")

    page.goto(f"/forums/{forum.slug}/")
    shoot("a-sign-up-and-register", "03-forum")
    page.get_by_role("link", name="S’inscrire", exact=True).last.click()
    page.get_by_role("button", name="S’inscrire").click()
    # A click only starts the navigation: wait for the answer before reading the database.
    page.wait_for_url(re.compile(r"/forums/registrations/\d+/$"))

    registration = Registration.objects.get(forum=forum, user__email="awa@ccim.ml")
    assert registration.status == Registration.Status.CONFIRMED
    assert page.url.endswith(registration.get_absolute_url())
    expect(page.get_by_text(registration.display_code).first).to_be_visible()
    expect(page.locator("img.qr-code")).to_be_visible()
    shoot("a-sign-up-and-register", "04-confirmation-with-code")

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\.ics")).first.click()
    calendar = Calendar.from_ical(open(download.value.path(), "rb").read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == forum.title


def test_a_request_to_join_waits_for_the_organisations_administrator(page, shoot):
    from stakeholders.models import Membership, Organization
    from tests.factories import RepresentativeFactory, member_of, pending_member_of

    ccim = OrganizationFactory(
        name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM", website="https://ccim.ml"
    )
    administrator = RepresentativeFactory(email="oumar@ccim.ml", full_name="Oumar Sidibé")
    member_of(ccim, administrator, role=Membership.Role.ADMINISTRATOR)
    awa = RepresentativeFactory(email="awa@ccim.ml", full_name="Awa Konaté")
    pending_member_of(ccim, awa, position="Assistante transit")

    sign_in(page, "awa@ccim.ml")
    page.goto("/stakeholders/my-organisation/")
    expect(page.get_by_text("Vous avez demandé à rejoindre")).to_be_visible()
    shoot("f-membership", "01-request-waiting")

    page.context.clear_cookies()
    sign_in(page, "oumar@ccim.ml")
    page.goto("/dashboard/")
    page.get_by_role("link", name=re.compile("demande d’adhésion à votre organisation")).click()
    expect(page.get_by_text("connu pour cette organisation")).to_be_visible()
    shoot("f-membership", "02-members-page")
    page.get_by_role("button", name=re.compile("Approuver")).click()
    expect(page.locator(".alert-success").first).to_be_visible()
    shoot("f-membership", "03-approved")

    assert list(Organization.objects.represented_by(awa)) == [ccim]
    page.context.clear_cookies()
    sign_in(page, "awa@ccim.ml")
    page.goto("/stakeholders/my-organisation/")
    expect(page.get_by_role("heading", name=ccim.name)).to_be_visible()
    shoot("f-membership", "04-member")


def test_check_in_staff_check_a_representative_in_by_code(page, shoot):
    from forums.services import seats
    from tests.factories import representative_of

    # A forum under way: the door is open only around the forum's days.
    forum = ForumTodayFactory(title="Forum régional de Sikasso", slug="sikasso")
    awa = representative_of(
        OrganizationFactory(acronym="CCIM"), email="awa@ccim.ml", full_name="Awa Traoré"
    )
    registration = seats.register(forum, user=awa)
    CheckinStaffFactory(email="accueil@douane.gouv.ml")

    sign_in(page, "accueil@douane.gouv.ml")
    page.goto(f"/forums/{forum.slug}/checkin/")
    shoot("c-check-in", "01-door")
    page.get_by_label("Code d’entrée").fill(registration.code.lower())
    page.get_by_role("button", name="Valider l’entrée").click()

    expect(page.locator(".checkin-result.alert-success")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    shoot("c-check-in", "02-checked-in")

    page.get_by_label("Code d’entrée").fill(registration.code)
    page.get_by_role("button", name="Valider l’entrée").click()
    expect(page.locator(".checkin-result.alert-warning")).to_be_visible()
    shoot("c-check-in", "03-code-already-used")

    # A mistake: the check-in is undone, and the person is expected again.
    page.get_by_role("button", name=re.compile("Annuler Awa Traoré")).click()
    expect(page.locator(".checkin-result.alert-info")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    shoot("c-check-in", "04-undone")

    # Awa lost her code: she is found by her name typed without its accent.
    page.get_by_label("Rechercher par nom, organisation ou courriel").fill("traore")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    shoot("c-check-in", "05-found-by-name")
    page.get_by_role("button", name=re.compile("Valider l’entrée Awa Traoré")).click()
    expect(page.locator(".checkin-result.alert-success")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    shoot("c-check-in", "06-checked-in-by-name")


def test_an_officer_schedules_a_meeting_inviting_an_organisation_and_its_representative_accepts(
    page, shoot
):
    from meetings.models import Invitation, Meeting
    from tests.factories import OfficerFactory, representative_of

    ccim = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    representative_of(ccim, email="awa@ccim.ml")
    OfficerFactory(email="agent@douane.gouv.ml")

    sign_in(page, "agent@douane.gouv.ml")
    page.goto("/meetings/new/")
    page.locator("#id_title").fill("Réunion bilatérale Douane–CCIM")
    page.locator("#id_kind").select_option("bilateral")
    page.locator("#id_visibility").select_option("invitees")
    page.locator("#id_start").fill("2027-01-12T09:00")
    page.locator("#id_end").fill("2027-01-12T11:00")
    page.locator("#id_venue").fill("Direction générale des Douanes, Bamako")
    option = page.locator("#id_organizations option", has_text="CCIM").first
    page.locator("#id_organizations").select_option(option.get_attribute("value"))
    shoot("b-meeting-invitation", "01-schedule")
    page.get_by_role("button", name="Programmer et inviter").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))

    meeting = Meeting.objects.get(title="Réunion bilatérale Douane–CCIM")
    assert page.url.endswith(f"/meetings/{meeting.pk}/")
    shoot("b-meeting-invitation", "02-scheduled")
    invitation = Invitation.objects.get(meeting=meeting, user__email="awa@ccim.ml")

    page.context.clear_cookies()
    sign_in(page, "awa@ccim.ml")
    page.goto(f"/meetings/{meeting.pk}/")
    page.locator("input[name='response'][value='accepted']").check()
    shoot("b-meeting-invitation", "03-reply")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    invitation.refresh_from_db()
    assert invitation.response == "accepted"
    shoot("b-meeting-invitation", "04-accepted")
