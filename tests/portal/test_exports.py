"""Every spreadsheet the portal writes (portal/exports.py): a text that a spreadsheet program
would run as a formula (= + - @, a tab or a carriage return first) never comes out as one."""

import csv
import io
import itertools
import re
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings
from django.urls import resolve
from openpyxl import load_workbook

from stakeholders.models import OrganizationImport
from tests import permission_world
from tests.factories import PortalClient
from tests.test_permission_matrix import TABLE

pytestmark = pytest.mark.django_db

# OWASP's examples of CSV injection, one per character that starts a formula; short enough
# for every text field of 20 characters or more, with a number after them (see poison).
PAYLOADS = [
    '=HYPERLINK("x")',
    "+SUM(1,1)*cmd",
    "-SUM(1,1)+cmd",
    "@SUM(1,1)",
    "\t=SUM(1,1)",
    "\r=SUM(1,1)",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"^[+-][\d\s().-]*$")  # a phone number: written as it is (exports.py)
APPS = ("stakeholders", "forums", "actionplans", "meetings", "consultations")
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the walk must find, at least (URL name, kind): a walk that finds less is broken.
EXPECTED = {
    ("stakeholders:export", "csv"),
    ("stakeholders:export", "xlsx"),
    ("stakeholders:directory_export", "csv"),
    ("stakeholders:directory_export", "xlsx"),
    ("stakeholders:import_report", "csv"),
    ("forums:export_csv", "csv"),
    ("forums:export_xlsx", "xlsx"),
    ("actionplans:plan_export", "xlsx"),
}


def poison(world, payload):
    """Put `payload` at the start of every free text the exports may show: each text field of
    the apps' models (and the people's names), except those with choices, unique ones and
    the password; and in the rows of the staged import, whose report gives them back."""
    targets = [m for m in apps.get_models() if m._meta.app_label in APPS]
    targets.append(apps.get_model("accounts", "User"))
    for model in targets:
        if model.__name__.startswith("Historical"):
            continue
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, models.EmailField | models.SlugField | models.URLField)
            and not f.choices
            and not f.unique
            and (f.max_length is None or f.max_length >= 20)
            and f.name not in ("password", "code", "file_name", "file_format", "content_type")
        ]
        objects = list(model.objects.all()) if fields else []
        for obj in objects:
            for f in fields:
                setattr(obj, f.attname, f"{payload} {obj.pk}")
        if objects:
            model.objects.bulk_update(objects, [f.name for f in fields])
    sheet = io.StringIO()
    csv.writer(sheet).writerows([["nom", "catégorie"], [f"{payload} 1", "spaceships"]])
    OrganizationImport.objects.filter(pk=world.import_batch.pk).update(
        content=sheet.getvalue().encode()
    )


class Links(HTMLParser):
    """The links of a page whose address chooses a format, and its GET forms, each field with
    the values it may send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "a" and "format=" in (attrs.get("href") or ""):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = None
            if (attrs.get("method") or "get").lower() == "get":
                self._form = {"action": attrs.get("action"), "fields": {}}
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "select" and name:
            self._select = self._form["fields"].setdefault(name, [])
        elif tag == "option" and self._select is not None:
            self._select.append(attrs.get("value", ""))
        elif tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            self._form["fields"].setdefault(name, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def candidates(url, body):
    """The addresses a page offers for its files: its format links, and each combination of
    the choices of its GET forms that have a format field."""
    parser = Links()
    parser.feed(body)
    found = [urljoin(url, href) for href in parser.links]
    for form in parser.forms:
        fields = {name: sorted(set(values)) for name, values in form["fields"].items() if values}
        if "format" not in fields:
            continue
        names = sorted(fields)
        for combination in itertools.product(*(fields[name] for name in names)):
            query = urlencode(dict(zip(names, combination, strict=True)))
            found.append(f"{urljoin(url, form['action'] or url).split('?')[0]}?{query}")
    return found


def kind_of(response):
    content_type = response.get("Content-Type", "")
    if content_type.startswith(CSV_TYPE):
        return "csv"
    if content_type.startswith(XLSX_TYPE):
        return "xlsx"
    return None


def payload_in(text):
    return "SUM(1,1)" in text or 'HYPERLINK("x")' in text


def csv_cells(content):
    text = content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        yield from row


def formulas_in(kind, content):
    """The cells of a file that a spreadsheet program would run as formulas, and whether
    the file holds any of the payloads at all."""
    bad, seen = [], False
    if kind == "csv":
        for cell in csv_cells(content):
            seen = seen or payload_in(cell)
            if cell.startswith(FORMULA_START) and not PHONE_LIKE.match(cell):
                bad.append(cell)
    else:
        book = load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text = str(cell.value or "")
                    seen = seen or payload_in(text)
                    if cell.data_type == "f":
                        bad.append(f"{sheet.title}!{cell.coordinate}: {text}")
    return bad, seen


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world, built once for the module and rolled back at its end
    (its uploaded files in a folder of its own)."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        with transaction.atomic():
            world = permission_world.build()
            world.media_root = media
            yield world
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def export_urls(world, django_db_blocker):
    """Every address of a CSV or XLSX file the portal offers, found by walking the pages of
    the permission matrix as the superuser (who reaches every one): the addresses that answer
    a file, and on the other pages the links that choose a format and each combination of
    the choices of the GET forms that have a format field. {address: (URL name, kind)}."""
    found = {}
    with override_settings(MEDIA_ROOT=world.media_root), django_db_blocker.unblock():
        client = PortalClient(raise_request_exception=False)
        client.force_login(world.users["superuser"])
        queue = [row.url(world) for row in TABLE if not row.name.startswith("admin:")]
        asked = set()
        while queue:
            url = queue.pop(0)
            if url in asked:
                continue
            asked.add(url)
            response = client.get(url)
            if response.status_code != 200:
                continue
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            kind = kind_of(response)
            if kind:
                found[url] = (resolve(urlsplit(url).path).view_name, kind)
            elif response.get("Content-Type", "").startswith("text/html"):
                queue += candidates(url, content.decode())
    return found


def test_the_walk_finds_every_export_of_the_portal(export_urls):
    assert EXPECTED <= set(export_urls.values())


@pytest.mark.parametrize("payload", PAYLOADS, ids=repr)
def test_no_export_lets_a_cell_become_a_formula(payload, world, export_urls, settings):
    settings.MEDIA_ROOT = world.media_root
    poison(world, payload)
    client = PortalClient(raise_request_exception=True)
    client.force_login(world.users["superuser"])

    wrong = []
    for url, (name, kind) in export_urls.items():
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        content = b"".join(response.streaming_content) if response.streaming else response.content
        bad, seen = formulas_in(kind, content)
        if not seen:
            wrong.append(f"{url}: the planted text did not come out (is the test blind?)")
        wrong += [f"{url} ({name}): {cell!r} is a formula" for cell in bad]

    assert not wrong, f"{len(wrong)} formula(s) in exports:\n" + "\n".join(wrong)


@pytest.mark.parametrize("payload", PAYLOADS + ["=1+1", "+A1", "-1+1", "@A1"])
def test_a_text_that_starts_like_a_formula_gets_an_apostrophe(payload):
    from portal import exports

    assert exports.safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["+223 20 22 50 36", "-", "", "Bamako", 12, -3, None])
def test_phone_numbers_numbers_and_plain_text_are_written_as_they_are(value):
    from portal import exports

    assert exports.safe_cell(value) == value


def test_an_xlsx_cell_is_text_even_when_it_starts_with_an_equals_sign():
    from portal import exports

    content = exports.workbook_bytes([("Feuille", ["Nom"], [["=1+1"], ["+223 20 22 50 36"]])])

    sheet = load_workbook(io.BytesIO(content)).active
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [
        ("'=1+1", "s"),
        ("+223 20 22 50 36", "s"),
    ]


def test_characters_an_xlsx_file_cannot_hold_are_left_out():
    from portal import exports

    content = exports.workbook_bytes([("Feuille", ["Nom"], [["Awa\x00 Tra\x1boré\x07"]])])

    assert load_workbook(io.BytesIO(content)).active["A2"].value == "Awa Traoré"
