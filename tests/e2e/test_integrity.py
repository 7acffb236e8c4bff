"""The integrity journeys (issue 15), in a real browser, with screenshots at phone and desktop
widths (test-artifacts/screenshots/<journey>/): a trader's anonymous report followed with its
receipt code and answered by the integrity unit, an officer's contact published in the register
once its delay has passed, and a gift declaration approved by a supervisor.

The French catalogue of the integrity pages is being written alongside: the pages are found by
their addresses, ids and field names, and what they must show is computed from the same
catalogue (translation.override) rather than typed here in French.
"""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, SCREENSHOTS, sign_in
from tests.factories import (
    GiftSupervisorFactory,
    IntegrityOfficerFactory,
    OfficerFactory,
    OrganizationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def french(text):
    """A message or a lazy label as the French pages show it (the catalogue's translation,
    when it has one)."""
    with translation.override("fr"):
        return translation.gettext(str(text))


def snap(page, journey, name):
    """tests.browser's `shoot`, for a page of another browser context than the fixture's."""
    folder = SCREENSHOTS / journey
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


@contextmanager
def fresh_page(browser, live_server):
    """A page in a browser context of its own, without any cookie: another person, or the same
    one on another day. Like the `page` fixture, it fails on a CSP breach or a script error."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert problems == [], problems


def open_by_code(page, code):
    """Type a receipt code as a person copying it from paper might: lower case, spaces."""
    page.goto("/integrity/follow/")
    page.locator("#id_code").fill(code.lower().replace("-", " "))
    page.locator("main form[method='post'] button[type='submit']").click()
    page.wait_for_url("**/integrity/follow/case/")


# --- 1. An anonymous report, followed by its receipt code -----------------------------------


def test_an_anonymous_trader_reports_a_breach_and_follows_it_with_the_receipt_code(
    page, shoot, browser, live_server
):
    from integrity.models import CaseMessage, CaseRead, Complaint
    from integrity.receipts import hash_code, normalise

    journey = "i-anonymous-report"
    member = IntegrityOfficerFactory(email="integrite@douane.gouv.ml", full_name="Fatoumata Diarra")
    facts_day = timezone.localdate() - timedelta(days=3)
    description = (
        "Au poste frontière, un agent m’a demandé 50 000 FCFA en espèces pour accélérer "
        "le dédouanement de deux camions de ciment, sans quittance.\n\n"
        "Il a dit que sans ce paiement la visite physique prendrait une semaine. "
        "Il portait un badge au nom de « Sergent K. » et travaillait au guichet 3, "
        "vers 10 heures du matin. Un autre transitaire était présent et peut en témoigner."
    )

    # The trader, not signed in, reports.
    page.goto("/integrity/report/")
    expect(page.locator("#id_anonymous_0")).to_have_count(0)  # a visitor is anonymous anyway
    page.locator("input[name='category'][value='payment']").check()
    page.locator("#id_occurred_on").fill(facts_day.isoformat())
    page.locator("#id_place").fill("Bureau des douanes de Kati, poste de Diboli")
    page.locator("#id_description").fill(description)
    shoot(journey, "01-report")
    page.locator("main form[method='post'] button[type='submit']").click()
    page.wait_for_load_state()

    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}(-[2-9A-Z]{4}){4}", code), code
    shoot(journey, "02-receipt-code")
    complaint = Complaint.objects.get()
    assert complaint.category == Complaint.Category.PAYMENT
    assert complaint.occurred_on == facts_day

    # Another day, on a browser that knows nothing of the report: the code alone opens it.
    with fresh_page(browser, live_server) as reporter:
        open_by_code(reporter, code)
        expect(reporter.locator("h1 .badge")).to_have_text(french(Complaint.Status.RECEIVED.label))
        expect(reporter.get_by_text("Sergent K.", exact=False)).to_be_visible()
        snap(reporter, journey, "03-followed-by-code")

    # The integrity unit opens the case from its list, acknowledges it and replies.
    sign_in(page, member.email)
    page.goto("/integrity/cases/")
    shoot(journey, "04-unit-cases")
    page.locator(f"a[href='/integrity/cases/{complaint.pk}/']").click()
    page.wait_for_url(f"**/integrity/cases/{complaint.pk}/")
    expect(page.locator("h1")).to_contain_text(complaint.reference)
    page.locator(f"form[action='/integrity/cases/{complaint.pk}/acknowledge/'] button").click()
    page.wait_for_url(f"**/integrity/cases/{complaint.pk}/")
    reply = (
        "Merci pour votre signalement. Pouvez-vous préciser la date exacte et le numéro "
        "d’immatriculation des camions ?"
    )
    page.locator("#id_reply-body").fill(reply)
    page.locator(f"form[action='/integrity/cases/{complaint.pk}/reply/'] button").click()
    page.wait_for_url(f"**/integrity/cases/{complaint.pk}/")
    expect(page.locator(".alert-success").first).to_be_visible()
    expect(page.get_by_text("numéro d’immatriculation", exact=False).first).to_be_visible()
    shoot(journey, "05-unit-case-replied")

    # The reporter, with the code again, reads the reply and answers.
    with fresh_page(browser, live_server) as reporter:
        open_by_code(reporter, code)
        expect(reporter.get_by_text(reply)).to_be_visible()
        expect(reporter.locator("h1 .badge")).to_have_text(french(Complaint.Status.REVIEW.label))
        reporter.locator("#id_body").fill(
            "C’était le 12 au matin ; les camions sont immatriculés AB-1234-MD et AB-5678-MD."
        )
        reporter.locator("form[action='/integrity/follow/case/'] button[type='submit']").click()
        reporter.wait_for_url("**/integrity/follow/case/")
        expect(reporter.locator(".alert-success").first).to_be_visible()
        expect(reporter.get_by_text("AB-1234-MD", exact=False)).to_be_visible()
        snap(reporter, journey, "06-reporter-answered")

    complaint.refresh_from_db()
    assert complaint.reporter_id is None
    assert complaint.acknowledged_at is not None
    assert complaint.receipt_hash == hash_code(code)
    row = Complaint.objects.filter(pk=complaint.pk).values().get()
    for column, value in row.items():
        for form in (code, normalise(code)):
            assert form not in str(value), column
    assert list(
        CaseMessage.objects.filter(complaint=complaint, internal=False)
        .order_by("created_at")
        .values_list("sender", flat=True)
    ) == [CaseMessage.Sender.UNIT, CaseMessage.Sender.REPORTER]
    assert CaseRead.objects.filter(complaint=complaint, user=member).exists()
    assert set(CaseRead.objects.filter(complaint=complaint).values_list("user", flat=True)) == {
        member.pk
    }


# --- 2. A contact logged outside a meeting, published once late -----------------------------


def test_an_officer_logs_a_contact_and_sees_it_published_after_the_delay(
    page, shoot, browser, live_server
):
    from integrity.models import ContactEntry
    from integrity.services import register
    from portal.accounts.models import Unit

    journey = "j-register-of-contacts"
    unit = Unit.objects.create(name="Bureau des douanes de Bamako-Route")
    officer = OfficerFactory(
        email="agent@douane.gouv.ml",
        full_name="Ibrahim Coulibaly",
        unit=unit,
        position="Chef du bureau des douanes",
    )
    ccim = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    # The contact took place two weeks and a day ago; the officer logs it today, as a draft.
    contact_day = timezone.localdate() - timedelta(days=settings.INTEGRITY_REGISTER_DUE_DAYS + 1)
    subject = "Visite des entrepôts sous douane de la CCIM"

    sign_in(page, officer.email)
    page.goto("/integrity/register/new/")
    # The officer's unit and position are filled in for them.
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))
    expect(page.locator("#id_officer_role")).to_have_value("Chef du bureau des douanes")
    page.locator("#id_kind").select_option("visit")
    page.locator("#id_contact_date").fill(contact_day.isoformat())
    page.locator("#id_organizations").select_option(str(ccim.pk))
    page.locator("#id_subject").fill(subject)
    shoot(journey, "01-log-contact")
    page.locator("button[name='action'][value='draft']").click()
    page.wait_for_url(re.compile(r"/integrity/register/\d+/$"))
    entry = ContactEntry.objects.get()
    assert entry.is_draft and entry.officer == officer and entry.outcome == ""
    assert entry.due_on == contact_day + timedelta(days=settings.INTEGRITY_REGISTER_DUE_DAYS)
    shoot(journey, "02-draft-saved")

    # A visitor does not see a draft: not in the register, not at its address.
    with fresh_page(browser, live_server) as visitor:
        visitor.goto("/integrity/register/")
        expect(visitor.locator(f"a[href='/integrity/register/{entry.pk}/']")).to_have_count(0)
        assert visitor.goto(f"/integrity/register/{entry.pk}/").status == 404

    # The due date passes: the daily task publishes the draft as it is, marked late.
    assert register.publish_overdue(today=contact_day + timedelta(days=15)) == 1
    overdue = french("Outcome overdue")
    with fresh_page(browser, live_server) as visitor:
        visitor.goto("/integrity/register/")
        link = visitor.locator(f"a[href='/integrity/register/{entry.pk}/']")
        row = visitor.locator("tr", has=link)
        expect(row).to_contain_text(subject)
        expect(row).to_contain_text(ccim.name)
        expect(row).to_contain_text(unit.name)
        expect(row.locator(".badge.text-bg-danger")).to_have_text(overdue)
        expect(row).not_to_contain_text(officer.full_name)
        snap(visitor, journey, "03-public-register-overdue")
        visitor.goto(f"/integrity/register/{entry.pk}/")
        expect(visitor.locator("h1 .badge")).to_have_text(overdue)
        expect(visitor.locator(".alert-warning")).to_be_visible()

    # The officer completes the outcome afterwards, from their entries to complete.
    page.goto("/integrity/register/mine/")
    page.locator(f"a[href='/integrity/register/{entry.pk}/edit/']").first.click()
    page.wait_for_url(f"**/integrity/register/{entry.pk}/edit/")
    outcome = (
        "La CCIM a présenté les difficultés de stockage sous douane ; le bureau procédera "
        "à un inventaire conjoint le mois prochain."
    )
    page.locator("#id_outcome").fill(outcome)
    shoot(journey, "04-complete-outcome")
    page.locator("button[name='action'][value='publish']").click()
    page.wait_for_url(f"**/integrity/register/{entry.pk}/")
    entry.refresh_from_db()
    assert entry.outcome == outcome and entry.completed_on == timezone.localdate()
    assert entry.completed_late and not entry.outcome_overdue

    with fresh_page(browser, live_server) as visitor:
        visitor.goto(f"/integrity/register/{entry.pk}/")
        expect(visitor.get_by_text("inventaire conjoint", exact=False)).to_be_visible()
        expect(visitor.locator("h1 .badge")).to_have_text(french("Completed late"))
        expect(visitor.locator("body")).not_to_contain_text(officer.full_name)
        snap(visitor, journey, "05-public-entry-completed")


# --- 3. A gift declaration approved by a supervisor ------------------------------------------


def test_a_gift_above_the_threshold_is_approved_by_a_supervisor_and_published_without_a_name(
    page, shoot, browser, live_server
):
    from integrity.models import GiftDeclaration, GiftReview, GiftVersion
    from portal.accounts.models import Unit

    journey = "k-gift-approval"
    unit = Unit.objects.create(name="Direction régionale des douanes de Sikasso")
    officer = OfficerFactory(
        email="agent@douane.gouv.ml",
        full_name="Mariam Sangaré",
        unit=unit,
        position="Inspectrice principale",
    )
    supervisor = GiftSupervisorFactory(email="superviseur@douane.gouv.ml", full_name="Amadou Keïta")
    ccim = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    value = settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD + 20000

    sign_in(page, officer.email)
    page.goto("/integrity/gifts/declare/")
    page.locator("#id_kind").select_option("gift")
    page.locator("#id_description").fill(
        "Un panier de produits artisanaux offert à l’issue du forum régional"
    )
    page.locator("#id_organization").select_option(str(ccim.pk))
    page.locator("#id_estimated_value").fill(str(value))
    page.locator("#id_offered_on").fill((timezone.localdate() - timedelta(days=2)).isoformat())
    page.locator("input[name='decision'][value='accepted']").check()
    shoot(journey, "01-declare")
    page.locator("form.portal-form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/integrity/gifts/\d+/$"))
    declaration = GiftDeclaration.objects.get(declarant=officer)
    version = declaration.versions.get()
    assert version.needs_review and version.status == GiftVersion.Status.AWAITING
    assert version.unit == unit and version.officer_role == "Inspectrice principale"
    expect(page.locator("h1")).to_contain_text(declaration.reference)
    shoot(journey, "02-awaiting-approval")

    # The supervisor finds it in their queue and approves it with a note.
    page.context.clear_cookies()
    sign_in(page, supervisor.email)
    page.goto("/integrity/gifts/review/")
    shoot(journey, "03-review-queue")
    page.locator(f"a[href='/integrity/gifts/{declaration.pk}/review/']").click()
    page.wait_for_url(f"**/integrity/gifts/{declaration.pk}/review/")
    page.locator("input[name='decision'][value='approved']").check()
    page.locator("#id_note").fill("Cadeau de courtoisie : à conserver au bureau, non personnel.")
    shoot(journey, "04-review")
    page.locator("form.portal-form button[type='submit']").click()
    page.wait_for_url("**/integrity/gifts/review/")
    expect(page.locator(".alert-success").first).to_be_visible()
    review = GiftReview.objects.get(version=version)
    assert review.decision == GiftReview.Decision.APPROVED and review.reviewer == supervisor

    # The officer's declaration page shows it approved, with the supervisor's note.
    page.context.clear_cookies()
    sign_in(page, officer.email)
    page.goto(f"/integrity/gifts/{declaration.pk}/")
    approved = french(GiftVersion.Status.APPROVED.label)
    expect(page.locator(".badge.text-bg-success").first).to_have_text(approved)
    expect(page.get_by_text("à conserver au bureau", exact=False)).to_be_visible()
    shoot(journey, "05-declaration-approved")

    # The public register shows it by unit and position, never by the officer's name.
    with fresh_page(browser, live_server) as visitor:
        visitor.goto("/integrity/gifts/")
        row = visitor.locator("tr", has_text=declaration.reference)
        expect(row).to_contain_text(unit.name)
        expect(row).to_contain_text("Inspectrice principale")
        expect(row).to_contain_text(approved)
        expect(row).to_contain_text(ccim.name)
        expect(visitor.locator("body")).not_to_contain_text(officer.full_name)
        expect(visitor.locator("body")).not_to_contain_text(supervisor.full_name)
        snap(visitor, journey, "06-public-gifts-register")
