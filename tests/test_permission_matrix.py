"""Every URL of the portal, for every role, against one table of expected answers.

The test walks the URL resolver, so a new page that nobody added to TABLE (or, rarely, to
EXCLUDED with a reason) fails `test_every_url_pattern_is_in_the_table` with its name.

Each row names a URL, a profile (what each role should get) and, when the URL takes
arguments, a function that picks them from the world (tests/permission_world.py). A URL may
have several rows (label=...) when the answer depends on the object: a public forum and an
invited-only one, say. The conventions it checks (portal/permissions.py):

- a visitor asking for a page that needs an account is sent to sign in;
- a signed-in person who may not see a page, or an object of another organisation or of
  another visibility, gets 404 -- never 403, which would tell them it exists;
- a page that only takes POST answers GET with 405 once the person may reach it;
- a form with a file input posts to a view that takes files (portal.uploads.takes_files),
  so that the request-size limit leaves room for them;
- nothing answers 500;
- whatever a signed-in person gets, and what a secret URL gives anyone, is sent with
  `Cache-Control: private, no-store`: no browser or proxy keeps a copy of it.

Each role signs in through the real sign-in form (and, for customs accounts, the TOTP step),
so the second-factor middleware sees every request as it would in production.

Adding a URL: one line in TABLE, e.g.
    row("forums:detail", PUBLIC, lambda w: [w.forum.slug]),
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)

from portal import uploads
from portal.notifications import unsubscribe
from tests import permission_world
from tests.factories import PASSWORD, TOTP_SECRET, totp_code
from tests.rows import fingerprint

ROLES = (
    "visitor",
    "rep_a",
    "rep_b",
    "pending_a",
    "officer",
    "editor",
    "checkin",
    "superuser",
    "integrity",
)


@dataclass(frozen=True)
class Redirect:
    """A redirect to the page named `to` (its path; the query string is not compared)."""

    to: str
    args: object = None

    def path(self, world):
        return reverse(self.to, args=self.args(world) if self.args else None)

    def __str__(self):
        return f"redirect to {self.to}"


LOGIN = Redirect("account_login")
ADMIN_LOGIN = Redirect("admin:login")
# The admin refuses, to everyone, an action its ModelAdmin switches off (adding a row that
# only a service may create, deleting an audit record): Django answers that with 403. This is
# not an object hidden from one person, so it is the one place 403 is expected.
ADMIN_OFF = 403


def profile(**outcomes):
    # A's pending member (asked to join A, not approved) is, for A, a stranger: it gets what
    # B's representative gets, unless a row says otherwise.
    outcomes.setdefault("pending_a", outcomes.get("rep_b"))
    # A member of the integrity unit is an officer: what an officer gets, unless a row (a
    # case's page) says otherwise.
    outcomes.setdefault("integrity", outcomes.get("officer"))
    missing = set(ROLES) - set(outcomes)
    assert not missing, f"profile lacks {missing}"
    return outcomes


def but(base, **changes):
    """A profile like `base` with the given roles' outcomes changed (A's pending member
    follows B's representative unless named)."""
    if "rep_b" in changes and "pending_a" not in changes:
        changes["pending_a"] = changes["rep_b"]
    if "officer" in changes and "integrity" not in changes:
        changes["integrity"] = changes["officer"]
    return {**base, **changes}


def everyone(outcome):
    return profile(**dict.fromkeys(ROLES, outcome))


# --- Profiles: who gets what ----------------------------------------------------------------

PUBLIC = everyone(200)
# Pages for any signed-in person.
SIGNED_IN = but(everyone(200), visitor=LOGIN)
# Customs' internal pages (customs_required): officers, editors and superusers. Check-in
# staff are customs accounts but not officers: for them these pages do not exist.
CUSTOMS = profile(
    visitor=LOGIN, rep_a=404, rep_b=404, officer=200, editor=200, checkin=404, superuser=200
)
CUSTOMS_POST = but(CUSTOMS, officer=405, editor=405, superuser=405)
EDITORS = but(CUSTOMS, officer=404)
EDITORS_POST = but(EDITORS, editor=405, superuser=405)
CHECKIN = but(CUSTOMS, checkin=200)
CHECKIN_POST = but(CHECKIN, officer=405, editor=405, checkin=405, superuser=405)
# Pages for private-sector representatives only (private_sector_required).
PRIVATE_SECTOR = profile(
    visitor=LOGIN, rep_a=200, rep_b=200, officer=404, editor=404, checkin=404, superuser=404
)
# Something that belongs to organisation A (or its representative), reached by a
# representative's page: A's representative only.
OWN_A = but(PRIVATE_SECTOR, rep_b=404)
# Something of organisation A that A's representative and Customs' officers may edit.
EDITABLE_BY_A = but(CUSTOMS, rep_a=200)
# Visible to Customs and to A's representative (invited, author, requester), 404 to anyone
# else. A visitor gets 404 too where the page is public in principle (no sign-in asked).
SEEN_BY_A = profile(
    visitor=404, rep_a=200, rep_b=404, officer=200, editor=200, checkin=404, superuser=200
)
SEEN_BY_A_SIGNED_IN = but(SEEN_BY_A, visitor=LOGIN)
# Shown to Customs only, on a page that is otherwise public (drafts, internal meetings).
CUSTOMS_OBJECT = but(SEEN_BY_A, rep_a=404)
# Any signed-in person; a visitor gets 404 (a partners-only meeting on a public page).
PARTNERS = but(everyone(200), visitor=404)
# The pages e-mails link to (permissions.visitors_sign_in_first): a visitor who may not see
# the object is sent to sign in, and comes back to it.
SIGNED_IN_PARTNERS = but(PARTNERS, visitor=LOGIN)
SEEN_BY_A_AFTER_SIGN_IN = but(SEEN_BY_A, visitor=LOGIN)
CUSTOMS_OBJECT_AFTER_SIGN_IN = but(CUSTOMS_OBJECT, visitor=LOGIN)
# POST only, for anyone (the view takes no GET at all).
POST_ONLY = everyone(405)
SIGNED_IN_POST = but(everyone(405), visitor=LOGIN)
NOBODY = everyone(404)
# The API: 401 (WWW-Authenticate: Bearer) where a page would send a visitor to sign in.
API_SIGNED_IN = but(everyone(200), visitor=401)
API_OWN_A = but(NOBODY, visitor=401, rep_a=200)
API_CUSTOMS = but(CUSTOMS, visitor=401)
API_CUSTOMS_OBJECT = CUSTOMS_OBJECT
# The integrity unit's pages (a case): nobody else, whatever their rights, visitors included.
INTEGRITY_UNIT = {**NOBODY, "integrity": 200}
INTEGRITY_UNIT_POST = {**NOBODY, "integrity": 405}
# The Django admin: superusers only; everyone else is sent to the admin's sign-in page.
ADMIN = but(everyone(ADMIN_LOGIN), superuser=200)
# Outgoing webhooks' pages: Customs' administrators (superusers) only.
WEBHOOK_MANAGERS = but(CUSTOMS, officer=404, editor=404)
WEBHOOK_MANAGERS_POST = but(WEBHOOK_MANAGERS, superuser=405)
# Gift supervisors' pages: no persona of the world is one (tests/integrity covers them).
GIFT_SUPERVISORS = but(NOBODY, visitor=LOGIN)
# A gift declaration's pages: its declarant (the world's officer) and gift supervisors.
DECLARANT = but(GIFT_SUPERVISORS, officer=200, integrity=404)


@dataclass(frozen=True)
class Row:
    name: str
    expected: dict
    args: object = None
    label: str = ""
    query: str = ""
    # The URL itself is the key (a calendar feed's or an invitation's secret token): whoever
    # holds it sees what its owner sees, so the page is not searched for SECRETS.
    capability: bool = False

    def url(self, world):
        args = self.args(world) if self.args else []
        url = reverse(self.name, args=args)
        query = self.query(world) if callable(self.query) else self.query
        return f"{url}?{query}" if query else url

    def __str__(self):
        return f"{self.name} [{self.label}]" if self.label else self.name


def row(name, expected, args=None, *, label="", query="", capability=False):
    return Row(name, expected, args, label, query, capability)


def held_month(world):
    moment = world.held_invitees_meeting.start
    return f"year={moment.year}&month={moment.month}"


# --- The table ------------------------------------------------------------------------------

TABLE = [
    # Portal
    row("home", PUBLIC),
    # Open data: the page listing every dataset, and its DCAT catalogue.
    row("open_data", PUBLIC),
    row("open_data_catalog", PUBLIC),
    row("integrity:home", PUBLIC),
    # Integrity complaints: anyone reports and follows a report by its receipt code; a case
    # is the integrity unit's alone (404 to everyone else, officers and superusers included).
    row("integrity:report", PUBLIC),
    row("integrity:follow", PUBLIC),
    row("integrity:followed", everyone(Redirect("integrity:follow"))),
    row("integrity:forget", POST_ONLY),
    row("integrity:statistics", PUBLIC),
    row("integrity:my_reports", SIGNED_IN),
    row(
        "integrity:my_report",
        but(NOBODY, visitor=LOGIN, rep_a=200),
        lambda w: [w.named_complaint.pk],
    ),
    row("integrity:cases", INTEGRITY_UNIT),
    row("integrity:case", INTEGRITY_UNIT, lambda w: [w.complaint.pk]),
    row("integrity:case_attachment", INTEGRITY_UNIT, lambda w: [w.complaint_attachment.pk]),
    row("integrity:case_acknowledge", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    row("integrity:case_status", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    row("integrity:case_close", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    row("integrity:case_reply", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    row("integrity:case_note", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    row("integrity:case_actions", INTEGRITY_UNIT_POST, lambda w: [w.complaint.pk]),
    # The register of contacts: public; drafts and withheld entries for Customs only.
    row("integrity:register", PUBLIC),
    row(
        "integrity:register", PUBLIC, label="filtered", query=lambda w: f"organization={w.org_a.pk}"
    ),
    row("integrity:register_export", PUBLIC, query="format=csv", label="CSV"),
    row("integrity:register_export", PUBLIC, query="format=json", label="JSON"),
    row("integrity:register_export", PUBLIC, label="CSV by default"),
    row("integrity:entry", PUBLIC, lambda w: [w.register_entry.pk], label="published"),
    row("integrity:entry", CUSTOMS_OBJECT, lambda w: [w.register_draft.pk], label="draft"),
    row("integrity:entry", CUSTOMS_OBJECT, lambda w: [w.register_withheld.pk], label="withheld"),
    row("integrity:entry_create", CUSTOMS),
    row("integrity:entry_edit", CUSTOMS, lambda w: [w.register_draft.pk]),
    row("integrity:entry_withhold", CUSTOMS, lambda w: [w.register_draft.pk]),
    row("integrity:my_entries", CUSTOMS),
    # Outgoing webhooks
    row("webhooks:list", WEBHOOK_MANAGERS),
    row("webhooks:create", WEBHOOK_MANAGERS),
    row("webhooks:detail", WEBHOOK_MANAGERS, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:edit", WEBHOOK_MANAGERS, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:secret", WEBHOOK_MANAGERS, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:delete", WEBHOOK_MANAGERS, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:ping", WEBHOOK_MANAGERS_POST, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:enable", WEBHOOK_MANAGERS_POST, lambda w: [w.webhook_endpoint.pk]),
    row("webhooks:redeliver", WEBHOOK_MANAGERS_POST, lambda w: [w.webhook_delivery.pk]),
    # Integrity: gifts, hospitality and conflicts of interest.
    row("integrity:gifts", PUBLIC),
    row("integrity:gifts_csv", PUBLIC),
    row("integrity:gift_declare", CUSTOMS),
    row("integrity:gifts_mine", CUSTOMS),
    row("integrity:gift_queue", GIFT_SUPERVISORS),
    row("integrity:gift_detail", DECLARANT, lambda w: [w.gift_declaration.pk]),
    row("integrity:gift_correct", DECLARANT, lambda w: [w.gift_declaration.pk]),
    row("integrity:gift_review", GIFT_SUPERVISORS, lambda w: [w.gift_declaration.pk]),
    row("integrity:conflicts", CUSTOMS),
    row("integrity:conflict_end", CUSTOMS_POST, lambda w: [w.conflict.pk]),
    row("integrity:conflict_overrides", INTEGRITY_UNIT),
    row("dashboard", SIGNED_IN),
    row("healthz", PUBLIC),
    # From the machine itself, as here; tests/portal/test_metrics.py checks who else may read it.
    row("metrics", PUBLIC),
    # One-click unsubscribing (RFC 8058): the signed token is the key, no sign-in needed; a
    # GET only shows the button. The address is nobody's in the world: nothing changes.
    row(
        "unsubscribe",
        PUBLIC,
        lambda w: ["mailings", unsubscribe.token("mailings", "nobody@example.org")],
        capability=True,
    ),
    row("unsubscribe", everyone(400), lambda w: ["mailings", "made-up"], label="bad token"),
    row("unsubscribe", NOBODY, lambda w: ["nothing", "made-up"], label="unknown purpose"),
    # Officers' previews of every e-mail (demo data, nothing sent).
    row("emailpreview:index", CUSTOMS),
    row("emailpreview:detail", CUSTOMS, lambda w: ["forums-confirmation", "fr"]),
    row("emailpreview:html", CUSTOMS, lambda w: ["forums-confirmation", "en"]),
    row("accounts:preferences", SIGNED_IN),
    row("accounts:set_language", POST_ONLY),
    row("accounts:tokens", SIGNED_IN),
    # Someone else's token is 404 whatever the method; its owner is told to POST.
    row(
        "accounts:token_revoke",
        but(NOBODY, visitor=LOGIN, rep_a=405),
        lambda w: [w.access_token.pk],
    ),
    # The API (/api/v1/): public reads for anyone; a person's own resources and Customs'
    # ones answer a visitor 401 with `WWW-Authenticate: Bearer` (no sign-in page for a
    # program), and 404 to whoever may not see them. The matrix walks it with each role's
    # session; tests/api/ walks it with tokens (test_planted_markers.py: every GET).
    row("api:schema", PUBLIC),
    row("api:docs", PUBLIC),
    row("api:forum-list", PUBLIC),
    row("api:forum-detail", PUBLIC, lambda w: [w.forum.slug]),
    row("api:forum-detail", API_CUSTOMS_OBJECT, lambda w: [w.draft_forum.slug], label="draft"),
    row("api:forum-detail", SEEN_BY_A, lambda w: [w.invited_forum.slug], label="invited-only"),
    row("api:my-registration-list", API_SIGNED_IN),
    row("api:my-registration-detail", API_OWN_A, lambda w: [w.registration_a.pk]),
    row("api:my-invitation-list", API_SIGNED_IN),
    row("api:my-invitation-detail", API_OWN_A, lambda w: [w.invitation_a.pk]),
    row("api:organization-list", API_CUSTOMS),
    row("api:organization-detail", API_CUSTOMS, lambda w: [w.org_a.pk]),
    row("api:organization-detail", API_CUSTOMS, lambda w: [w.proposed_org.pk], label="proposed"),
    row("api:forum-registrations", API_CUSTOMS, lambda w: [w.forum.slug]),
    row("api:forum-registrations", API_CUSTOMS, lambda w: [w.draft_forum.slug], label="draft"),
    row("api:action-progress", API_CUSTOMS, lambda w: [w.action.pk]),
    row("api:action-progress", API_CUSTOMS, lambda w: [w.internal_action.pk], label="internal"),
    # Stakeholders: the registry and mapping are Customs'; a representative keeps their own
    # organisation's profile and contacts.
    row("stakeholders:list", CUSTOMS),
    row("stakeholders:create", CUSTOMS),
    row("stakeholders:detail", CUSTOMS, lambda w: [w.org_a.pk]),
    row("stakeholders:edit", CUSTOMS, lambda w: [w.org_a.pk]),
    row("stakeholders:verify", CUSTOMS_POST, lambda w: [w.org_a.pk]),
    row("stakeholders:assess", CUSTOMS, lambda w: [w.org_a.pk]),
    row("stakeholders:map", CUSTOMS),
    row("stakeholders:gaps", CUSTOMS),
    row("stakeholders:export", CUSTOMS),
    row("stakeholders:selection_export", CUSTOMS_POST),
    row("stakeholders:import", CUSTOMS),
    row("stakeholders:import_preview", CUSTOMS, lambda w: [w.import_batch.pk]),
    row("stakeholders:import_run", CUSTOMS_POST, lambda w: [w.import_batch.pk]),
    row("stakeholders:import_report", CUSTOMS, lambda w: [w.import_batch.pk]),
    row("stakeholders:mine", PRIVATE_SECTOR),
    row("stakeholders:profile", EDITABLE_BY_A, lambda w: [w.org_a.pk]),
    row("stakeholders:contact_create", EDITABLE_BY_A, lambda w: [w.org_a.pk]),
    row("stakeholders:contact_edit", EDITABLE_BY_A, lambda w: [w.contact_a.pk]),
    row("stakeholders:contact_remove", EDITABLE_BY_A, lambda w: [w.contact_a.pk]),
    # Memberships: A's administrator (rep_a) and officers manage A's members; the pending
    # member of A only withdraws their own request.
    row("stakeholders:members", EDITABLE_BY_A, lambda w: [w.org_a.pk]),
    row("stakeholders:membership_requests", CUSTOMS),
    row(
        "stakeholders:membership_approve",
        but(CUSTOMS_POST, rep_a=405),
        lambda w: [w.pending_membership_a.pk],
    ),
    row("stakeholders:membership_refuse", EDITABLE_BY_A, lambda w: [w.pending_membership_a.pk]),
    row("stakeholders:membership_remove", EDITABLE_BY_A, lambda w: [w.member_a.pk]),
    row(
        "stakeholders:membership_remove",
        EDITABLE_BY_A,
        lambda w: [w.membership_a.pk],
        label="own: leaving",
    ),
    row("stakeholders:membership_role", but(CUSTOMS_POST, rep_a=405), lambda w: [w.member_a.pk]),
    row("stakeholders:membership_hand_over", OWN_A, lambda w: [w.member_a.pk]),
    row(
        "stakeholders:membership_withdraw",
        but(NOBODY, visitor=LOGIN, pending_a=405),
        lambda w: [w.pending_membership_a.pk],
    ),
    row("stakeholders:directory", PUBLIC),
    row("stakeholders:directory_export", PUBLIC),
    # Announcements: Customs' own record of what it wrote to which organisations.
    row("announcements:list", CUSTOMS),
    row("announcements:create", CUSTOMS),
    row(
        "announcements:create", CUSTOMS, label="with filters", query="category=trader&region=bamako"
    ),
    row("announcements:detail", CUSTOMS, lambda w: [w.announcement.pk]),
    # Surveys: officers build them; anyone in a survey's audience answers it (officers see it
    # as respondents do); someone outside it is told whom it is for.
    row("surveys:list", PUBLIC),
    row("surveys:manage", CUSTOMS),
    row("surveys:manage", CUSTOMS, label="filtered", query="status=draft&audience=public&q=x"),
    row("surveys:new", CUSTOMS),
    row("surveys:edit", CUSTOMS, lambda w: [w.survey.pk]),
    row("surveys:settings", CUSTOMS, lambda w: [w.survey.pk]),
    row("surveys:preview", CUSTOMS, lambda w: [w.draft_survey.pk]),
    row("surveys:launch", CUSTOMS_POST, lambda w: [w.draft_survey.pk]),
    row("surveys:copy_wave", CUSTOMS, lambda w: [w.survey.pk]),
    row("surveys:section_new", CUSTOMS, lambda w: [w.survey.pk]),
    row("surveys:section_edit", CUSTOMS, lambda w: [w.survey.pk, w.survey_section.pk]),
    row("surveys:section_delete", CUSTOMS_POST, lambda w: [w.survey.pk, w.survey_section.pk]),
    row("surveys:section_move", CUSTOMS_POST, lambda w: [w.survey.pk, w.survey_section.pk]),
    row("surveys:question_new", CUSTOMS, lambda w: [w.survey.pk, w.survey_section.pk]),
    row("surveys:question_edit", CUSTOMS, lambda w: [w.survey.pk, w.survey_question.pk]),
    row("surveys:question_delete", CUSTOMS_POST, lambda w: [w.survey.pk, w.survey_question.pk]),
    row("surveys:question_move", CUSTOMS_POST, lambda w: [w.survey.pk, w.survey_question.pk]),
    row("surveys:answer", PUBLIC, lambda w: [w.survey.slug], label="public"),
    row("surveys:answer", SIGNED_IN, lambda w: [w.survey_a.slug], label="organisation A's"),
    row(
        "surveys:answer",
        CUSTOMS_OBJECT_AFTER_SIGN_IN,
        lambda w: [w.draft_survey.slug],
        label="draft",
    ),
    row("surveys:thanks", PUBLIC, lambda w: [w.survey.slug]),
    row("surveys:thanks", CUSTOMS_OBJECT, lambda w: [w.draft_survey.slug], label="draft"),
    # Forums
    row("forums:list", PUBLIC),
    row("forums:new", CUSTOMS),
    row("forums:mine", SIGNED_IN),
    row("forums:registration", OWN_A, lambda w: [w.registration_a.pk]),
    row("forums:cancel", OWN_A, lambda w: [w.registration_a.pk]),
    row("forums:qr", but(SEEN_BY_A_SIGNED_IN), lambda w: [w.registration_a.pk]),
    row("forums:checkin_home", CHECKIN),
    row("forums:detail", PUBLIC, lambda w: [w.forum.slug]),
    row(
        "forums:detail",
        SEEN_BY_A_AFTER_SIGN_IN,
        lambda w: [w.invited_forum.slug],
        label="invited-only",
    ),
    row(
        "forums:detail", CUSTOMS_OBJECT_AFTER_SIGN_IN, lambda w: [w.draft_forum.slug], label="draft"
    ),
    row("forums:programme", PUBLIC, lambda w: [w.forum.slug]),
    row("forums:programme", SEEN_BY_A, lambda w: [w.invited_forum.slug], label="invited-only"),
    row("forums:ics", PUBLIC, lambda w: [w.forum.slug]),
    row("forums:ics", CUSTOMS_OBJECT, lambda w: [w.draft_forum.slug], label="draft"),
    row("forums:ics", SEEN_BY_A, lambda w: [w.invited_forum.slug], label="invited-only"),
    row(
        "forums:register",
        but(PRIVATE_SECTOR, rep_a=404, rep_b=404),
        lambda w: [w.draft_forum.slug],
        label="draft",
    ),
    row(
        "forums:participants",
        but(CUSTOMS_OBJECT, visitor=LOGIN),
        lambda w: [w.draft_forum.slug],
        label="draft",
    ),
    row("forums:participants", SIGNED_IN, lambda w: [w.forum.slug]),
    row(
        "forums:participants",
        SEEN_BY_A_SIGNED_IN,
        lambda w: [w.invited_forum.slug],
        label="invited-only",
    ),
    # A's representative, already registered, is shown their registration.
    row(
        "forums:register",
        but(PRIVATE_SECTOR, rep_a=Redirect("forums:registration", lambda w: [w.registration_a.pk])),
        lambda w: [w.forum.slug],
    ),
    row("forums:register", OWN_A, lambda w: [w.invited_forum.slug], label="invited-only"),
    # The former feedback page leads to the forum's feedback survey (old e-mails' links).
    row(
        "forums:feedback",
        everyone(Redirect("surveys:answer", lambda w: [w.ended_forum_survey.slug])),
        lambda w: [w.ended_forum.slug],
    ),
    row("forums:checkin", CHECKIN, lambda w: [w.forum.slug]),
    row("forums:checkin_counts", CHECKIN, lambda w: [w.forum.slug]),
    row("forums:checkin", CHECKIN, lambda w: [w.forum.slug], label="search", query="q=traore"),
    # Checking in someone found by name, undoing a check-in: the door's staff, by POST only.
    row(
        "forums:checkin_person",
        CHECKIN_POST,
        lambda w: [w.forum.slug, w.registration_a.pk],
    ),
    row(
        "forums:checkin_undo",
        CHECKIN_POST,
        lambda w: [w.forum.slug, w.registration_a.pk],
    ),
    row("forums:manage", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:edit", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:status", CUSTOMS_POST, lambda w: [w.forum.slug]),
    row("forums:hold_seats", CUSTOMS_POST, lambda w: [w.forum.slug]),
    row("forums:session_new", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:session_edit", CUSTOMS, lambda w: [w.forum.slug, w.session.pk]),
    row("forums:session_delete", CUSTOMS, lambda w: [w.forum.slug, w.session.pk]),
    row("forums:registrations", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:export_csv", CUSTOMS, lambda w: [w.forum.slug]),
    # Surveys' results: officers read, export and publish them; anyone reads published ones.
    row("surveys:results", CUSTOMS, lambda w: [w.results_survey.pk]),
    row(
        "surveys:results",
        CUSTOMS,
        lambda w: [w.results_survey.pk],
        label="breakdown",
        query="by=category",
    ),
    row(
        "surveys:results_texts",
        CUSTOMS,
        lambda w: [w.results_survey.pk, w.results_text_question.pk],
    ),
    row("surveys:results_export", CUSTOMS, lambda w: [w.results_survey.pk, "csv"], label="csv"),
    row("surveys:results_export", CUSTOMS, lambda w: [w.results_survey.pk, "xlsx"], label="xlsx"),
    row("surveys:publish", CUSTOMS_POST, lambda w: [w.results_survey.pk]),
    row("surveys:published", PUBLIC, lambda w: [w.results_survey.slug]),
    row("surveys:published", NOBODY, lambda w: [w.unpublished_survey.slug], label="unpublished"),
    row(
        "surveys:published_texts",
        PUBLIC,
        lambda w: [w.results_survey.slug, w.results_text_question.pk],
    ),
    row("forums:export_xlsx", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:guest_new", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:registration_admin", CUSTOMS, lambda w: [w.forum.slug, w.registration_a.pk]),
    row("forums:officer_cancel", CUSTOMS_POST, lambda w: [w.forum.slug, w.registration_a.pk]),
    row("forums:message", CUSTOMS, lambda w: [w.forum.slug]),
    row("forums:statistics", CUSTOMS, lambda w: [w.forum.slug]),
    # Leads officers to the feedback survey's results.
    row(
        "forums:feedback_summary",
        but(
            CUSTOMS,
            **{
                role: Redirect("surveys:results", lambda w: [w.ended_forum_survey.pk])
                for role in ("officer", "editor", "superuser")
            },
        ),
        lambda w: [w.ended_forum.slug],
    ),
    row("forums:feedback_summary", CUSTOMS, lambda w: [w.forum.slug], label="no survey yet"),
    # Surveys: a survey's invitations and reminders (surveys-send).
    row("surveys:invitations", CUSTOMS, lambda w: [w.ended_forum_survey.pk]),
    row("surveys:remind", CUSTOMS_POST, lambda w: [w.ended_forum_survey.pk]),
    # Consultations
    row("consultations:list", PUBLIC),
    # The list's downloads: what the list shows the viewer (drafts to Customs only).
    row("consultations:list_export", PUBLIC, query="format=csv", label="CSV"),
    row("consultations:list_export", PUBLIC, query="format=json", label="JSON"),
    row("consultations:create", CUSTOMS),
    row("consultations:detail", PUBLIC, lambda w: [w.consultation.pk]),
    row(
        "consultations:detail",
        SEEN_BY_A_AFTER_SIGN_IN,
        lambda w: [w.invited_consultation.pk],
        label="invited-only",
    ),
    row(
        "consultations:detail",
        CUSTOMS_OBJECT_AFTER_SIGN_IN,
        lambda w: [w.draft_consultation.pk],
        label="draft",
    ),
    row("consultations:edit", CUSTOMS, lambda w: [w.consultation.pk]),
    row("consultations:text", CUSTOMS, lambda w: [w.draft_consultation.pk]),
    row("consultations:revise", CUSTOMS, lambda w: [w.consultation.pk]),
    row("consultations:open", CUSTOMS, lambda w: [w.draft_consultation.pk]),
    row("consultations:version", PUBLIC, lambda w: [w.consultation.pk, 1]),
    row(
        "consultations:version",
        CUSTOMS_OBJECT,
        lambda w: [w.draft_consultation.pk, 1],
        label="draft",
    ),
    row("consultations:document", PUBLIC, lambda w: [w.consultation.pk, 1]),
    row("consultations:compare", PUBLIC, lambda w: [w.consultation.pk]),
    row(
        "consultations:compare",
        SEEN_BY_A,
        lambda w: [w.invited_consultation.pk],
        label="invited-only",
    ),
    row(
        "consultations:version",
        SEEN_BY_A,
        lambda w: [w.invited_consultation.pk, 1],
        label="invited-only",
    ),
    row(
        "consultations:comments",
        CUSTOMS_OBJECT,
        lambda w: [w.draft_consultation.pk],
        label="draft",
    ),
    row("consultations:comments", PUBLIC, lambda w: [w.consultation.pk]),
    row(
        "consultations:comments",
        SEEN_BY_A,
        lambda w: [w.invited_consultation.pk],
        label="invited-only",
    ),
    row("consultations:comment", PRIVATE_SECTOR, lambda w: [w.consultation.pk]),
    row("consultations:comment", OWN_A, lambda w: [w.invited_consultation.pk], label="invited"),
    # The report is Customs' until it is published.
    row("consultations:report", CUSTOMS_OBJECT, lambda w: [w.consultation.pk]),
    row("consultations:report_pdf", CUSTOMS_OBJECT, lambda w: [w.consultation.pk]),
    row("consultations:publish_report", CUSTOMS, lambda w: [w.consultation.pk]),
    row("consultations:adopt", CUSTOMS, lambda w: [w.consultation.pk]),
    row("consultations:history", CUSTOMS, lambda w: [w.consultation.pk]),
    row("consultations:comment_edit", OWN_A, lambda w: [w.private_comment_a.pk]),
    row(
        "consultations:comment_edit",
        OWN_A,
        lambda w: [w.public_comment_a.pk],
        label="published comment",
    ),
    row("consultations:comment_withdraw", OWN_A, lambda w: [w.private_comment_a.pk]),
    row("consultations:decide", CUSTOMS, lambda w: [w.private_comment_a.pk]),
    # An attachment to a private comment: its author and Customs.
    row("consultations:attachment", SEEN_BY_A, lambda w: [w.attachment_a.pk]),
    # Action plans: the public board of commitments; the plans themselves are Customs'.
    row("actionplans:board", PUBLIC),
    # The board's downloads: the same public actions, whoever asks.
    row("actionplans:board_export", PUBLIC, query="format=csv", label="CSV"),
    row("actionplans:board_export", PUBLIC, query="format=json", label="JSON"),
    row("actionplans:board_action", PUBLIC, lambda w: [w.action.pk]),
    # Contesting: a representative of an organisation the action concerns (A is its partner);
    # answering and removing: its responsible officer or an editor.
    row("actionplans:contest", OWN_A, lambda w: [w.action.pk]),
    row(
        "actionplans:contestation_answer",
        but(CUSTOMS, integrity=404),
        lambda w: [w.contestation.pk],
    ),
    row(
        "actionplans:contestation_moderate",
        but(CUSTOMS, integrity=404),
        lambda w: [w.contestation.pk],
    ),
    row("actionplans:contestation_attachment", SEEN_BY_A, lambda w: [w.contestation.pk]),
    # The board shows public actions only, whoever asks; officers read the rest elsewhere.
    row("actionplans:board_action", NOBODY, lambda w: [w.internal_action.pk], label="internal"),
    row("actionplans:action_detail", CUSTOMS, lambda w: [w.internal_action.pk], label="internal"),
    row("actionplans:plan_list", CUSTOMS),
    row("actionplans:plan_create", EDITORS),
    row("actionplans:my_actions", CUSTOMS),
    row("actionplans:plan_detail", CUSTOMS, lambda w: [w.plan.pk]),
    row("actionplans:plan_edit", EDITORS, lambda w: [w.draft_plan.pk]),
    row("actionplans:plan_dashboard", CUSTOMS, lambda w: [w.plan.pk]),
    row("actionplans:plan_history", CUSTOMS, lambda w: [w.plan.pk]),
    row("actionplans:plan_approve", EDITORS, lambda w: [w.draft_plan.pk]),
    row("actionplans:plan_activate", EDITORS_POST, lambda w: [w.plan.pk]),
    row("actionplans:plan_close", EDITORS_POST, lambda w: [w.plan.pk]),
    row("actionplans:plan_export", CUSTOMS, lambda w: [w.plan.pk]),
    row("actionplans:action_create", EDITORS, lambda w: [w.plan.pk]),
    # Turning a meeting commitment into an action of the plan.
    row("actionplans:action_from_commitment", EDITORS, lambda w: [w.commitment_a.pk]),
    row("actionplans:version_detail", CUSTOMS, lambda w: [w.plan.pk, 1]),
    row("actionplans:version_compare", CUSTOMS, lambda w: [w.plan.pk, 1]),
    row("actionplans:action_detail", CUSTOMS, lambda w: [w.action.pk]),
    row("actionplans:action_edit", EDITORS, lambda w: [w.action.pk]),
    # The officer is the action's responsible; editors and superusers may report on any;
    # another officer (the integrity unit's) may not.
    row("actionplans:progress_add", but(CUSTOMS, integrity=404), lambda w: [w.action.pk]),
    row("actionplans:evidence_download", CUSTOMS, lambda w: [w.evidence.pk]),
    row("actionplans:objective_list", CUSTOMS),
    row("actionplans:objective_create", EDITORS),
    row("actionplans:objective_detail", CUSTOMS, lambda w: [w.objective.pk]),
    row("actionplans:objective_edit", EDITORS, lambda w: [w.objective.pk]),
    # Meetings and the calendar
    row("meetings:calendar", PUBLIC),
    row("meetings:calendar", PUBLIC, label="month of the held meetings", query=held_month),
    row("meetings:calendar", NOBODY, label="no such month", query="year=2026&month=13"),
    row("meetings:agenda", PUBLIC),
    row("meetings:public_feed", PUBLIC),
    # A personal feed is reached by its secret token, by calendar programs that never sign in.
    row("meetings:feed", PUBLIC, lambda w: [w.feed_a.token], capability=True),
    row("meetings:feed", NOBODY, lambda w: ["made-up-token"], label="unknown token"),
    row("meetings:subscribe", SIGNED_IN),
    row("meetings:subscribe_public", PUBLIC),
    row("meetings:list", SIGNED_IN),
    row("meetings:create", CUSTOMS),
    # The transparency log's old address: a permanent redirect to the register of contacts.
    row("meetings:transparency", everyone(301)),
    row("meetings:commitments", PUBLIC),
    row("meetings:commitment_edit", CUSTOMS, lambda w: [w.commitment_a.pk]),
    row("meetings:decide_item", CUSTOMS_POST, lambda w: [w.proposal_a.pk]),
    # The reply link in an invitation e-mail works without signing in (the token is the key).
    row("meetings:rsvp_token", PUBLIC, lambda w: [w.invitation_a.token], capability=True),
    row("meetings:rsvp_token", NOBODY, lambda w: ["made-up-token"], label="unknown token"),
    row("meetings:bodies", PUBLIC),
    row("meetings:body_create", CUSTOMS),
    row("meetings:body", PUBLIC, lambda w: [w.body.pk]),
    row("meetings:body_edit", CUSTOMS, lambda w: [w.body.pk]),
    row("meetings:requests", but(SIGNED_IN, checkin=404)),
    row("meetings:request_create", PRIVATE_SECTOR),
    row("meetings:request", SEEN_BY_A_SIGNED_IN, lambda w: [w.request_a.pk]),
    row("meetings:request_decline", CUSTOMS_POST, lambda w: [w.request_a.pk]),
    row("meetings:detail", PUBLIC, lambda w: [w.public_meeting.pk]),
    row(
        "meetings:detail",
        SIGNED_IN_PARTNERS,
        lambda w: [w.held_partners_meeting.pk],
        label="held, partners",
    ),
    row("meetings:detail", SIGNED_IN_PARTNERS, lambda w: [w.partners_meeting.pk], label="partners"),
    row(
        "meetings:detail",
        SEEN_BY_A_AFTER_SIGN_IN,
        lambda w: [w.invitees_meeting.pk],
        label="invitees",
    ),
    row(
        "meetings:detail",
        CUSTOMS_OBJECT_AFTER_SIGN_IN,
        lambda w: [w.internal_meeting.pk],
        label="internal",
    ),
    row(
        "meetings:detail",
        CUSTOMS_OBJECT_AFTER_SIGN_IN,
        lambda w: [w.held_internal_meeting.pk],
        label="held, internal",
    ),
    row(
        "meetings:detail",
        SEEN_BY_A_AFTER_SIGN_IN,
        lambda w: [w.held_invitees_meeting.pk],
        label="held, invitees",
    ),
    row("meetings:edit", CUSTOMS, lambda w: [w.partners_meeting.pk]),
    row("meetings:status", CUSTOMS_POST, lambda w: [w.partners_meeting.pk]),
    row("meetings:ics", PUBLIC, lambda w: [w.public_meeting.pk]),
    row("meetings:ics", PARTNERS, lambda w: [w.partners_meeting.pk], label="partners"),
    row("meetings:ics", SEEN_BY_A, lambda w: [w.invitees_meeting.pk], label="invitees"),
    row("meetings:ics", CUSTOMS_OBJECT, lambda w: [w.internal_meeting.pk], label="internal"),
    row("meetings:invitations", CUSTOMS, lambda w: [w.invitees_meeting.pk]),
    row("meetings:remind_unanswered", CUSTOMS_POST, lambda w: [w.invitees_meeting.pk]),
    row("meetings:invite_organizations", CUSTOMS_POST),
    row("meetings:rsvp", SIGNED_IN_POST, lambda w: [w.invitees_meeting.pk]),
    row("meetings:propose", OWN_A, lambda w: [w.invitees_meeting.pk]),
    # Only invitees propose agenda items; a partners meeting without invitations has none.
    row(
        "meetings:propose",
        but(PRIVATE_SECTOR, rep_a=404, rep_b=404),
        lambda w: [w.partners_meeting.pk],
        label="not invited",
    ),
    row("meetings:minutes", CUSTOMS, lambda w: [w.public_meeting.pk]),
    row("meetings:commitment_create", CUSTOMS, lambda w: [w.public_meeting.pk]),
    # Minutes the private-sector co-chair (A's representative) validates: officers follow
    # the versions and may publish without the validation; the co-chair alone answers.
    row("meetings:minutes_versions", CUSTOMS, lambda w: [w.cosign_meeting.pk]),
    row("meetings:minutes_publish", CUSTOMS, lambda w: [w.cosign_meeting.pk]),
    row(
        "meetings:minutes_review",
        but(NOBODY, visitor=LOGIN, rep_a=200),
        lambda w: [w.cosign_meeting.pk],
    ),
    row(
        "meetings:minutes_review",
        but(NOBODY, visitor=LOGIN),
        lambda w: [w.public_meeting.pk],
        label="not co-signed",
    ),
    row("meetings:occurrence", SIGNED_IN_PARTNERS, lambda w: [w.series.pk, w.stamp]),
    row("meetings:occurrence_cancel", CUSTOMS_POST, lambda w: [w.series.pk, w.stamp]),
    row("meetings:occurrence_move", CUSTOMS, lambda w: [w.series.pk, w.stamp]),
    row("meetings:occurrence_detach", CUSTOMS_POST, lambda w: [w.series.pk, w.stamp]),
    row("meetings:occurrence_shift", CUSTOMS_POST, lambda w: [w.series.pk, w.stamp]),
    # The API (/api/v1/): JSON, never a redirect to sign in; what a reader may not see is a
    # 404 problem, whoever asks. Public resources read through the pages' own querysets.
    row("api:schema", PUBLIC),
    row("api:docs", PUBLIC),
    row("api:forum-list", PUBLIC),
    row("api:forum-detail", PUBLIC, lambda w: [w.forum.slug]),
    row("api:forum-detail", SEEN_BY_A, lambda w: [w.invited_forum.slug], label="invited-only"),
    row("api:forum-detail", CUSTOMS_OBJECT, lambda w: [w.draft_forum.slug], label="draft"),
    row("api:calendar-list", PUBLIC),
    row("api:calendar-list", PUBLIC, label="filtered", query="kind=forum"),
    row("api:consultation-list", PUBLIC),
    row("api:consultation-detail", PUBLIC, lambda w: [w.consultation.pk]),
    row(
        "api:consultation-detail",
        SEEN_BY_A,
        lambda w: [w.invited_consultation.pk],
        label="invited",
    ),
    row(
        "api:consultation-detail",
        CUSTOMS_OBJECT,
        lambda w: [w.draft_consultation.pk],
        label="draft",
    ),
    row("api:consultation-comments", PUBLIC, lambda w: [w.consultation.pk]),
    row(
        "api:consultation-comments",
        CUSTOMS_OBJECT,
        lambda w: [w.draft_consultation.pk],
        label="draft",
    ),
    # The report's handling table once the report is published: not yet, for anyone.
    row("api:consultation-report", NOBODY, lambda w: [w.consultation.pk]),
    row("api:commitment-list", PUBLIC),
    row("api:commitment-detail", PUBLIC, lambda w: [w.action.pk]),
    # The public board's actions only, for everyone (officers read the internal ones on
    # their own pages).
    row("api:commitment-detail", NOBODY, lambda w: [w.internal_action.pk], label="internal"),
    row("api:register-list", PUBLIC),
    row("api:register-withheld", PUBLIC),
    row("api:register-detail", PUBLIC, lambda w: [w.register_entry.pk], label="published"),
    row("api:register-detail", NOBODY, lambda w: [w.register_draft.pk], label="draft"),
    row("api:register-detail", NOBODY, lambda w: [w.register_withheld.pk], label="withheld"),
    row("api:statistics-list", PUBLIC),
    row("api:directory-list", PUBLIC),
    row("api:directory-detail", PUBLIC, lambda w: [w.org_a.pk]),
]

# allauth's pages (sign-in, sign-up, e-mail, password, second factor). Signed-in people are
# sent on from the pages meant for visitors; the second-factor pages need an account.
SIGNED_IN_AWAY = but(everyone(Redirect("dashboard")), visitor=200)
TO_REAUTH = Redirect("account_reauthenticate")
REAUTH = but(everyone(TO_REAUTH), visitor=LOGIN)
TABLE += [
    row("account_login", SIGNED_IN_AWAY),
    row("account_logout", but(everyone(200), visitor=Redirect("home"))),
    row("account_inactive", PUBLIC),
    row("account_signup", SIGNED_IN_AWAY),
    row("account_reauthenticate", SIGNED_IN),
    row("account_request_reauthentication_code", SIGNED_IN),
    row(
        "account_confirm_reauthentication_code",
        but(everyone(Redirect("account_request_reauthentication_code")), visitor=LOGIN),
    ),
    row("account_email", SIGNED_IN),
    row("account_email_verification_sent", PUBLIC),
    row("account_change_password", SIGNED_IN),
    row("account_set_password", but(everyone(Redirect("account_change_password")), visitor=LOGIN)),
    row("account_reset_password", PUBLIC),
    row("account_confirm_login_code", but(everyone(Redirect("dashboard")), visitor=LOGIN)),
    # One-time keys: a made-up key shows the "invalid or expired link" page.
    row("account_confirm_email", PUBLIC, lambda w: ["made-up-key"]),
    row("account_reset_password_from_key", PUBLIC, lambda w: ["1", "made-up-key"]),
    row("account_reset_password_from_key_done", PUBLIC),
    row("account_reset_password_done", PUBLIC),
    row("mfa_index", SIGNED_IN),
    # The code step of a sign-in in progress; someone signed in has nothing to give.
    row("mfa_authenticate", but(everyone(Redirect("dashboard")), visitor=LOGIN)),
    # Representatives have no authenticator: they confirm with their password instead.
    row("mfa_reauthenticate", but(SIGNED_IN, rep_a=TO_REAUTH, rep_b=TO_REAUTH)),
    # Changing a second factor asks for the password again first.
    row("mfa_activate_totp", REAUTH),
    row("mfa_deactivate_totp", but(REAUTH, rep_a=404, rep_b=404)),
    # Nobody in the world has generated recovery codes yet.
    row("mfa_view_recovery_codes", but(NOBODY, visitor=LOGIN)),
    row("mfa_generate_recovery_codes", REAUTH),
    row("mfa_download_recovery_codes", but(NOBODY, visitor=LOGIN)),
]


# --- The Django admin ------------------------------------------------------------------------

# Admin pages that the portal's ModelAdmins switch off for everyone (see ADMIN_OFF): rows that
# only the services create (meetings, registrations, comments, versions), audit records that
# nobody deletes, and the integrity factors that migrations define.
ADMIN_SWITCHED_OFF = {
    "admin:meetings_meeting_add",
    "admin:meetings_meeting_delete",
    "admin:meetings_invitation_add",
    "admin:meetings_invitation_delete",
    "admin:meetings_occurrenceexception_add",
    "admin:meetings_occurrenceexception_delete",
    "admin:meetings_commitment_add",
    "admin:meetings_commitment_delete",
    "admin:meetings_meetingrequest_add",
    "admin:meetings_meetingrequest_delete",
    "admin:stakeholders_organizationimport_add",
    "admin:stakeholders_membership_add",
    "admin:stakeholders_membership_delete",
    "admin:forums_registration_add",
    "admin:forums_forummessage_add",
    "admin:actionplans_integrityfactor_add",
    "admin:actionplans_integrityfactor_delete",
    "admin:actionplans_progressupdate_add",
    "admin:actionplans_planversion_add",
    "admin:consultations_consultation_add",
    "admin:consultations_consultation_delete",
    "admin:consultations_version_add",
    "admin:consultations_version_delete",
    "admin:consultations_section_add",
    "admin:consultations_section_delete",
    "admin:consultations_comment_add",
    "admin:consultations_comment_delete",
    "admin:consultations_attachment_add",
    "admin:consultations_attachment_delete",
    "admin:announcements_announcement_add",
    "admin:announcements_announcement_delete",
    "admin:accounts_personalaccesstoken_add",
    "admin:accounts_personalaccesstoken_delete",
    "admin:integrity_contactentry_add",
    "admin:integrity_contactentry_delete",
    *(
        f"admin:integrity_{model}_{page}"
        for model in (
            "giftdeclaration",
            "giftversion",
            "giftreview",
            "conflictofinterest",
            "conflictoverride",
        )
        for page in ("add", "delete")
    ),
}


def _first(model):
    def pick(world):
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the world has no {model._meta.label} for the admin's pages"
        return obj

    return pick


def _admin_rows():
    rows = [
        row("admin:index", ADMIN),
        # The admin signs people in through the portal's sign-in (allauth's, with its TOTP
        # step and rate limits); it refuses a signed-in person who is not staff rather than
        # offer them a password form to sign in again as someone else.
        row(
            "admin:login",
            but(everyone(ADMIN_OFF), visitor=LOGIN, superuser=Redirect("admin:index")),
        ),
        # Django's admin sends people without access from its sign-out page to its index.
        row("admin:logout", but(everyone(Redirect("admin:index")), superuser=405)),
        row("admin:password_change", ADMIN),
        row("admin:password_change_done", ADMIN),
        row("admin:jsi18n", ADMIN),
        # Django answers 403 to an autocomplete request that names no admin with
        # autocomplete_fields; the portal has none, so it is 403 for any request.
        row("admin:autocomplete", but(ADMIN, superuser=ADMIN_OFF)),
        row(
            "admin:view_on_site",
            but(ADMIN, superuser=302),
            lambda w: [_content_type(w.forum).pk, w.forum.pk],
        ),
        row("admin:auth_user_password_change", ADMIN, lambda w: [w.users["rep_a"].pk]),
    ]
    for label in sorted({m._meta.app_label for m in admin.site._registry}):
        rows.append(row("admin:app_list", ADMIN, lambda w, label=label: [label], label=label))
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pick = _first(model)

        def expect(name):
            return but(ADMIN, superuser=ADMIN_OFF) if name in ADMIN_SWITCHED_OFF else ADMIN

        rows += [
            row(f"{prefix}_changelist", expect(f"{prefix}_changelist")),
            row(f"{prefix}_add", expect(f"{prefix}_add")),
            row(f"{prefix}_history", ADMIN, lambda w, pick=pick: [pick(w).pk]),
            row(f"{prefix}_delete", expect(f"{prefix}_delete"), lambda w, pick=pick: [pick(w).pk]),
            row(f"{prefix}_change", ADMIN, lambda w, pick=pick: [pick(w).pk]),
        ]
        if hasattr(model, "history") and hasattr(model_admin, "history_view"):
            rows.append(
                row(
                    f"{prefix}_simple_history",
                    ADMIN,
                    lambda w, pick=pick: _history_args(pick(w)),
                )
            )
    return rows


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj)


def _history_args(obj):
    record = obj.history.order_by("history_id").first()
    assert record is not None, f"{obj!r} has no history record"
    return [obj.pk, record.history_id]


TABLE += _admin_rows()

# Named patterns deliberately left out of the table, each with its reason. Keep this short.
EXCLUDED = {
    # surveys-send's branch only: a stand-in for surveys-build's answer page (its rows come
    # with that page).
    "surveys:answer": "stand-in for the answer page on the surveys-send branch",
}


# --- What takes a POST ----------------------------------------------------------------------

# Every URL that takes a POST, with what the POST pass sends it: whoever may not reach the
# page (404, or sent to sign in) gets the same answer to a POST, and nothing in the database
# changes. Most get an empty post: a view that checked who may post only after validating the
# form would answer it 200 with the form's errors instead of 404. A button's form posts what
# the button sends, so that a view letting the wrong person through would really act.
# A POST form rendered on any page of the walk, or a URL that answers GET with 405, missing
# from this table fails the test.
TAKES_POST = {
    "unsubscribe": {"List-Unsubscribe": "One-Click"},
    "webhooks:create": {"name": "Intrus", "url": "https://example.org/", "events": "ping"},
    "webhooks:edit": {"name": "Intrus"},
    "webhooks:secret": {},
    "surveys:publish": {"action": "publish", "with_texts": "1"},
    "webhooks:delete": {},
    "webhooks:ping": {},
    "webhooks:enable": {},
    "webhooks:redeliver": {},
    "accounts:preferences": {},
    "accounts:tokens": {},
    "accounts:token_revoke": {},
    # Whoever may not report on the action gets the same answer as to a GET, and no report.
    "api:action-progress": {"date": "2026-01-15", "percent": "10", "narrative": "Fait."},
    "integrity:report": {},
    "integrity:follow": {},
    "integrity:followed": {},
    "integrity:forget": {},
    "integrity:my_report": {},
    "integrity:case_acknowledge": {},
    "integrity:case_status": {"status": "referred"},
    "integrity:case_close": {"finding": "substantiated"},
    "integrity:case_reply": {"reply-body": "Réponse"},
    "integrity:case_note": {"note-body": "Note"},
    "integrity:case_actions": {},
    "integrity:entry_create": {},
    "integrity:entry_edit": {},
    "integrity:entry_withhold": {},
    "accounts:set_language": {"language": "en"},
    "stakeholders:create": {},
    "stakeholders:selection_export": {},
    "stakeholders:edit": {},
    "stakeholders:verify": {"verified": "on"},
    "stakeholders:assess": {},
    "stakeholders:import": {},
    "stakeholders:import_run": {},
    "stakeholders:profile": {},
    "stakeholders:contact_create": {},
    "stakeholders:contact_edit": {},
    "stakeholders:contact_remove": {},
    "stakeholders:membership_approve": {},
    "stakeholders:membership_refuse": {"reason": "Inconnu."},
    "stakeholders:membership_remove": {"reason": "Départ."},
    "stakeholders:membership_role": {"role": "administrator"},
    "stakeholders:membership_hand_over": {},
    "stakeholders:membership_withdraw": {},
    "surveys:new": {"title_fr": "Intrus", "slug": "intrus", "audience": "public"},
    "surveys:settings": {"title_fr": "Intrus", "slug": "intrus", "audience": "public"},
    "surveys:launch": {},
    "surveys:copy_wave": {"slug": "intrus", "wave": "Intrus"},
    "surveys:section_new": {"title_fr": "Intrus"},
    "surveys:section_edit": {"title_fr": "Intrus"},
    "surveys:section_delete": {},
    "surveys:section_move": {"direction": "down"},
    "surveys:question_new": {"code": "intrus", "kind": "short_text", "text_fr": "Intrus"},
    "surveys:question_edit": {"code": "intrus", "kind": "short_text", "text_fr": "Intrus"},
    "surveys:question_delete": {},
    "surveys:question_move": {"direction": "down"},
    "surveys:answer": {},
    "forums:new": {},
    "forums:cancel": {},
    "forums:register": {"attendance_mode": "in_person"},
    "surveys:remind": {},
    "forums:checkin": {},
    "forums:checkin_person": {},
    "forums:checkin_undo": {},
    "forums:edit": {},
    "forums:status": {"status": "cancelled"},
    "forums:hold_seats": {"seats": "3"},
    "forums:session_new": {},
    "forums:session_edit": {},
    "forums:session_delete": {},
    "forums:guest_new": {},
    "forums:registration_admin": {},
    "forums:officer_cancel": {"note": "Annulée."},
    "forums:message": {},
    "announcements:create": {"subject": "Objet", "message": "Message", "confirm": "1"},
    "consultations:create": {},
    "consultations:edit": {},
    "consultations:text": {},
    "consultations:revise": {},
    "consultations:open": {},
    "consultations:comment": {},
    "consultations:publish_report": {},
    "consultations:adopt": {},
    "consultations:comment_edit": {},
    "consultations:comment_withdraw": {},
    "consultations:decide": {},
    "actionplans:plan_create": {},
    "actionplans:plan_edit": {},
    "actionplans:plan_approve": {},
    "actionplans:plan_activate": {},
    "actionplans:plan_close": {},
    "actionplans:action_create": {},
    "actionplans:action_from_commitment": {},
    "actionplans:action_edit": {},
    "actionplans:progress_add": {},
    "actionplans:contest": {},
    "actionplans:contestation_answer": {},
    "actionplans:contestation_moderate": {},
    "actionplans:objective_create": {},
    "actionplans:objective_edit": {},
    "meetings:create": {},
    "meetings:subscribe": {"reset": "1"},
    "meetings:commitment_edit": {},
    "meetings:decide_item": {"decision": "accept"},
    "meetings:rsvp_token": {"response": "accepted"},
    "meetings:body_create": {},
    "meetings:body_edit": {},
    "meetings:request_create": {},
    "meetings:request_decline": {"reason": "Pas disponible."},
    "meetings:edit": {},
    "meetings:status": {"action": "cancel"},
    "meetings:invitations": {},
    "meetings:invite_organizations": {},
    "integrity:gift_declare": {},
    "integrity:gift_correct": {},
    "integrity:gift_review": {"decision": "approved", "note": "Vu."},
    "integrity:conflicts": {},
    "integrity:conflict_end": {},
    "meetings:rsvp": {"response": "accepted"},
    "meetings:remind_unanswered": {},
    "meetings:propose": {},
    "meetings:minutes": {},
    "meetings:commitment_create": {},
    "meetings:minutes_publish": {},
    "meetings:minutes_review": {},
    "meetings:occurrence_cancel": {},
    "meetings:occurrence_move": {},
    "meetings:occurrence_detach": {},
    "meetings:occurrence_shift": {"to": "next"},
    # allauth's own forms.
    "account_login": {},
    "account_logout": {},
    "account_signup": {},
    "account_reauthenticate": {},
    "account_request_reauthentication_code": {},
    "account_confirm_reauthentication_code": {},
    "account_email": {},
    "account_change_password": {},
    "account_set_password": {},
    "account_reset_password": {},
    "account_confirm_login_code": {},
    "account_confirm_email": {},
    "account_reset_password_from_key": {},
    "mfa_authenticate": {},
    "mfa_reauthenticate": {},
    "mfa_activate_totp": {},
    "mfa_deactivate_totp": {},
    "mfa_generate_recovery_codes": {},
    # The admin (its every page for a model below, and these).
    "admin:login": {},
    "admin:logout": {},
    "admin:password_change": {},
    "admin:auth_user_password_change": {},
}
for _model, _model_admin in admin.site._registry.items():
    _pages = ["changelist", "add", "change", "delete"]
    if hasattr(_model, "history") and hasattr(_model_admin, "history_view"):
        _pages.append("simple_history")  # a past version's form, which reverts to it
    for _page in _pages:
        TAKES_POST[f"admin:{_model._meta.app_label}_{_model._meta.model_name}_{_page}"] = {}


# Who may read each secret word of the world, anywhere: Customs' officers (and editors and
# superusers, and the integrity unit's officers) read everything; the others only what is
# theirs.
OFFICERS = {"officer", "editor", "superuser", "integrity"}
SECRETS = {
    permission_world.SECRET_INTERNAL_NOTES: OFFICERS,
    permission_world.SECRET_ASSESSMENT: OFFICERS,
    # Check-in staff see the forums whose attendees they check in at the door.
    permission_world.SECRET_INVITED_FORUM: OFFICERS | {"rep_a", "checkin"},
    permission_world.SECRET_DRAFT_FORUM: OFFICERS,
    permission_world.SECRET_INVITEES_MEETING: OFFICERS | {"rep_a"},
    permission_world.SECRET_INTERNAL_MEETING: OFFICERS,
    permission_world.SECRET_PRIVATE_COMMENT: OFFICERS | {"rep_a"},
    permission_world.SECRET_INVITED_CONSULTATION: OFFICERS | {"rep_a"},
    permission_world.SECRET_DRAFT_CONSULTATION: OFFICERS,
    permission_world.SECRET_HELD_INTERNAL: OFFICERS,
    permission_world.SECRET_INTERNAL_MINUTES: OFFICERS,
    permission_world.SECRET_INTERNAL_COMMITMENT: OFFICERS,
    permission_world.SECRET_HELD_INVITEES: OFFICERS | {"rep_a"},
    permission_world.SECRET_INVITEES_MINUTES: OFFICERS | {"rep_a"},
    permission_world.SECRET_INTERNAL_ACTION: OFFICERS,
    permission_world.SECRET_PARTNERS_MINUTES: OFFICERS | {"rep_a"},
    permission_world.SECRET_PARTNERS_COMMITMENT: OFFICERS | {"rep_a"},
    permission_world.SECRET_ATTACHMENT_NAME: OFFICERS | {"rep_a"},
    permission_world.SECRET_COSIGN_DRAFT: OFFICERS | {"rep_a"},
    permission_world.SECRET_ANNOUNCEMENT: OFFICERS,
    permission_world.SECRET_PROPOSED_ORGANIZATION: OFFICERS,
    # A complaint, its attachment and the unit's note: the integrity unit only.
    permission_world.SECRET_COMPLAINT: {"integrity"},
    permission_world.SECRET_COMPLAINT_FILE: {"integrity"},
    permission_world.SECRET_COMPLAINT_NOTE: {"integrity"},
    permission_world.SECRET_REGISTER_DRAFT: OFFICERS,
    permission_world.SECRET_REGISTER_WITHHELD: OFFICERS,
    permission_world.SECRET_WITHHOLDING_NOTE: OFFICERS,
    # The admin shows superusers every row.
    permission_world.SECRET_GIFT_DESCRIPTION: {"officer", "superuser"},
    permission_world.SECRET_CONFLICT: {"officer", "superuser"},
}


def secrets(world):
    """SECRETS, and the world's own secrets (made at random when it is built)."""
    return {
        **SECRETS,
        # A's check-in code: A's representative, Customs, and the staff at the door.
        world.registration_a.display_code: OFFICERS | {"rep_a", "checkin"},
        world.feed_a.token: {"rep_a"},
        world.invitation_a.token: {"rep_a"},
        # A webhook endpoint's signing secret: Customs' administrators only.
        world.webhook_endpoint.secret: {"superuser"},
        # An API token's key: shown once, on the answer that made it, and on no page after.
        world.access_token_key: set(),
        # Why an officer overrode a conflict warning: the integrity unit's (and the admin's).
        permission_world.SECRET_OVERRIDE_REASON: {"integrity", "superuser"},
    }


# --- The walk --------------------------------------------------------------------------------


def resolver_names(resolver=None, namespace=""):
    """Every named URL pattern of the project, with its namespace ("forums:detail"), and the
    regexes of the unnamed ones."""
    resolver = resolver or get_resolver()
    named, unnamed = set(), set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            more_named, more_unnamed = resolver_names(pattern, inner)
            named |= more_named
            unnamed |= {(inner, regex) for _, regex in more_unnamed} if inner else more_unnamed
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                named.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
            else:
                unnamed.add((namespace, str(pattern.pattern)))
    return named, unnamed


def test_every_url_pattern_is_in_the_table():
    named, _ = resolver_names()
    covered = {r.name for r in TABLE} | set(EXCLUDED)
    missing = sorted(named - covered)
    assert not missing, (
        f"{len(missing)} URL name(s) found by the resolver are in neither TABLE nor EXCLUDED "
        f"of {__name__}; add a row for each: {', '.join(missing)}"
    )


def test_every_row_names_a_url_that_exists():
    named, _ = resolver_names()
    stale = sorted({r.name for r in TABLE} - named) + sorted(set(EXCLUDED) - named)
    assert not stale, f"rows for URL names the resolver does not know: {', '.join(stale)}"


def test_only_the_admin_has_unnamed_url_patterns():
    # The admin's own unnamed patterns redirect to named ones (old change URLs, the catch-all).
    _, unnamed = resolver_names()
    outside = sorted(regex for namespace, regex in unnamed if namespace != "admin")
    assert not outside, f"unnamed URL patterns escape the matrix: {outside}"


def test_no_row_expects_a_403_outside_the_admin():
    wrong = [
        str(r) for r in TABLE if 403 in r.expected.values() and not r.name.startswith("admin:")
    ]
    assert not wrong, f"an object someone may not see answers 404, not 403: {wrong}"


def test_every_url_answering_get_with_405_is_in_takes_post():
    missing = sorted({r.name for r in TABLE if 405 in r.expected.values()} - set(TAKES_POST))
    assert not missing, f"POST-only URLs missing from TAKES_POST: {', '.join(missing)}"


def test_every_url_in_takes_post_exists():
    named, _ = resolver_names()
    stale = sorted(set(TAKES_POST) - named)
    assert not stale, f"TAKES_POST names URLs the resolver does not know: {', '.join(stale)}"


def sign_in(client, user):
    """Through the real sign-in form, and the TOTP step for customs accounts."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if user.is_customs:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
        assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


def describe(expected):
    return str(expected)


def answer(client, url):
    """(status, location path or None, body, error text or None, Cache-Control) for a GET of
    `url`."""
    try:
        response = client.get(url)
    except Exception as exc:  # a 500: report it with the rest instead of stopping the walk
        return 500, None, b"", f"{exc.__class__.__name__}: {exc}", None
    location = response.get("Location")
    # Reading a streaming answer to its end closes it; closing one again here would send
    # request_finished, which closes the test's database connection on PostgreSQL.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    cache = response.get("Cache-Control")
    return response.status_code, location and location.split("?")[0], body, None, cache


NOT_STORED = {"private", "no-store"}


def stored_nowhere(cache_control):
    return NOT_STORED <= {part.strip() for part in (cache_control or "").split(",")}


def matches(expected, status, location, world):
    if isinstance(expected, Redirect):
        return status == 302 and location == expected.path(world)
    return status == expected


class PostForms(HTMLParser):
    """The actions of a page's <form method="post"> (None for a form that posts to its page),
    and those of the ones with a file input."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.actions = []
        self.file_actions = []
        self._posting = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._posting = (attrs.get("method") or "get").lower() == "post"
            if self._posting:
                self.actions.append(attrs.get("action") or None)
        elif tag == "input" and (attrs.get("type") or "").lower() == "file" and self._posting:
            if self.actions[-1] not in self.file_actions:
                self.file_actions.append(self.actions[-1])

    def handle_endtag(self, tag):
        if tag == "form":
            self._posting = False


def _paths(url, actions):
    return [urlsplit(urljoin(url, action or url)).path for action in actions]


def post_form_targets(url, body):
    """The URL names the POST forms of a page post to."""
    parser = PostForms()
    parser.feed(body.decode(errors="replace"))
    names = set()
    for path in _paths(url, parser.actions):
        try:
            names.add(resolve(path).view_name)
        except Resolver404:
            names.add(f"(no URL pattern: {path})")
    return names


def file_forms_without_room(url, body):
    """The paths that a form with a file input posts to, on this page, whose view takes no
    more than a form of text (portal.uploads.takes_files): any file would be answered 413."""
    parser = PostForms()
    parser.feed(body.decode(errors="replace"))
    return [
        path
        for path in _paths(url, parser.file_actions)
        if uploads.body_limit(path) <= uploads.text_limit()
    ]


def refuses(expected):
    """Whether the profile's answer keeps the person out of the page."""
    return expected in (403, 404) or expected in (LOGIN, ADMIN_LOGIN)


def post_answer(client, url, data):
    try:
        response = client.post(url, data)
    except Exception as exc:
        return 500, None, f"{exc.__class__.__name__}: {exc}"
    location = response.get("Location")
    return response.status_code, location and location.split("?")[0], None


def post_pass(client, role, world):
    """POST to every URL of TAKES_POST that `role` may not reach: the same answer as a GET
    (404, or sent to sign in), and nothing changed. Returns (what is wrong, how many posts)."""
    wrong, posts = [], 0
    for entry in TABLE:
        expected = entry.expected[role]
        if entry.name not in TAKES_POST or not refuses(expected):
            continue
        url = entry.url(world)
        data = TAKES_POST[entry.name]
        posts += 1
        before = fingerprint()
        status, location, error = post_answer(client, url, data)
        changed = [
            f"{label}: {(sorted(rows - before[label]) or sorted(before[label] - rows))[0][:120]}"
            for label, rows in fingerprint().items()
            if rows != before[label]
        ]
        if status == 500:
            wrong.append(f"POST {entry} {url}: 500 ({error})")
        elif status == 403 and expected != 403:
            wrong.append(f"POST {entry} {url}: 403, but a page someone may not see answers 404")
        elif not matches(expected, status, location, world):
            got = f"{status} to {location}" if location else str(status)
            wrong.append(f"POST {entry} {url}: expected {describe(expected)}, got {got}")
        if changed:
            wrong.append(f"POST {entry} {url} by {role} changed {changed[:3]}")
    return wrong, posts


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(client, role, _fast_passwords):
    world = permission_world.build()
    user = world.users[role]
    if user is not None:
        sign_in(client, user)

    wrong = []
    world_secrets = secrets(world)
    seen = set()
    posted_to = {}  # URL name -> the page whose POST form posts to it
    for entry in TABLE:
        expected = entry.expected[role]
        try:
            url = entry.url(world)
        except NoReverseMatch as exc:
            wrong.append(f"{entry}: cannot build its URL ({exc})")
            continue
        status, location, body, error, cache = answer(client, url)
        if status == 200 and (user is not None or entry.capability) and not stored_nowhere(cache):
            wrong.append(f"{entry} {url}: 200 with Cache-Control {cache!r}, not private, no-store")
        if status == 200 and b"<form" in body:
            for target in post_form_targets(url, body):
                posted_to.setdefault(target, f"{entry} {url}")
            # (Not the admin's pages: no admin form takes files, since every write of a file
            # goes through the services; simple_history's page of a past version of a
            # read-only record still draws its file input, which cannot be saved.)
            admin_page = entry.name.startswith("admin:")
            for path in [] if admin_page else file_forms_without_room(url, body):
                wrong.append(
                    f"{entry} {url}: a form with a file input posts to {path}, whose view is "
                    "not marked @takes_files (every upload would be answered 413)"
                )
        if status == 500:
            wrong.append(f"{entry} {url}: 500 ({error})")
        elif status == 403 and expected != 403:
            wrong.append(f"{entry} {url}: 403, but a page someone may not see answers 404")
        elif not matches(expected, status, location, world):
            got = f"{status} to {location}" if location else str(status)
            wrong.append(f"{entry} {url}: expected {describe(expected)}, got {got}")
        if not entry.capability:
            for secret, readers in world_secrets.items():
                if secret.encode() in body:
                    seen.add(secret)
                    if role not in readers:
                        wrong.append(f"{entry} {url}: shows {secret!r} to {role}")

    # The search for secrets finds what it looks for: an officer reads each fixed one
    # somewhere, and A's representative their check-in code and calendar feed address.
    must_see = {
        "officer": {secret for secret, readers in SECRETS.items() if "officer" in readers},
        "integrity": {secret for secret, readers in SECRETS.items() if readers == {"integrity"}},
        "rep_a": {world.registration_a.display_code, world.feed_a.token},
    }.get(role, set())
    unseen = must_see - seen
    assert not unseen, f"no page shows these to {role}; is the search broken? {unseen}"
    untabled = sorted(set(posted_to) - set(TAKES_POST))
    wrong += [
        f"{posted_to[name]}: a POST form posts to {name}, not in TAKES_POST" for name in untabled
    ]
    refused, posts = post_pass(client, role, world)
    wrong += refused
    # Every role is kept out of something that takes a POST (the superuser: the admin's pages
    # switched off, the made-up tokens), so a pass that posts nothing is broken.
    assert posts, f"the POST pass posted nothing as {role}"
    if user is not None:
        # Nothing on the walk signed the person out (or every later answer would be a visitor's).
        assert client.get(reverse("dashboard")).status_code == 200
    assert not wrong, f"{role}: {len(wrong)} answer(s) differ from the table:\n" + "\n".join(wrong)
