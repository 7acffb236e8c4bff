"""What a first visit weighs, and that pages load only the scripts they use (issue 18).

A size, not a timing: the bytes a phone downloads on its first visit to a key page (the
HTML as the portal sends it, gzip-compressed, plus every stylesheet, script and image it
references, each gzip-compressed as collectstatic and whitenoise serve them). bench/pages.py
measures the same on the large data set against gunicorn; this keeps the budget in the suite.
"""

import gzip
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.actionplans.factories import ActionFactory, PlanFactory
from tests.factories import (
    CheckinStaffFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 40 * 1024
ASSET = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)""")
SCRIPT = re.compile(r"""<script\b[^>]*\bsrc="([^"]+)\"""")


def get(client, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, path
    assert response["Content-Encoding"] == "gzip", path
    return response


def first_visit_bytes(client, path):
    """The page's bytes as sent, plus each referenced static file once, gzip-compressed."""
    response = get(client, path)
    html = gzip.decompress(response.content).decode()
    total = len(response.content)
    for url in sorted(set(ASSET.findall(html))):
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, url
        with open(found, "rb") as file:
            total += len(gzip.compress(file.read(), compresslevel=9))
    return total


def scripts(client, path):
    return SCRIPT.findall(gzip.decompress(get(client, path).content).decode())


@pytest.fixture
def forum():
    forum = ForumFactory(title="Forum national Douane–Secteur privé 2027")
    for number in range(4):
        SessionFactory(forum=forum, title=f"Session {number + 1} : facilitation des échanges")
    return forum


def test_a_first_visit_to_the_home_page_and_the_board_weighs_under_40_kb(client, forum):
    plan = PlanFactory(status="active")
    for number in range(12):
        ActionFactory(plan=plan, title=f"Engagement {number} : dématérialiser les procédures")

    for path in (reverse("home"), reverse("actionplans:board")):
        assert first_visit_bytes(client, path) < BUDGET_BYTES, path


def test_a_first_visit_to_a_forum_page_weighs_under_40_kb(client, forum):
    client.force_login(RepresentativeFactory())

    assert first_visit_bytes(client, reverse("forums:detail", args=[forum.slug])) < BUDGET_BYTES


def test_a_first_visit_to_the_registry_weighs_under_40_kb(client):
    OrganizationFactory.create_batch(25)
    client.force_login(OfficerFactory())

    assert first_visit_bytes(client, reverse("stakeholders:list")) < BUDGET_BYTES


def test_pages_load_no_script_they_do_not_use(client, forum):
    # No page uses Bootstrap's scripts: the portal has no drop-down, modal or tooltip that
    # needs them (its menus are <details>).
    assert scripts(client, reverse("home")) == []
    assert scripts(client, reverse("forums:detail", args=[forum.slug])) == []
    client.force_login(OfficerFactory())
    assert scripts(client, reverse("stakeholders:list")) == []
    assert scripts(client, reverse("dashboard")) == []


def test_the_check_in_door_loads_its_one_script_and_weighs_under_40_kb(client, forum):
    client.force_login(CheckinStaffFactory())
    path = reverse("forums:checkin", args=[forum.slug])

    found = scripts(client, path)
    page = gzip.decompress(get(client, path).content).decode()

    # Its live counts are fetched by checkin.js (htmx, 17 KB gzip, did only that).
    assert [url.rsplit("/", 1)[-1] for url in found] == ["checkin.js"]
    counts = reverse("forums:checkin_counts", args=[forum.slug])
    assert f'id="checkin-counts" data-refresh="{counts}" data-refresh-seconds="15"' in page
    assert first_visit_bytes(client, path) < BUDGET_BYTES


# --- Bootstrap, trimmed of the components the portal does not draw ------------------------

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = ROOT / "static" / "vendor" / "bootstrap"
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def css_classes(css):
    return set(CLASS.findall(re.sub(r"url\([^)]*\)|/\*.*?\*/", "", css, flags=re.S)))


def classes_the_portal_names():
    """Every class named in a template's class attribute, a form's or widget's "class"
    attribute, or a script's classList/className."""
    named = set()
    project = [
        p for p in ROOT.iterdir() if p.is_dir() and p.name not in {".venv", ".git", "node_modules"}
    ]
    for folder in project:
        for path in folder.rglob("*.html"):
            for value in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
                named.update(re.findall(r"[a-z][\w-]*", value))
        for path in folder.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for value in re.findall(
                r"""(?:["']class["']\s*:|css_class\s*=)\s*["']([^"']*)""", text
            ):
                named.update(value.split())
    for path in (ROOT / "static" / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for value in re.findall(r"""(?:classList\.\w+\(|className\s*=\s*)["']([^"']*)""", text):
            named.update(value.split())
    return named


def test_the_trimmed_bootstrap_keeps_every_class_the_portal_names():
    original = (BOOTSTRAP / "bootstrap.min.css").read_text(encoding="utf-8")
    trimmed = (BOOTSTRAP / "bootstrap.portal.min.css").read_text(encoding="utf-8")
    dropped = css_classes(original) - css_classes(trimmed)

    assert "modal" in dropped and "btn" not in dropped  # what the trim is for
    named = classes_the_portal_names()
    assert {"btn", "form-select", "checkin-code"} <= named  # the scan finds what is named
    assert named & dropped == set()


def test_the_trimmed_bootstrap_is_regenerated_from_the_vendored_one():
    spec = importlib.util.spec_from_file_location("trim", ROOT / "scripts" / "trim_bootstrap.py")
    trim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trim)
    original = (BOOTSTRAP / "bootstrap.min.css").read_text(encoding="utf-8")

    assert (
        (BOOTSTRAP / "bootstrap.portal.min.css")
        .read_text(encoding="utf-8")
        .startswith(trim.trim(re.sub(r"/\*# sourceMappingURL=[^*]*\*/\s*$", "", original)))
    )


def test_the_portals_stylesheet_closes_every_block_it_opens():
    """A block left open (a media query whose closing brace a merge dropped) silently nests
    every later rule under it: the navigation's on a phone, the pickers', the map's."""
    css = (Path(__file__).resolve().parents[2] / "static/css/portal.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    depth = 0
    for number, line in enumerate(css.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number}: a brace closes nothing"
    assert depth == 0, f"{depth} block(s) left open"
