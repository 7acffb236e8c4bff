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
from html import unescape
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.factories import PortalClient

pytestmark = pytest.mark.django_db

EXAMPLES = 20
REPRESENTATIVE = "representant@ccim.ml"
OFFICER = "agent@douane.gouv.ml"
EDITOR = "editeur@douane.gouv.ml"
CHECKIN = "accueil@douane.gouv.ml"
TEXT_INPUTS = {"text", "email", "url", "tel", "number", "date", "datetime-local", "time", "search"}
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
            elif kind not in ("submit", "button", "image", "reset"):
                entry["values"] = [attrs.get("value") or ""]
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


def form_fields(content, action=None):
    parser = FormParser()
    parser.feed(content)
    posts = [form for form in parser.forms if form["method"] == "post"]
    if action:
        posts = [form for form in posts if (form["action"] or action) == action] or posts

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


def fingerprint():
    """Every row of every table the portal keeps (sessions aside), as sets of reprs."""
    rows = {}
    for model in apps.get_models():
        if model is Session or model._meta.proxy:
            continue
        rows[model._meta.label] = {repr(row) for row in model.objects.values_list()}
    return rows


def changed_rows(before, after):
    return [row for label, rows in after.items() for row in rows - before.get(label, set())]


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
    skip: tuple = ()  # fields that are not input (e.g. set by the page for the next step)
    post: str = ""  # where the form posts, when not to the page that shows it
    # A small form inside a bigger page: bad input is told on the page it redirects to.
    redirects: bool = False


FORMS = [
    Form("sign-up", None, "/accounts/signup/", stored=False),
    Form("sign-in", None, "/accounts/login/", stored=False),
    Form("password reset", None, "/accounts/password/reset/", stored=False),
    Form("preferences", REPRESENTATIVE, "/me/preferences/"),
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
    ),
    Form("meeting edit", OFFICER, "/meetings/{meeting}/edit/"),
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
        valid={"percent": "40", "note": "Deux sessions tenues."},
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
        "comment handling",
        OFFICER,
        "/consultations/comments/{comment}/decide/",
        valid={"decision": "accepted", "reason": "Pertinent."},
    ),
]

GET_FORMS = [
    (None, "/forums/"),
    (None, "/calendar/"),
    (None, "/calendar/agenda/"),
    (None, "/meetings/transparency/"),
    (None, "/stakeholders/directory/"),
    (None, "/commitments/"),
    (None, "/consultations/"),
    (OFFICER, "/meetings/"),
    (OFFICER, "/meetings/new/"),
    (OFFICER, "/meetings/requests/"),
    (OFFICER, "/meetings/commitments/"),
    (OFFICER, "/stakeholders/organisations/"),
    (OFFICER, "/stakeholders/map/"),
    (OFFICER, "/stakeholders/gaps/"),
    (OFFICER, "/forums/{open_forum}/registrations/"),
    (OFFICER, "/action-plans/"),
    (OFFICER, "/action-plans/objectives/"),
    (OFFICER, "/action-plans/{plan}/versions/1/compare/"),
    (OFFICER, "/consultations/{open_consultation}/comments/"),
    (REPRESENTATIVE, "/consultations/{open_consultation}/comment/"),
]
QUERY_NAMES = (
    "q page when kind body organization status year month start with request section lang "
    "format show sector region objective decision sort plan responsible"
).split()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, seeded once for the module and rolled back at its end."""
    from actionplans.models import Action, ActionPlan, StrategicObjective
    from consultations.models import Comment, Consultation
    from forums.models import Forum
    from portal.meetings.models import Commitment, Meeting
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
            "commitment": Commitment.objects.order_by("pk").first().pk,
            "objective": StrategicObjective.objects.order_by("pk").first().pk,
            "plan": plan.pk,
            "draft_plan": draft_plan.pk,
            "action": Action.objects.filter(plan=draft_plan).order_by("pk").first().pk,
            "comment": Comment.objects.filter(consultation=consultation).first().pk,
        }
        yield objects
        transaction.set_rollback(True)


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
    return sorted(
        name
        for name, entry in fields.items()
        if name not in skip and entry["kind"] not in ("submit", "button", "hidden")
    )


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_a_form_answers_any_input_with_a_clear_message_and_loses_nothing(form, demo, client_for):
    client = client_for(form.user)
    url = form.url.format(**demo)
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    url = (form.post or form.url).format(**demo)
    fields = form_fields(page.content.decode(), action=url)
    names = fuzzable(fields, form.skip)
    base = base_data(fields) | {name: value.format(**demo) for name, value in form.valid.items()}

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
        data = dict(base)
        typed = {}
        for name, value in changes.items():
            if fields[name]["kind"] == "file":
                data[name] = SimpleUploadedFile(value[:200] or "x", value.encode()[:5000])
            else:
                data[name] = value
                if fields[name]["kind"] in TEXT_INPUTS | {"textarea"}:
                    typed[name] = value
        before = fingerprint()
        response = client.post(url, data)
        after = fingerprint()

        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            content = response.content.decode()
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
            for name, value in typed.items():
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
        assert response.status_code in (200, 302, 404), response.status_code

    get_junk()


def get_forms(content):
    """Every form of a page, GET ones included."""
    parser = FormParser()
    parser.feed(content)
    return parser.forms
