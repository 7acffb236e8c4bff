"""The planted-marker test: no API answer to a visitor, a representative (signed in) or a
token of theirs (read-only and read-and-write) holds anything internal.

The permission matrix's world (tests/permission_world.py) already writes a marker in each of
its hidden rows and fields (internal notes and the mapping's concerns on organisations,
minutes of restricted meetings, private comments, drafts, internal actions, integrity
complaints and the unit's notes, withheld register entries and why, gifts, conflicts); the
matrix's SECRETS table says who may read each. Markers are added here in the fields the
world leaves empty (plans' and actions' internal notes, a draft plan and its action, the
officers' progress reports and their evidence).

The walk reads the served OpenAPI schema and GETs every operation in it: each list through
all its pages, each path with parameters with every id and slug of the world and every one
a list answered. An endpoint added later (the public ones, say) is walked without a change
here. As a check that the search finds what it looks for, an officer's walk must come upon
markers that officers may read (a draft forum, a progress report).
"""

import json
import re
from itertools import product
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from actionplans.models import Action, ActionPlan, Evidence, ProgressUpdate
from portal.accounts import tokens
from tests import permission_world
from tests.actionplans.factories import ActionFactory
from tests.test_permission_matrix import secrets

pytestmark = pytest.mark.django_db

OFFICERS = {"officer", "editor", "superuser", "integrity"}
MARK_PLAN_NOTES = "Note interne du plan PN4G"
MARK_ACTION_NOTES = "Note interne de l’action AN7D"
MARK_DRAFT_PLAN = "Plan en préparation DP2X"
MARK_DRAFT_ACTION = "Action du plan en préparation DA8V"
MARK_PROGRESS = "Rapport d’avancement interne RA5N"
MARK_EVIDENCE = "preuve-avancement-EV3Q.pdf"
PLANTED = {
    MARK_PLAN_NOTES: OFFICERS,
    MARK_ACTION_NOTES: OFFICERS,
    MARK_DRAFT_PLAN: OFFICERS,
    MARK_DRAFT_ACTION: OFFICERS,
    # The action's page, with its progress reports and their files, is Customs'.
    MARK_PROGRESS: OFFICERS,
    MARK_EVIDENCE: OFFICERS,
}


def plant(world):
    ActionPlan.objects.filter(pk=world.plan.pk).update(internal_notes=MARK_PLAN_NOTES)
    Action.objects.filter(pk__in=[world.action.pk, world.internal_action.pk]).update(
        internal_notes=MARK_ACTION_NOTES
    )
    ActionPlan.objects.filter(pk=world.draft_plan.pk).update(
        title=MARK_DRAFT_PLAN, description=MARK_DRAFT_PLAN
    )
    world.objects["draft_action"] = ActionFactory(
        plan=world.draft_plan, title=MARK_DRAFT_ACTION, description=MARK_DRAFT_ACTION
    )
    ProgressUpdate.objects.filter(pk=world.update.pk).update(narrative=MARK_PROGRESS)
    Evidence.objects.filter(pk=world.evidence.pk).update(original_name=MARK_EVIDENCE)


def markers(world):
    """Every marker, with who may read it."""
    return {**secrets(world), **PLANTED}


# --- The walk -------------------------------------------------------------------------------

PARAMETER = re.compile(r"\{(\w+)\}")


def found_keys(data, found):
    """The ids and slugs anywhere in an answer: what detail paths are tried with."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name in ("id", "pk", "slug") and isinstance(value, int | str):
                found.add(value)
            found_keys(value, found)
    elif isinstance(data, list):
        for value in data:
            found_keys(value, found)


def world_keys(world):
    keys = set()
    for obj in world.objects.values():
        for name in ("pk", "slug"):
            value = getattr(obj, name, None)
            if isinstance(value, int | str) and value != "":
                keys.add(value)
    return keys


def operations(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200, schema.content[:300]
    paths = schema.json()["paths"]
    return sorted(path for path, item in paths.items() if "get" in item)


def walk(client, headers, world):
    """(path → body) for every GET of the schema: lists (every page) first, then the paths
    with parameters, tried with every key known. Fails on any 5xx."""
    bodies = {}
    keys = world_keys(world)
    templates = operations(client)
    plain = [path for path in templates if not PARAMETER.search(path)]
    with_parameters = [path for path in templates if PARAMETER.search(path)]

    def get(url):
        answer = client.get(url, **headers)
        assert answer.status_code < 500, f"{url}: {answer.status_code}"
        assert answer.status_code in (200, 401, 404), f"{url}: {answer.status_code}"
        bodies[url] = answer.content
        if answer.status_code == 200 and answer["Content-Type"].startswith("application/json"):
            data = answer.json()
            found_keys(data, keys)
            return data
        return None

    def through_pages(url):
        while url:
            data = get(url)
            following = data.get("next") if isinstance(data, dict) else None
            url = None
            if following:
                parts = urlsplit(following)
                url = f"{parts.path}?{parts.query}"

    for path in plain:
        through_pages(f"{path}?page_size=200")
    for path in with_parameters:
        names = PARAMETER.findall(path)
        for values in product(sorted(keys, key=str), repeat=len(names)):
            if any(not str(value).strip() or "/" in str(value) for value in values):
                continue
            url = path
            for name, value in zip(names, values, strict=True):
                url = url.replace("{" + name + "}", str(value))
            through_pages(url)
    return bodies, templates


def leaks(bodies, role, world):
    found = []
    for marker, readers in markers(world).items():
        if role in readers:
            continue
        needles = {marker.encode(), json.dumps(marker)[1:-1].encode()}
        for url, body in bodies.items():
            if any(needle in body for needle in needles):
                found.append(f"{url} shows {marker!r} to {role}")
    return found


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    world = permission_world.build()
    plant(world)
    yield world
    cache.clear()


def bearer(user, scope):
    _token, key = tokens.create_token(acting_user=user, name=f"Marqueurs {scope}", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.mark.parametrize("how", ["visitor", "session", "read token", "write token"])
def test_no_api_answer_shows_a_representative_or_a_visitor_anything_internal(client, world, how):
    rep = world.users["rep_a"]  # the best-placed representative: A's administrator
    headers = {}
    if how == "session":
        client.force_login(rep)
    elif how != "visitor":
        headers = bearer(rep, "read" if how == "read token" else "write")
    role = "visitor" if how == "visitor" else "rep_a"

    bodies, templates = walk(client, headers, world)

    # The walk went everywhere the schema says, the personal resources included.
    assert {"/api/v1/me/registrations/", "/api/v1/me/invitations/"} <= set(templates)
    assert any(url.startswith("/api/v1/me/registrations/?") for url in bodies)
    wrong = leaks(bodies, role, world)
    assert not wrong, "\n".join(wrong)
    if role == "rep_a":
        # What is theirs is there (so the walk read real answers, with the person's rights).
        mine = bodies[f"/api/v1/me/registrations/{world.registration_a.pk}/"]
        assert world.registration_a.display_code.encode() in mine


def test_the_search_finds_markers_where_an_officer_may_read_them(client, world):
    officer = world.users["officer"]
    bodies, _templates = walk(client, bearer(officer, "read"), world)

    everything = b"".join(bodies.values())
    assert permission_world.SECRET_DRAFT_FORUM.encode() in everything
    assert MARK_PROGRESS.encode() in everything
    # An officer's token carries no second factor: internal notes and the mapping are the
    # pages' alone (portal/accounts/tokens.py).
    assert permission_world.SECRET_INTERNAL_NOTES.encode() not in everything
    assert permission_world.SECRET_ASSESSMENT.encode() not in everything
