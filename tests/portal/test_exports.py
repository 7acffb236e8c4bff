"""Every spreadsheet the portal writes (portal/exports.py), found by walking the portal's pages
and checked against the views marked with @exports.export_view: a text that a spreadsheet
program would run as a formula (= + - @, a tab or a carriage return first) never comes out as
one; a CSV is UTF-8 with a byte-order mark; the header row is in the reader's language; an XLSX
sheet has an autofilter, a frozen header row and column widths, and its dates and numbers are
date and number cells, never text."""

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
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import translation
from openpyxl import load_workbook

from portal import exports
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
APPS = ("stakeholders", "forums", "actionplans", "meetings", "consultations", "surveys")
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
    ("integrity:register_export", "csv"),
    ("actionplans:board_export", "csv"),
    ("consultations:list_export", "csv"),
    ("integrity:gifts_csv", "csv"),
    ("surveys:results_export", "csv"),
    ("surveys:results_export", "xlsx"),
}
# What each XLSX export must hold as typed cells, with the world's rows (a new XLSX export must
# be listed here). The public directory has public fields only: no date, no number.
TYPED = {
    "stakeholders:export": {"date", "number"},
    "stakeholders:directory_export": set(),
    "forums:export_xlsx": {"date"},
    "actionplans:plan_export": {"date", "number"},
    # The world's survey is anonymous: its results' tables (counts, shares, means).
    "surveys:results_export": {"number"},
}
# Sheets that are a form (label, value), not a table: no autofilter there. The plan's summary.
NOT_TABLES = {("actionplans:plan_export", 0)}
# What a date, a moment or a number looks like when it was written as text instead.
TEXT_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")
TEXT_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
BOM = b"\xef\xbb\xbf"


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
                    if cell.data_type == "f" or (
                        isinstance(cell.value, str)
                        and cell.value.startswith(FORMULA_START)
                        and not PHONE_LIKE.match(cell.value)
                    ):
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


def marked_views():
    """The URL names of the views marked with @exports.export_view."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.callback in exports.EXPORT_VIEWS:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_the_walk_finds_every_export_of_the_portal(export_urls):
    assert EXPECTED <= set(export_urls.values())


def test_every_export_view_is_marked_and_every_marked_view_is_found(export_urls):
    """A view that answers a CSV or XLSX without @exports.export_view (a file written on the
    side), or a marked view that no page leads to, fails here."""
    assert {name for name, _kind in export_urls.values()} == marked_views()


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return b"".join(response.streaming_content) if response.streaming else response.content


def header_rows(kind, content, name):
    """The header row of each table of a file (the first row of each table sheet)."""
    if kind == "csv":
        return [next(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))]
    book = load_workbook(io.BytesIO(content))
    return [
        [cell.value for cell in sheet[1] if cell.value is not None]
        for index, sheet in enumerate(book.worksheets)
        if (name, index) not in NOT_TABLES
    ]


def english_left_in(headers):
    """The header cells that are an English text the French catalogue translates (and not
    also a French translation, as "Réunion" is)."""
    with translation.override("fr"):
        catalog = translation.trans_real.translation("fr")._catalog
        french = {value for _key, value in catalog.items()}
        return [
            h
            for h in headers
            if isinstance(h, str) and translation.gettext(h) != h and h not in french
        ]


def xlsx_faults(content, name):
    """What an XLSX export does wrong in its layout and its cell types, and the types of the
    typed cells it holds."""
    faults, typed = [], set()
    book = load_workbook(io.BytesIO(content))
    for index, sheet in enumerate(book.worksheets):
        table = (name, index) not in NOT_TABLES
        if table and not (sheet.auto_filter.ref or "").startswith("A1:"):
            faults.append(f"{sheet.title}: no autofilter over the table")
        if table and (sheet.freeze_panes is None or not sheet.freeze_panes.endswith("2")):
            faults.append(f"{sheet.title}: the header row is not frozen ({sheet.freeze_panes})")
        for cell in sheet[1] if table else ():
            width = sheet.column_dimensions[cell.column_letter].width
            if cell.value is not None and not (width and width >= exports.MIN_WIDTH):
                faults.append(f"{sheet.title}!{cell.column_letter}: no width ({width})")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.is_date:
                    typed.add("date")
                elif cell.data_type == "n" and cell.value is not None:
                    typed.add("number")
                elif isinstance(cell.value, str) and TEXT_DATE.match(cell.value):
                    faults.append(f"{sheet.title}!{cell.coordinate}: date as text {cell.value!r}")
                elif isinstance(cell.value, str) and TEXT_NUMBER.match(cell.value):
                    faults.append(f"{sheet.title}!{cell.coordinate}: number as text {cell.value!r}")
    return faults, typed


def test_every_export_is_laid_out_typed_guarded_and_in_the_readers_language(
    world, export_urls, settings
):
    """Each export, fetched by an entitled officer whose language is French, with a formula
    planted in every free text: a CSV starts with the byte-order mark; every header is French;
    no cell is a formula; an XLSX has its autofilter, frozen header, widths and typed cells.
    The same export for an English reader has another header: the header follows the reader."""
    settings.MEDIA_ROOT = world.media_root
    poison(world, PAYLOADS[0])
    officer = world.users["superuser"]
    assert {name for name, kind in export_urls.values() if kind == "xlsx"} == set(TYPED)

    files = {}
    for language in ("fr", "en"):
        officer.language = language
        officer.save(update_fields=["language"])
        client = PortalClient(raise_request_exception=True)
        client.force_login(officer)
        files[language] = {url: fetch(client, url) for url in export_urls}

    wrong = []
    for url, (name, kind) in export_urls.items():
        content = files["fr"][url]
        # The plan's form lets the officer choose the workbook's language.
        chosen = "language=" in url
        if kind == "csv" and not content.startswith(BOM):
            wrong.append(f"{url}: no UTF-8 byte-order mark")
        french = header_rows(kind, content, name)
        english = header_rows(kind, files["en"][url], name)
        if "language=en" not in url:
            wrong += [
                f"{url}: English header {h!r}" for row in french for h in english_left_in(row)
            ]
            if french == english and not chosen:
                wrong.append(f"{url}: the same header for a French and an English reader")
        bad, seen = formulas_in(kind, content)
        if not seen:
            wrong.append(f"{url}: the planted formula did not come out (is the test blind?)")
        wrong += [f"{url}: {cell!r} is a formula" for cell in bad]
        if kind == "xlsx":
            faults, typed = xlsx_faults(content, name)
            wrong += [f"{url}: {fault}" for fault in faults]
            if not TYPED[name] <= typed:
                wrong.append(f"{url}: typed cells {typed}, expected {TYPED[name]}")

    assert not wrong, f"{len(wrong)} fault(s) in exports:\n" + "\n".join(wrong)


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
