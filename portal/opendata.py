"""The portal's open data: every dataset it publishes, gathered from every app through one
registry, for the open data page (`/open-data/`) and its DCAT catalogue
(`/open-data/catalog.jsonld`).

Each app registers what it publishes in its `AppConfig.ready()`, in the order of the layers:

    opendata.register(Dataset(
        slug="commitments",
        title=_("Customs’ commitments"),
        description=_("..."),
        frequency=opendata.CONTINUOUS,
        fields=[Field("code", opendata.TEXT, _("The action's code in its plan."))],
        formats=[Format("csv", "actionplans:board_export", query={"format": "csv"})],
    ))

A Format names a URL (a URL name, its kwargs and its query string), never an address: the
page and the catalogue reverse it. A dataset with one file per published object (a forum's
calendar file, a consultation's report) gives `each`, a function of no argument that returns
those formats as a visitor may fetch them (through the app's `visible_to` queryset for an
anonymous user); its `formats` may then be empty.

`api` is the URL name of the dataset's endpoint in the portal's read API, when it has one:
the page and the catalogue show it as the "API" format. The API names it (`served_by_api`, in
its AppConfig.ready()): the apps below it know nothing of it.

Every JSON download of a dataset has the same shape (`json_response`):

    {"dataset": "commitments", "generated_at": "2026-05-04T10:00:00+00:00",
     "licence": {"name": "...", "url": "..."}, "count": 2, "records": [{...}, {...}]}

with the records' keys the dataset's `fields`, in English snake_case, dates and moments in
ISO 8601 (moments in UTC), and nothing else: a download's fields are its documentation's.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal import exports

_datasets = {}

# --- How often a dataset changes: DCAT's accrualPeriodicity, from the EU vocabulary -------

FREQUENCIES = "http://publications.europa.eu/resource/authority/frequency/"


@dataclass(frozen=True)
class Frequency:
    code: str  # the EU frequency vocabulary's code
    label: str

    @property
    def uri(self):
        return FREQUENCIES + self.code


CONTINUOUS = Frequency("UPDATE_CONT", _("as it happens"))
DAILY = Frequency("DAILY", _("daily"))
WEEKLY = Frequency("WEEKLY", _("weekly"))
IRREGULAR = Frequency("IRREG", _("irregularly"))

# --- What a field holds ------------------------------------------------------------------

TEXT = _("text")
INTEGER = _("whole number")
NUMBER = _("decimal number")
BOOLEAN = _("true or false")
DATE = _("date (ISO 8601)")
MOMENT = _("date and time (ISO 8601, UTC)")
URL = _("web address")
TEXT_LIST = _("list of texts")


@dataclass(frozen=True)
class Field:
    name: str  # its key in JSON
    type: str
    description: str
    label: str = ""  # its column's header in CSV, in the reader's language (else the name)

    @property
    def header(self):
        return self.label or self.name


# --- Formats -------------------------------------------------------------------------------

# kind: (the label shown, its media type)
KINDS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ics": ("iCalendar", "text/calendar"),
    "pdf": ("PDF", "application/pdf"),
    "api": ("API", "application/json"),
}


@dataclass(frozen=True)
class Format:
    kind: str  # a key of KINDS
    url_name: str
    kwargs: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    title: str = ""  # what the file is of, when a dataset has one per object

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Unknown format {self.kind!r}: one of {', '.join(KINDS)}")

    @property
    def label(self):
        return KINDS[self.kind][0]

    @property
    def media_type(self):
        return KINDS[self.kind][1]

    def path(self):
        address = reverse(self.url_name, kwargs=self.kwargs or None)
        return f"{address}?{urlencode(self.query)}" if self.query else address

    def url(self):
        """The absolute address, from SITE_URL."""
        return settings.SITE_URL.rstrip("/") + self.path()


# --- Datasets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    frequency: Frequency
    fields: list
    formats: list = field(default_factory=list)
    # The files of each published object, as a visitor may fetch them (see the module's doc).
    each: Callable | None = None
    # The URL name of the dataset's read API endpoint; None until the API has one.
    api: str | None = None

    def all_formats(self):
        """The dataset's formats: its own, those of each object, then its API."""
        found = list(self.formats)
        if self.each is not None:
            found += list(self.each())
        if self.api:
            found.append(Format("api", self.api))
        return found

    @property
    def field_names(self):
        return [f.name for f in self.fields]


def register(dataset):
    """Publish `dataset` (once per slug: registering a slug again replaces it)."""
    _datasets[dataset.slug] = dataset
    return dataset


def served_by_api(slug, url_name):
    """The read API serves the dataset `slug` at the URL named `url_name`."""
    _datasets[slug] = replace(_datasets[slug], api=url_name)


def unregister(slug):
    _datasets.pop(slug, None)


def datasets():
    """Every dataset published, in the order the apps registered them."""
    return list(_datasets.values())


def get(slug):
    return _datasets[slug]


def licence():
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


# --- The JSON downloads --------------------------------------------------------------------


def iso(value):
    """A date as YYYY-MM-DD, a moment in UTC as ISO 8601, None as null."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Not a date: {value!r}")


def _plain(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return iso(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(slug, records, **extra):
    """A dataset's JSON download: the shape described in the module's doc, with `extra` keys
    after the records (the register's withheld counts). Each record must have exactly the
    dataset's fields."""
    dataset = get(slug)
    records = list(records)
    names = dataset.field_names
    for record in records:
        if list(record) != names:
            raise ValueError(f"A {slug} record's keys {list(record)} are not its fields {names}")
    body = {
        "dataset": slug,
        "generated_at": iso(timezone.now()),
        "licence": licence(),
        "count": len(records),
        "records": records,
        **extra,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1, default=_plain),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slug}-{stamp}.json"'
    return response


def csv_response(slug, records):
    """A dataset's CSV download (portal.exports: formula guard, byte-order mark): one column
    per field, headed by its label in the reader's language; lists joined with "; ",
    true and false as "yes" and "no"."""
    dataset = get(slug)
    yes, no = _("yes"), _("no")

    def cell(value):
        if isinstance(value, bool):
            return yes if value else no
        if isinstance(value, list | tuple):
            return "; ".join(str(item) for item in value)
        return "" if value is None else value

    rows = ([cell(record[name]) for name in dataset.field_names] for record in records)
    stamp = timezone.localdate().isoformat()
    return exports.csv_response(f"{slug}-{stamp}", [f.header for f in dataset.fields], rows)


# --- The DCAT catalogue --------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def catalog(page_url):
    """The DCAT-AP catalogue of every dataset, as JSON-LD (a dict). `page_url`: the open data
    page's absolute address, each dataset's landing page (with its slug as fragment)."""
    publisher = {"@type": "foaf:Organization", "foaf:name": settings.OPEN_DATA_PUBLISHER}
    licence_ref = {"@id": settings.OPEN_DATA_LICENCE_URL}
    entries = []
    for dataset in datasets():
        distributions = []
        for item in dataset.all_formats():
            url = item.url()
            distribution = {
                "@type": "dcat:Distribution",
                "dct:title": str(item.title or dataset.title),
                "dct:format": item.label,
                "dcat:mediaType": item.media_type,
                "dcat:accessURL": {"@id": url},
                "dct:license": licence_ref,
            }
            if item.kind != "api":
                distribution["dcat:downloadURL"] = {"@id": url}
            distributions.append(distribution)
        entries.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{page_url}#{dataset.slug}",
                "dct:identifier": dataset.slug,
                "dct:title": str(dataset.title),
                "dct:description": str(dataset.description),
                "dct:publisher": publisher,
                "dct:license": licence_ref,
                "dct:accrualPeriodicity": {"@id": dataset.frequency.uri},
                "dcat:landingPage": {"@id": f"{page_url}#{dataset.slug}"},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "@id": page_url,
        "dct:title": str(_("Open data of the Customs–Private Sector Portal")),
        "dct:description": str(
            _(
                "The datasets the portal publishes: commitments, the register of contacts, "
                "consultations, calendars, the directory of organisations."
            )
        ),
        "dct:publisher": publisher,
        "dct:license": licence_ref,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": settings.SITE_URL.rstrip("/") + "/"},
        "dcat:dataset": entries,
    }
