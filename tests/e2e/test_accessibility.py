"""axe-core on the key pages, in French and English, at phone and desktop widths.

Each role's pages are checked in one test, on the demo data (`seed_demo`) and with the demo
accounts, so the pages hold realistic content: long French names, charts, tables and forms.
"""

import io

import pytest
from django.core.management import call_command

from demo import accounts as demo
from tests.browser import DESKTOP, PHONE, sign_in
from tests.e2e.a11y import structure_problems, violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ACCOUNTS = {
    "representative": "representant@ccim.ml",
    "officer": "agent@douane.gouv.ml",
    "editor": "editeur@douane.gouv.ml",
    "checkin": "accueil@douane.gouv.ml",
    "integrity": "integrite@douane.gouv.ml",
    "supervisor": "superviseur@douane.gouv.ml",
}


def switch_language(page, language):
    page.goto("/")
    if page.locator(".site-menu-toggle").is_visible():  # on a phone, behind the Menu
        page.locator(".site-menu-toggle").click()
    page.locator(f"button[name='language'][value='{language}']").click()
    page.wait_for_load_state()


def problems_on(page, paths):
    problems = {}
    for language in ("fr", "en"):
        switch_language(page, language)
        for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            for path in paths:
                response = page.goto(path)
                if response.status != 200:
                    problems[f"{path} [{language}, {size_name}]"] = [f"status {response.status}"]
                    continue
                found = violations(page) + structure_problems(page)
                if size_name == "phone" and path == paths[0]:
                    # The navigation behind the Menu button, opened.
                    page.locator(".site-menu-toggle").click()
                    found += violations(page)
                if page.locator("html").get_attribute("lang") != language:
                    found.append("page not in the chosen language")
                if found:
                    problems[f"{path} [{language}, {size_name}]"] = found
    return "\n".join(f"{where}: {found}" for where, found in problems.items())


def demo_pages():
    """The key pages of each role, with the demo data's objects for their arguments."""
    from actionplans.models import Action, ActionPlan
    from announcements.models import Announcement
    from consultations.models import Comment, Consultation
    from forums.models import Forum, Registration
    from integrity.models import Complaint, GiftVersion
    from meetings.models import Meeting
    from stakeholders.models import Organization

    call_command("seed_demo", stdout=io.StringIO())
    forum = Forum.objects.filter(status="published").order_by("slug").first()
    registration = Registration.objects.filter(user__email=ACCOUNTS["representative"]).first()
    open_consultation = Consultation.objects.get(status="open")
    reported = Consultation.objects.get(status="report_published")
    with_minutes = Meeting.objects.filter(visibility="public").exclude(minutes="").first()
    invited = Meeting.objects.filter(
        invitations__user__email=ACCOUNTS["representative"], status="scheduled"
    ).first()
    organization = Organization.objects.order_by("pk").first()
    plan = ActionPlan.objects.get(status="active")
    draft_plan = ActionPlan.objects.get(status="draft")
    action = Action.objects.filter(plan=plan).order_by("pk").first()
    comment = Comment.objects.filter(consultation=open_consultation).first()
    announcement = Announcement.objects.order_by("pk").first()
    case = Complaint.objects.filter(status=Complaint.Status.REVIEW).order_by("pk").first()
    awaiting = (
        GiftVersion.objects.awaiting_review()
        .exclude(declaration__declarant__email=ACCOUNTS["supervisor"])
        .order_by("pk")
        .first()
    )
    return {
        "visitor": [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            "/forums/",
            f"/forums/{forum.slug}/",
            f"/forums/{forum.slug}/programme/",
            "/calendar/",
            "/calendar/agenda/",
            "/calendar/subscribe/public/",
            f"/meetings/{with_minutes.pk}/",
            "/integrity/",
            "/integrity/register/",
            "/integrity/gifts/",
            "/integrity/statistics/",
            "/integrity/report/",
            "/integrity/follow/",
            "/stakeholders/directory/",
            "/commitments/",
            f"/commitments/{action.pk}/",
            "/consultations/",
            f"/consultations/{open_consultation.pk}/",
            f"/consultations/{reported.pk}/report/",
        ],
        "representative": [
            "/dashboard/",
            "/me/preferences/",
            "/forums/registrations/",
            f"/forums/registrations/{registration.pk}/",
            "/stakeholders/my-organisation/",
            f"/consultations/{open_consultation.pk}/comment/",
            "/meetings/requests/new/",
            "/calendar/subscribe/",
            f"/meetings/{invited.pk}/",
        ],
        "officer": [
            "/dashboard/",
            "/stakeholders/organisations/",
            f"/stakeholders/organisations/{organization.pk}/",
            "/stakeholders/map/",
            "/stakeholders/gaps/",
            "/meetings/new/",
            f"/meetings/{with_minutes.pk}/",
            f"/meetings/{with_minutes.pk}/minutes/",
            f"/forums/{forum.slug}/registrations/",
            f"/forums/{forum.slug}/checkin/",
            f"/forums/{forum.slug}/statistics/",
            f"/action-plans/{plan.pk}/dashboard/",
            f"/action-plans/actions/{action.pk}/",
            f"/action-plans/actions/{action.pk}/progress/",
            f"/consultations/{open_consultation.pk}/comments/",
            f"/consultations/comments/{comment.pk}/decide/",
            "/announcements/",
            "/announcements/new/?category=chamber",
            f"/announcements/{announcement.pk}/",
            "/integrity/register/new/",
            "/integrity/gifts/declare/",
        ],
        "editor": [
            f"/action-plans/{draft_plan.pk}/edit/",
            f"/action-plans/{draft_plan.pk}/actions/new/",
            "/action-plans/objectives/new/",
        ],
        "checkin": ["/forums/checkin/", f"/forums/{forum.slug}/checkin/"],
        "integrity": ["/integrity/cases/", f"/integrity/cases/{case.pk}/"],
        "supervisor": [
            "/integrity/gifts/review/",
            f"/integrity/gifts/{awaiting.declaration_id}/review/",
        ],
    }


def test_public_pages_have_no_serious_accessibility_problem(a11y_page):
    pages = demo_pages()["visitor"]

    assert problems_on(a11y_page, pages) == ""


@pytest.mark.parametrize(
    "role", ["representative", "officer", "editor", "checkin", "integrity", "supervisor"]
)
def test_a_roles_key_pages_have_no_serious_accessibility_problem(a11y_page, role):
    pages = demo_pages()[role]
    sign_in(
        a11y_page, ACCOUNTS[role], password=demo.DEMO_PASSWORD, totp_secret=demo.DEMO_TOTP_SECRET
    )

    assert problems_on(a11y_page, pages) == ""
