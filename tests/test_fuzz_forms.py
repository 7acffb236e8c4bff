"""Random, oversized, Unicode and control-character input posted to every form of the portal.

For every form, as the role that may use it, hypothesis changes some of the fields the page
renders (read from the page itself, so a new field is fuzzed without touching this file) and
posts. Whatever it sends:

- the portal never answers 500 (the test client re-raises any exception);
- bad input is answered 200 with the form shown again, an error message and what the user
  typed (passwords and files aside), and no row of the database changes;
- good input redirects, and every text the user typed is stored as typed (trimmed).

The GET forms (search boxes, filters) get the same junk in their query strings.

The data are the demo data (`seed_demo`), seeded once for the module and rolled back at its end.
Runs on SQLite and on PostgreSQL, where a NUL byte in a text is refused by the database itself.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.factories import PortalClient
from tests.rows import changed_rows, fingerprint

pytestmark = pytest.mark.django_db

EXAMPLES = 20
REPRESENTATIVE = "representant@ccim.ml"
OFFICER = "agent@douane.gouv.ml"
EDITOR = "editeur@douane.gouv.ml"
CHECKIN = "accueil@douane.gouv.ml"
INTEGRITY_UNIT = "integrite@douane.gouv.ml"
ADMINISTRATOR = "admin@douane.gouv.ml"
# A public address written as such: the webhooks' guard (portal/webhooks/guard.py) accepts it
# without a DNS lookup, which a fuzzing run must not wait on.
WEBHOOK_URL = "https://196.200.60.1/hooks"
TEXT_INPUTS = {"text", "email", "url", "tel", "number", "date", "datetime-local", "time", "search"}
# Inputs stored as the person typed them (a date or a number is stored as what it means).
FREE_TEXT = {"text", "email", "url", "tel", "search", "textarea"}
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger", "alert-warning")


# Junk: what a careless or hostile client may send in any field.
junk = st.one_of(
    st.text(max_size=40),
    st.text(max_size=20).map(lambda text: f"{text}\x00{text}"),
    st.sampled_from(
        [
            "\x00",
            "\x01\x02\x1b[31m\x7f",
            " \t\r\n ",
            "\u202eevil\u202c",
            "\ufeff\u200b",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏾‍💼 ﷽",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "-1",
            "0",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "2026-02-30",
            "2026-13-01T25:61",
            "9999-12-31T23:59",
            "../../etc/passwd",
            "²",
            "١٢",
        ]
    ),
    st.integers(min_value=300, max_value=60_000).map(lambda size: "é" * size),
)


class FormParser(HTMLParser):
    """The fields of the POST (or GET) forms of a page: name -> (kind, values, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action"),
                    "fields": {},
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            entry = fields.setdefault(name, {"kind": kind, "values": [], "options": []})
            if kind in ("checkbox", "radio"):
                entry["options"].append(attrs.get("value", "on"))
                if "checked" in attrs:
                    entry["values"].append(attrs.get("value", "on"))
            elif kind == "submit":
                entry["options"].append(attrs.get("value", ""))
            elif kind not in ("button", "image", "reset"):
                entry["values"] = [attrs.get("value") or ""]
        elif tag == "button" and name:
            # Which button was pressed is input too (a status to set, a decision).
            entry = fields.setdefault(name, {"kind": "submit", "values": [], "options": []})
            entry["options"].append(attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = fields.setdefault(
                name,
                {"kind": "select", "values": [], "options": [], "multiple": "multiple" in attrs},
            )
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["values"].append(value)
        elif tag == "textarea" and name:
            self._textarea = fields.setdefault(
                name, {"kind": "textarea", "values": [""], "options": []}
            )

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["values"][0] += data


def form_fields(content, action=None, has=""):
    parser = FormParser()
    parser.feed(content)
    posts = [form for form in parser.forms if form["method"] == "post"]
    if action:
        posts = [form for form in posts if (form["action"] or action) == action] or posts
    if has:
        posts = [form for form in posts if has in form["fields"]]

    def inputs(form):
        kinds = {entry["kind"] for entry in form["fields"].values()}
        return len(kinds - {"hidden", "submit", "button"}) and sum(
            entry["kind"] not in ("hidden", "submit", "button") for entry in form["fields"].values()
        )

    # The form with the most fields to fill is the page's main form (not the language switch).
    form = max(posts, key=inputs)
    form["fields"].pop("csrfmiddlewaretoken", None)
    return form["fields"]


def base_data(fields):
    data = {}
    for name, entry in fields.items():
        if entry["kind"] == "file":
            continue
        if entry["kind"] == "submit":
            if entry["options"]:
                data[name] = entry["options"][0]
            continue
        if entry["kind"] == "select" and not entry["values"]:
            options = [option for option in entry["options"] if option]
            values = options[:1] if not entry.get("multiple") else []
        else:
            values = [unescape(value) for value in entry["values"]]
        if entry["kind"] == "textarea":
            # The template adds a newline after <textarea>; browsers drop it.
            values = [value.removeprefix("\n") for value in values]
        if values:
            data[name] = values if len(values) > 1 or entry.get("multiple") else values[0]
    return data


def marked_for_deletion(name, data):
    """Whether a field belongs to a formset's form that the post marks for deletion (its
    input is then rightly dropped), read as the formset itself reads the DELETE box."""
    prefix, dash, _field = name.rpartition("-")
    box = f"{prefix}-DELETE"
    if not dash or box not in data:
        return False
    value = forms.CheckboxInput().value_from_datadict(data, {}, box)
    return forms.BooleanField(required=False).clean(value)


@dataclass
class Form:
    name: str
    user: str | None
    url: str  # a format string over the demo objects
    valid: dict = field(default_factory=dict)  # what makes the untouched form valid
    echo: bool = True  # whether bad input is shown back in the form
    stored: bool = True  # whether good text input is stored as typed
    # Fields that are not input (e.g. set by the page for the next step), or a second button
    # left unpressed (its post is another Form).
    skip: tuple = ()
    post: str = ""  # where the form posts, when not to the page that shows it
    # A small form inside a bigger page: bad input is told on the page it redirects to.
    redirects: bool = False
    # For a form that does its work once (open a consultation, cancel a registration...):
    # makes a new object for each example and returns its placeholders for the URLs, e.g.
    # {"plan": 12}; called with the demo objects and the signed-in client.
    fresh: object = None
    has: str = ""  # a field that tells the form apart from others posting to the same URL
    # For a form that answers good input on the spot (200), not by a redirect: what only that
    # answer holds (an integrity report's receipt code, which is shown once and never stored).
    accepted: str = ""


# --- New objects for the forms that do their work once --------------------------------------


def _user(email):
    from portal.accounts.models import User

    return User.objects.get(email=email)


def new_unattached_representative(demo, client):
    from tests.factories import RepresentativeFactory

    client.force_login(RepresentativeFactory())
    return {}


def new_pending_request(demo, client):
    """Someone asking to join the representative's organisation (which they administer)."""
    from stakeholders.models import Organization
    from tests.factories import RepresentativeFactory, pending_member_of

    organization = Organization.objects.get(pk=demo["own_org"])
    return {"pending_request": pending_member_of(organization, RepresentativeFactory()).pk}


def new_member(demo, client):
    """A plain member of the representative's organisation, for its administrator to remove."""
    from stakeholders.models import Membership, Organization
    from tests.factories import RepresentativeFactory, member_of

    user = RepresentativeFactory()
    member_of(Organization.objects.get(pk=demo["own_org"]), user, role=Membership.Role.MEMBER)
    return {"member": Membership.objects.get(user=user).pk}


def new_registration(demo, client):
    from forums.models import Forum
    from forums.services import seats
    from tests.factories import OrganizationFactory, representative_of

    forum = Forum.objects.get(slug=demo["cancel_forum"])
    registration = seats.register(forum, user=representative_of(OrganizationFactory()))
    return {"registration": registration.pk}


def new_gift_declaration(demo, client):
    from integrity.services import gifts

    version = gifts.declare(
        acting_user=_user(OFFICER),
        kind="hospitality",
        description="Déjeuner offert après la réunion",
        offered_by="Transit Sahel SARL",
        estimated_value=15000,
        offered_on=timezone.localdate(),
        decision="accepted",
    )
    return {"gift": version.declaration_id}


def new_meeting_request(demo, client):
    from meetings.services import requests

    meeting_request = requests.request_meeting(
        acting_user=_user(REPRESENTATIVE),
        subject="Délais au bureau de Kayes",
        first_choice=timezone.now() + timedelta(days=20),
    )
    return {"meeting_request": meeting_request.pk}


def new_cosigned_minutes(demo, client):
    """A held meeting of the demo's consultative framework, which the representative
    co-chairs for the private sector, whose minutes await their validation."""
    from meetings.models import DialogueBody, Meeting
    from meetings.services import minutes, scheduling

    officer = _user(OFFICER)
    body = DialogueBody.objects.get(private_chair__user__email=REPRESENTATIVE)
    start = timezone.now() + timedelta(days=1)
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Session extraordinaire du cadre",
        start=start,
        end=start + timedelta(hours=2),
        visibility=Meeting.Visibility.PARTNERS,
        body=body,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    minutes.record_minutes(
        meeting, acting_user=officer, minutes="## Décisions\n\nRelevé à valider.", cosign=True
    )
    return {"cosign_meeting": meeting.pk}


def new_draft_plan(demo, client):
    from actionplans.models import ActionPlan, StrategicObjective
    from tests.actionplans.factories import ActionFactory, PlanFactory

    objective = StrategicObjective.objects.get(pk=demo["objective"])
    plan = PlanFactory(status=ActionPlan.Status.DRAFT, objectives=[objective])
    ActionFactory(plan=plan, objective=objective, responsible=_user(OFFICER))
    return {"plan_to_approve": plan.pk}


def new_contestable_action(demo, client):
    """A public action of the active plan whose partner is the representative's organisation
    (an organisation contests an action once while its contestation is open)."""
    from actionplans.models import ActionPlan
    from stakeholders.models import Organization
    from tests.actionplans.factories import ActionFactory

    plan = ActionPlan.objects.get(pk=demo["plan"])
    action = ActionFactory(
        plan=plan,
        objective=plan.objectives.first(),
        responsible=_user(OFFICER),
        partners=[Organization.objects.get(pk=demo["own_org"])],
    )
    return {"contest_action": action.pk}


def new_contestation(demo, client):
    """An open contestation, for an editor to answer or remove (which is done once)."""
    from actionplans import contests
    from stakeholders.models import Organization

    action = new_contestable_action(demo, client)["contest_action"]
    from actionplans.models import Action

    contestation = contests.contest(
        Action.objects.get(pk=action),
        acting_user=_user(REPRESENTATIVE),
        organization=Organization.objects.get(pk=demo["own_org"]),
        subject="status",
        statement="Le guichet n’est pas ouvert le samedi.",
    )
    return {"contestation": contestation.pk}


def new_draft_consultation(demo, client):
    from tests.consultations.factories import draft

    return {"consultation_to_open": draft(_user(OFFICER)).pk}


def _report(reporter=None):
    from integrity.services import complaints

    return complaints.submit_complaint(
        acting_user=reporter,
        category="payment",
        occurred_on=timezone.localdate(),
        place="Poste de Kati",
        description="Un agent a demandé de l’argent.",
        anonymous=reporter is None,
    )


def new_case(demo, client):
    return {"case": _report()[0].pk}


def new_register_draft(demo, client):
    """A contact logged as a draft, for an officer to withhold (which is done once)."""
    from integrity.services import register

    entry = register.log_contact(
        acting_user=_user(OFFICER), kind="visit", contact_date=timezone.localdate()
    )
    return {"register_draft": entry.pk}


def new_visitor(demo, client):
    """Another browser: a visitor answers a public survey once (its cookie says who)."""
    client.cookies.pop("survey_visitor", None)
    return {}


FORMS = [
    Form("sign-up", None, "/accounts/signup/", stored=False),
    Form("sign-in", None, "/accounts/login/", stored=False),
    Form("password reset", None, "/accounts/password/reset/", stored=False),
    Form("preferences", REPRESENTATIVE, "/me/preferences/"),
    # A new API token: its key is on the answer, once (never stored, never redirected to).
    Form(
        "API token",
        REPRESENTATIVE,
        "/me/tokens/",
        valid={"name": "Tableur de suivi"},
        has="expiry_days",
        accepted='id="new-token-key"',
    ),
    Form("organisation profile", REPRESENTATIVE, "/stakeholders/organisations/{own_org}/profile/"),
    Form(
        "contact create",
        REPRESENTATIVE,
        "/stakeholders/organisations/{own_org}/contacts/new/",
        valid={"full_name": "Fatou Sangaré", "email": "fatou@example.ml"},
    ),
    Form("contact edit", REPRESENTATIVE, "/stakeholders/contacts/{own_contact}/edit/"),
    Form(
        "meeting request",
        REPRESENTATIVE,
        "/meetings/requests/new/",
        valid={"subject": "Dédouanement des intrants agricoles", "purpose": "Échanger."},
    ),
    Form(
        "reply to an invitation",
        REPRESENTATIVE,
        "/meetings/{invited}/",
        post="/meetings/{invited}/reply/",
        echo=False,
        valid={"response": "accepted"},
    ),
    Form(
        "agenda proposal",
        REPRESENTATIVE,
        "/meetings/{invited}/propose/",
        valid={"title": "Point sur les délais", "description": "Détails."},
    ),
    Form("forum registration", REPRESENTATIVE, "/forums/{open_forum}/register/"),
    Form(
        "consultation comment",
        REPRESENTATIVE,
        "/consultations/{open_consultation}/comment/",
        valid={"body": "Nous proposons de préciser l’article 3."},
    ),
    Form(
        "organisation create",
        OFFICER,
        "/stakeholders/organisations/new/",
        valid={"name": "Coopérative des éleveurs de Ségou"},
    ),
    Form("organisation edit", OFFICER, "/stakeholders/organisations/{org}/edit/"),
    Form("assessment", OFFICER, "/stakeholders/organisations/{org}/assess/"),
    Form("import upload", OFFICER, "/stakeholders/import/", echo=False, stored=False),
    # Saved with its main button (the first button, "Check the dates", saves nothing)...
    Form(
        "meeting create",
        OFFICER,
        "/meetings/new/",
        valid={
            "title": "Réunion de suivi",
            "start": "2027-03-02T09:00",
            "end": "2027-03-02T11:00",
            "venue": "Bamako",
        },
        skip=("check_dates",),
    ),
    # ...and its dates checked: good input answers with the check, on the spot.
    Form(
        "meeting date check",
        OFFICER,
        "/meetings/new/",
        valid={
            "title": "Réunion de suivi",
            "start": "2027-03-02T09:00",
            "end": "2027-03-02T11:00",
            "venue": "Bamako",
            "check_dates": "1",
        },
        stored=False,
        accepted='id="dates-check-title"',
    ),
    Form("meeting edit", OFFICER, "/meetings/{meeting}/edit/", skip=("check_dates",)),
    Form("invitations", OFFICER, "/meetings/{meeting}/invitations/", stored=False),
    Form("minutes", OFFICER, "/meetings/{held_meeting}/minutes/"),
    Form(
        "commitment",
        OFFICER,
        "/meetings/{held_meeting}/commitments/new/",
        valid={"description": "Publier la note de service.", "due": "2027-06-30"},
    ),
    Form("commitment edit", OFFICER, "/meetings/commitments/{commitment}/edit/"),
    Form(
        "dialogue body",
        OFFICER,
        "/meetings/bodies/new/",
        valid={"name": "Comité de suivi des transitaires"},
    ),
    Form(
        "forum create",
        OFFICER,
        "/forums/new/",
        valid={
            "title": "Forum des transitaires",
            "slug": "forum-des-transitaires",
            "start": "2027-05-04T09:00",
            "end": "2027-05-04T17:00",
            "city": "Kayes",
            "venue": "Hôtel de ville",
            "capacity": "100",
        },
    ),
    # (Not the slug: a good one moves the page, and the next example would post to nowhere.)
    Form("forum edit", OFFICER, "/forums/{open_forum}/edit/", skip=("slug",)),
    Form(
        "forum session",
        OFFICER,
        "/forums/{open_forum}/sessions/new/",
        valid={"title": "Table ronde", "start": "{forum_start}", "end": "{forum_end}"},
    ),
    Form(
        "held seats",
        OFFICER,
        "/forums/{open_forum}/manage/",
        post="/forums/{open_forum}/seats/",
        redirects=True,
        echo=False,
        stored=False,
    ),
    Form(
        "guest registration",
        OFFICER,
        "/forums/{open_forum}/registrations/new/",
        valid={"full_name": "Adama Touré", "email": "adama.toure@example.ml"},
    ),
    Form(
        "message to registrants",
        OFFICER,
        "/forums/{open_forum}/message/",
        valid={"subject": "Rappel", "body": "Le forum commence à 9 h."},
        stored=False,
    ),
    Form("check-in code", CHECKIN, "/forums/{open_forum}/checkin/", echo=False, stored=False),
    Form(
        "objective",
        EDITOR,
        "/action-plans/objectives/new/",
        valid={"title": "Réduire les délais de dédouanement", "code": "OS9"},
    ),
    Form("objective edit", EDITOR, "/action-plans/objectives/{objective}/edit/"),
    Form("plan", EDITOR, "/action-plans/new/", valid={"title": "Plan 2029"}),
    Form("plan edit", EDITOR, "/action-plans/{draft_plan}/edit/"),
    Form(
        "action",
        EDITOR,
        "/action-plans/{draft_plan}/actions/new/",
        valid={"title": "Former les agents", "code": "A-99"},
    ),
    Form("action edit", EDITOR, "/action-plans/actions/{action}/edit/"),
    Form(
        "progress",
        EDITOR,
        "/action-plans/actions/{action}/progress/",
        valid={"percent": "40", "narrative": "Deux sessions tenues."},
    ),
    Form(
        "contestation",
        REPRESENTATIVE,
        "/commitments/{contest_action}/contest/",
        valid={"subject": "progress", "statement": "Le bureau de Kati n’affiche rien."},
        fresh=new_contestable_action,
    ),
    Form(
        "contestation answer",
        EDITOR,
        "/commitments/contestations/{contestation}/answer/",
        valid={"answer": "Les délais seront affichés lundi."},
        fresh=new_contestation,
    ),
    Form(
        "contestation removal",
        EDITOR,
        "/commitments/contestations/{contestation}/moderate/",
        valid={"reason": "Propos injurieux."},
        fresh=new_contestation,
    ),
    Form(
        "consultation create",
        OFFICER,
        "/consultations/new/",
        valid={"title": "Projet de note sur le transit"},
    ),
    Form("consultation edit", OFFICER, "/consultations/{draft_consultation}/edit/"),
    Form("consultation text", OFFICER, "/consultations/{draft_consultation}/text/"),
    Form(
        "announcement",
        OFFICER,
        "/announcements/new/",
        # Straight to "Send" (the preview step writes nothing, so it is no test of storage).
        valid={"subject": "Fermeture du bureau", "message": "Le bureau ferme.", "confirm": "1"},
    ),
    Form(
        "comment handling",
        OFFICER,
        "/consultations/comments/{comment}/decide/",
        valid={"decision": "accepted", "reason": "Pertinent."},
    ),
    # --- Forms that the completeness test (tests/test_fuzz_coverage.py) found unfuzzed.
    Form(
        "language switch",
        None,
        "/",
        post="/me/language/",
        echo=False,
        stored=False,
        has="next",
    ),
    Form(
        "join an organisation",
        REPRESENTATIVE,
        "/stakeholders/my-organisation/",
        fresh=new_unattached_representative,
        valid={
            "new_organization_name": "Coopérative des maraîchers de Baguinéda",
            "new_organization_category": "association",
        },
        stored=False,
    ),
    Form(
        "membership refusal",
        REPRESENTATIVE,
        "/stakeholders/memberships/{pending_request}/refuse/",
        fresh=new_pending_request,
        valid={"reason": "Personne inconnue de la Chambre."},
    ),
    Form(
        "member removal",
        REPRESENTATIVE,
        "/stakeholders/memberships/{member}/remove/",
        fresh=new_member,
        valid={"reason": "A quitté la Chambre."},
    ),
    Form(
        "comment edit",
        REPRESENTATIVE,
        "/consultations/comments/{own_comment}/edit/",
    ),
    Form("reminder settings", REPRESENTATIVE, "/calendar/subscribe/", stored=False),
    Form(
        "survey create",
        OFFICER,
        "/surveys/manage/new/",
        valid={"title_fr": "Enquête de satisfaction", "slug": "satisfaction-fuzz"},
    ),
    Form("survey settings", OFFICER, "/surveys/manage/{survey}/settings/"),
    Form(
        "survey section",
        OFFICER,
        "/surveys/manage/{survey}/sections/new/",
        valid={"title_fr": "Vos démarches"},
    ),
    Form("survey section edit", OFFICER, "/surveys/manage/{survey}/sections/{survey_section}/"),
    Form(
        "survey question",
        OFFICER,
        "/surveys/manage/{survey}/sections/{survey_section}/questions/new/",
        valid={
            "code": "delais",
            "kind": "short_text",
            "text_fr": "Combien de temps a pris le dédouanement ?",
            "show_if": "",
        },
    ),
    Form(
        "survey question edit",
        OFFICER,
        "/surveys/manage/{survey}/questions/{survey_question}/",
        valid={"show_if": ""},
    ),
    Form(
        "survey wave",
        OFFICER,
        "/surveys/manage/{survey}/wave/",
        valid={"slug": "vague-fuzz", "wave": "Suivi 2027"},
    ),
    Form("survey answer", None, "/surveys/{public_survey}/", fresh=new_visitor),
    Form(
        "reply by the invitation's link",
        None,
        "/meetings/reply/{invitation_token}/",
        valid={"response": "accepted"},
        echo=False,
    ),
    Form(
        "password change",
        REPRESENTATIVE,
        "/accounts/password/change/",
        stored=False,
    ),
    Form(
        "e-mail addresses",
        REPRESENTATIVE,
        "/accounts/email/",
        has="action_add",
        valid={"email": "seconde.adresse@example.ml"},
        stored=False,
    ),
    Form(
        "verification",
        OFFICER,
        "/stakeholders/organisations/{unverified_org}/",
        post="/stakeholders/organisations/{unverified_org}/verify/",
        redirects=True,
        stored=False,
    ),
    Form(
        "request decline",
        OFFICER,
        "/meetings/requests/{meeting_request}/",
        post="/meetings/requests/{meeting_request}/decline/",
        fresh=new_meeting_request,
        valid={"reason": "Le bureau de Kayes a déjà répondu."},
        redirects=True,
    ),
    Form("body edit", OFFICER, "/meetings/bodies/{body}/edit/"),
    Form(
        "minutes review",
        REPRESENTATIVE,
        "/meetings/{cosign_meeting}/minutes/review/",
        fresh=new_cosigned_minutes,
        valid={"decision": "approved"},
    ),
    Form(
        "minutes published without the co-chair",
        OFFICER,
        "/meetings/{cosign_meeting}/minutes/publish/",
        fresh=new_cosigned_minutes,
        valid={"reason": "Le co-président est en mission."},
    ),
    Form(
        "meeting status",
        OFFICER,
        "/meetings/{status_meeting}/",
        post="/meetings/{status_meeting}/status/",
        redirects=True,
        echo=False,
        stored=False,
    ),
    Form(
        "decide an agenda item",
        OFFICER,
        "/meetings/{invited}/",
        post="/meetings/agenda-items/{proposal}/decide/",
        redirects=True,
        echo=False,
        stored=False,
    ),
    Form(
        "occurrence move",
        OFFICER,
        "/meetings/{series}/occurrences/{stamp}/move/",
    ),
    Form(
        "officer cancels a registration with a note",
        OFFICER,
        "/forums/{cancel_forum}/registrations/{registration}/",
        post="/forums/{cancel_forum}/registrations/{registration}/cancel/",
        fresh=new_registration,
        redirects=True,
    ),
    Form("forum session edit", OFFICER, "/forums/{open_forum}/sessions/{session}/"),
    Form(
        "forum status",
        OFFICER,
        "/forums/{status_forum}/manage/",
        post="/forums/{status_forum}/status/",
        redirects=True,
        echo=False,
        stored=False,
    ),
    Form(
        "plan approval",
        EDITOR,
        "/action-plans/{plan_to_approve}/approve/",
        fresh=new_draft_plan,
        valid={"note": "Approuvé en comité de direction."},
    ),
    Form(
        "action from a commitment",
        EDITOR,
        "/action-plans/from-commitment/{commitment}/",
        valid={
            "plan": "{plan}",
            "objective": "{plan_objective}",
            "code": "A-77",
            "due_date": "2027-06-30",
        },
    ),
    Form(
        "consultation opening",
        OFFICER,
        "/consultations/{consultation_to_open}/open/",
        fresh=new_draft_consultation,
        valid={
            "closes_at": "{short_close}",
            "short_period_justification": "Le texte doit entrer en vigueur avant la campagne.",
        },
    ),
    Form(
        "consultation revision",
        OFFICER,
        "/consultations/{revised_consultation}/revise/",
        valid={"note": "Texte révisé après les observations."},
    ),
    Form(
        "report publication",
        OFFICER,
        "/consultations/{closed_consultation}/publish-report/",
        valid={"summary": "Les observations ont été examinées."},
    ),
    Form("adoption", OFFICER, "/consultations/{reported_consultation}/adopt/", stored=False),
    Form(
        "integrity report",
        None,
        "/integrity/report/",
        valid={
            "category": "delay",
            "occurred_on": "2026-01-15",
            "place": "Bureau des douanes de Kayes",
            "description": "Attente de trois jours sans explication.",
        },
        accepted='id="receipt-code"',
    ),
    Form("receipt code", None, "/integrity/follow/", valid={"code": "{receipt}"}, stored=False),
    Form(
        "reporter's message",
        REPRESENTATIVE,
        "/integrity/my-reports/{my_complaint}/",
        valid={"body": "Les faits ont eu lieu vers 10 heures."},
    ),
    Form(
        "case status",
        INTEGRITY_UNIT,
        "/integrity/cases/{case}/",
        post="/integrity/cases/{case}/status/",
        valid={"status": "referred"},
        fresh=new_case,
    ),
    Form(
        "case closing",
        INTEGRITY_UNIT,
        "/integrity/cases/{case}/",
        post="/integrity/cases/{case}/close/",
        valid={"finding": "substantiated"},
        fresh=new_case,
    ),
    Form(
        "case reply",
        INTEGRITY_UNIT,
        "/integrity/cases/{case}/",
        post="/integrity/cases/{case}/reply/",
        valid={"reply-body": "Merci : pouvez-vous préciser l’heure des faits ?"},
    ),
    Form(
        "case note",
        INTEGRITY_UNIT,
        "/integrity/cases/{case}/",
        post="/integrity/cases/{case}/note/",
        valid={"note-body": "Vérifier le registre du poste."},
    ),
    Form(
        "case actions",
        INTEGRITY_UNIT,
        "/integrity/cases/{case}/",
        post="/integrity/cases/{case}/actions/",
    ),
    Form(
        "register contact",
        OFFICER,
        "/integrity/register/new/",
        valid={
            "kind": "visit",
            "contact_date": "2026-01-15",
            "subject": "Visite d’entrepôt",
            "outcome": "Inventaire conforme.",
            "action": "publish",
        },
    ),
    Form(
        "register entry",
        OFFICER,
        "/integrity/register/{register_entry}/edit/",
        valid={"subject": "Visite d’entrepôt", "outcome": "Inventaire conforme."},
    ),
    Form(
        "register withholding",
        OFFICER,
        "/integrity/register/{register_draft}/withhold/",
        valid={"reason": "{withholding_reason}"},
        fresh=new_register_draft,
    ),
    Form(
        "gift declaration",
        OFFICER,
        "/integrity/gifts/declare/",
        valid={
            "kind": "gift",
            "description": "Un panier de fruits",
            "offered_by": "Transit Sahel SARL",
            "estimated_value": "5000",
            "offered_on": "2026-01-05",
            "decision": "refused",
        },
    ),
    Form(
        "gift correction",
        OFFICER,
        "/integrity/gifts/{gift}/correct/",
        valid={"correction_note": "La valeur était surestimée."},
        fresh=new_gift_declaration,
    ),
    Form(
        "conflict of interest",
        OFFICER,
        "/integrity/conflicts/",
        valid={"description": "Mon frère en est le gérant."},
    ),
    Form(
        "webhook endpoint create",
        ADMINISTRATOR,
        "/webhooks/new/",
        valid={"name": "Observatoire", "url": WEBHOOK_URL, "events": "consultation.opened"},
    ),
    Form("webhook endpoint edit", ADMINISTRATOR, "/webhooks/{webhook_endpoint}/edit/"),
]

GET_FORMS = [
    (None, "/forums/"),
    (None, "/calendar/"),
    (None, "/calendar/agenda/"),
    (None, "/integrity/register/"),
    (None, "/stakeholders/directory/"),
    (None, "/commitments/"),
    (None, "/consultations/"),
    (None, "/integrity/gifts/"),
    (OFFICER, "/meetings/"),
    (OFFICER, "/meetings/new/"),
    (OFFICER, "/meetings/requests/"),
    (OFFICER, "/meetings/commitments/"),
    (OFFICER, "/meetings/{held_meeting}/minutes/versions/"),
    (OFFICER, "/stakeholders/organisations/"),
    (OFFICER, "/stakeholders/map/"),
    (OFFICER, "/stakeholders/gaps/"),
    (OFFICER, "/stakeholders/memberships/"),
    (OFFICER, "/announcements/"),
    (OFFICER, "/announcements/new/"),
    (OFFICER, "/forums/{open_forum}/registrations/"),
    (OFFICER, "/action-plans/"),
    (OFFICER, "/action-plans/objectives/"),
    (OFFICER, "/action-plans/{plan}/versions/1/compare/"),
    (OFFICER, "/consultations/{open_consultation}/comments/"),
    (OFFICER, "/surveys/manage/"),
    (None, "/surveys/"),
    (REPRESENTATIVE, "/consultations/{open_consultation}/comment/"),
]
QUERY_NAMES = (
    "q page when kind body organization status year month start with request section lang "
    "format show sector region objective decision sort plan responsible unit since until"
).split()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, seeded once for the module and rolled back at its end."""
    from actionplans.models import Action, ActionPlan, StrategicObjective
    from consultations.models import Comment, Consultation
    from forums.models import Forum
    from meetings.models import Commitment, Meeting
    from stakeholders.models import Contact, Organization
    from tests.consultations.factories import draft

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        from portal.accounts.models import User

        representative = User.objects.get(email=REPRESENTATIVE)
        own_org = Organization.objects.represented_by(representative).first()
        forum = Forum.objects.filter(status="published").order_by("-start").first()
        plan = ActionPlan.objects.get(status="active")
        draft_plan = ActionPlan.objects.get(status="draft")
        consultation = Consultation.objects.get(status="open")
        objects = {
            "own_org": own_org.pk,
            "own_contact": Contact.objects.filter(organization=own_org).first().pk,
            "invited": Meeting.objects.filter(invitations__user=representative, status="scheduled")
            .first()
            .pk,
            "open_forum": forum.slug,
            "forum_start": forum.start.strftime("%Y-%m-%dT%H:%M"),
            "forum_end": forum.end.strftime("%Y-%m-%dT%H:%M"),
            "open_consultation": consultation.pk,
            "draft_consultation": draft(User.objects.get(email=OFFICER)).pk,
            "org": Organization.objects.exclude(pk=own_org.pk).order_by("pk").first().pk,
            "meeting": Meeting.objects.filter(status="scheduled", series__isnull=True)
            .order_by("pk")
            .first()
            .pk,
            "held_meeting": Meeting.objects.filter(status="held").order_by("pk").first().pk,
            # One no action carries out yet (the demo turns some into actions).
            "commitment": Commitment.objects.filter(action__isnull=True).order_by("pk").first().pk,
            "objective": StrategicObjective.objects.order_by("pk").first().pk,
            "plan": plan.pk,
            "draft_plan": draft_plan.pk,
            "action": Action.objects.filter(plan=draft_plan).order_by("pk").first().pk,
            "comment": Comment.objects.filter(consultation=consultation).first().pk,
        }
        objects |= _objects_for_one_shot_forms(objects, representative)
        yield objects
        transaction.set_rollback(True)


def _objects_for_one_shot_forms(objects, representative):
    """Objects of their own for the forms that change what the others read (a comment to
    edit, a consultation to revise, one whose report to publish...)."""
    from actionplans.models import ActionPlan
    from consultations.models import Comment, Consultation
    from consultations.services import comments, handling
    from forums.models import Session
    from integrity.models import WithholdingReason
    from integrity.services import register
    from meetings.models import DialogueBody, Invitation, Meeting
    from meetings.services import proposals
    from portal.accounts.models import User
    from portal.webhooks.models import Endpoint
    from tests.consultations.factories import closed, opened
    from tests.factories import OrganizationFactory
    from tests.forums.factories import ForumFactory

    officer = User.objects.get(email=OFFICER)
    open_consultation = Consultation.objects.get(pk=objects["open_consultation"])
    reported = closed(officer)
    handling.publish_report(reported, acting_user=officer, summary="Rapport.")
    series = Meeting.objects.exclude(recurrence="").order_by("pk").first()
    occurrence = next(
        o for o in series.occurrences() if o.start > timezone.now() and not o.cancelled
    )
    invited = Meeting.objects.get(pk=objects["invited"])
    return {
        "own_comment": comments.submit_comment(
            open_consultation,
            author=representative,
            body="Nous demandons un délai.",
            publication=Comment.Publication.NAMED,
        ).pk,
        "invitation_token": Invitation.objects.filter(user=representative, meeting=invited)
        .get()
        .token,
        "body": DialogueBody.objects.order_by("pk").first().pk,
        "status_meeting": objects["meeting"],
        "plan_objective": ActionPlan.objects.get(pk=objects["plan"]).objectives.first().pk,
        "proposal": proposals.propose_agenda_item(
            invited, acting_user=representative, title="Point sur le transit"
        ).pk,
        "series": series.pk,
        "stamp": occurrence.stamp,
        "session": Session.objects.filter(forum__slug=objects["open_forum"]).first().pk,
        "status_forum": objects["open_forum"],
        # Registration open now (the demo's forums open theirs later).
        "cancel_forum": ForumFactory(slug="forum-annulations-fuzz", capacity=500).slug,
        "unverified_org": OrganizationFactory(verified=False).pk,
        # A comment period shorter than the usual, which then needs its justification.
        "short_close": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "revised_consultation": opened(officer).pk,
        "closed_consultation": closed(officer).pk,
        "reported_consultation": reported.pk,
        "register_entry": register.log_contact(
            acting_user=officer, kind="call", contact_date=timezone.localdate()
        ).pk,
        "withholding_reason": WithholdingReason.objects.create(title="Secret de l’enquête").pk,
        "receipt": _report()[1],
        "my_complaint": _report(representative)[0].pk,
        "case": _report()[0].pk,
        **_survey_to_build(officer),
        "public_survey": _public_survey(),
        "webhook_endpoint": Endpoint.objects.create(
            name="Observatoire du commerce", url=WEBHOOK_URL, events=["consultation.opened"]
        ).pk,
    }


def _public_survey():
    """A public survey open now, with a question of each kind and none required."""
    from surveys.models import Question, Survey
    from tests.surveys.factories import (
        QuestionFactory,
        SectionFactory,
        SurveyFactory,
        choice_question,
    )

    survey = SurveyFactory(slug="enquete-fuzz", audience=Survey.Audience.PUBLIC)
    section = SectionFactory(survey=survey)
    QuestionFactory(section=section, code="confiance")
    choice_question(section, ["Oui", "Non"], code="plainte")
    choice_question(section, ["Transit", "Dédouanement"], code="services", kind="multiple")
    QuestionFactory(section=section, code="effectif", kind=Question.Kind.NUMBER, min_value=0)
    QuestionFactory(section=section, code="poste", kind=Question.Kind.SHORT_TEXT)
    QuestionFactory(section=section, code="avis", kind=Question.Kind.LONG_TEXT)
    return survey.slug


def _survey_to_build(officer):
    """A draft survey with a section, a choice question and a text question, for the
    builder's forms (the text question is the one edited: a choice question's choices are
    stored split into labels, not as typed; tests/surveys/test_build.py covers them)."""
    from surveys.models import Question, Survey
    from tests.surveys.factories import (
        QuestionFactory,
        SectionFactory,
        SurveyFactory,
        choice_question,
    )

    survey = SurveyFactory(status=Survey.Status.DRAFT, launched_at=None, created_by=officer)
    section = SectionFactory(survey=survey)
    choice_question(section, ["Petite", "Grande"], code="taille")
    question = QuestionFactory(section=section, code="avis", kind=Question.Kind.SHORT_TEXT)
    return {"survey": survey.pk, "survey_section": section.pk, "survey_question": question.pk}


@pytest.fixture
def client_for(demo, settings):
    # Sign-in, sign-up and reset are rate-limited: a fuzzer would hit the limit, a person not.
    settings.ACCOUNT_RATE_LIMITS = False

    def make(email):
        from portal.accounts.models import User

        client = PortalClient(raise_request_exception=True)
        if email:
            client.force_login(User.objects.get(email=email))
        return client

    return make


def fuzzable(fields, skip):
    """The fields a person fills in; for a form of buttons alone, the values its buttons and
    hidden fields send (which only a forged request changes)."""
    typed = sorted(
        name
        for name, entry in fields.items()
        if name not in skip and entry["kind"] not in ("submit", "button", "hidden")
    )
    return typed or sorted(
        name
        for name, entry in fields.items()
        if name not in skip and entry["kind"] in ("submit", "hidden")
    )


FORGED = ("submit", "hidden")


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_a_form_answers_any_input_with_a_clear_message_and_loses_nothing(form, demo, client_for):
    client = client_for(form.user)

    def placeholders():
        return demo | (form.fresh(demo, client) if form.fresh else {})

    objects = placeholders()
    url = form.url.format(**objects)
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    url = (form.post or form.url).format(**objects)
    fields = form_fields(page.content.decode(), action=url, has=form.has)
    names = fuzzable(fields, form.skip)
    assert names, f"{form.name}: the form has nothing to fuzz; exempt it instead"
    base = {name: value for name, value in base_data(fields).items() if name not in form.skip}
    base |= {name: value.format(**demo) for name, value in form.valid.items()}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: each example is a request or two and a table scan; the failing input
        # as generated is clear enough.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.dictionaries(st.sampled_from(names), junk, min_size=1, max_size=3))
    def post_junk(changes):
        target = url
        if form.fresh:
            target = (form.post or form.url).format(**placeholders())
        data = dict(base)
        typed = {}  # what the person typed, shown back when the form is refused
        written = {}  # the free text among it, stored as typed when the form is accepted
        for name, value in changes.items():
            if fields[name]["kind"] == "file":
                data[name] = SimpleUploadedFile(value[:200] or "x", value.encode()[:5000])
            else:
                data[name] = value
                if fields[name]["kind"] in TEXT_INPUTS | {"textarea"}:
                    typed[name] = value
                if fields[name]["kind"] in FREE_TEXT:
                    written[name] = value
        before = fingerprint()
        response = client.post(target, data)
        after = fingerprint()

        if all(fields[name]["kind"] in FORGED for name in changes):
            # Only a forged request changes these: refusing it is right, with or without a
            # message, as long as it is refused whole.
            assert response.status_code in (200, 302, 400, 404), response.status_code
            if response.status_code >= 400:
                assert before == after, f"a refused post changed {changed_rows(before, after)[:3]}"
            return
        assert response.status_code in (200, 302), response.status_code
        content = response.content.decode() if response.status_code == 200 else ""
        if response.status_code == 200 and not (form.accepted and form.accepted in content):
            assert before == after, f"an invalid post changed {changed_rows(before, after)[:3]}"
            assert any(marker in content for marker in ERROR_MARKERS), "no error message"
            if form.echo:
                for name, value in typed.items():
                    # (Blank input has nothing to lose; line ends may come back as \n.)
                    if value.strip() and "\r" not in value:
                        assert escape(value) in content, f"{name}: the input is lost"
        elif form.redirects and before == after:
            told = client.get(response.url).content.decode()
            assert "alert-danger" in told or "alert-warning" in told, "no error message"
        elif form.stored:
            # Looked for in every row, not only the changed ones: an earlier example may have
            # stored the same value already, and then this post changes nothing of it.
            stored = "\n".join(row for rows in after.values() for row in rows)
            for name, value in written.items():
                if value.strip() and not marked_for_deletion(name, data):
                    assert repr(value.strip())[1:-1] in stored, f"{name} not stored as typed"

    post_junk()


@pytest.mark.parametrize(("user", "url"), GET_FORMS, ids=[url for _, url in GET_FORMS])
def test_a_search_or_filter_answers_any_query_without_an_error(user, url, demo, client_for):
    client = client_for(user)
    url = url.format(**demo)
    page = client.get(url)
    names = QUERY_NAMES + [
        name
        for form in get_forms(page.content.decode())
        if form["method"] == "get"
        for name in form["fields"]
    ]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: each example is a request or two and a table scan; the failing input
        # as generated is clear enough.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.dictionaries(st.sampled_from(sorted(set(names))), junk, min_size=1, max_size=4))
    def get_junk(query):
        response = client.get(url, query)
        # 400: a NUL byte in the query string (HostileAddressMiddleware).
        assert response.status_code in (200, 302, 400, 404), response.status_code

    get_junk()


def get_forms(content):
    """Every form of a page, GET ones included."""
    parser = FormParser()
    parser.feed(content)
    return parser.forms
