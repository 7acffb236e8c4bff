"""Open data (portal/opendata.py): the page that lists every dataset the portal publishes, its
DCAT catalogue in JSON-LD, the registry the apps fill, and the promise that nothing internal
comes out of any of them, through real URLs."""

import io
import json
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Action, ActionPlan, ProgressUpdate
from consultations.models import Consultation
from consultations.services import handling
from forums.models import Forum
from integrity.models import ContactEntry
from portal import opendata
from stakeholders.models import Assessment, Organization
from tests import permission_world
from tests.consultations import factories as consultations
from tests.factories import OfficerFactory, PortalClient
from tests.forums.factories import ForumFactory
from tests.test_permission_matrix import SECRETS

pytestmark = pytest.mark.django_db

# Every dataset the apps publish, in the order of INSTALLED_APPS (whose ready() registers them).
PUBLISHED = [
    "directory",
    "public-calendar",
    "forums",
    "commitments",
    "consultations",
    "consultation-reports",
    "register-of-contacts",
    "gifts-register",
]
MARKER = "MARQUEUR-INTERNE-OD9"


def catalog(client):
    response = client.get(reverse("open_data_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def path_of(url, settings):
    assert url.startswith(settings.SITE_URL + "/"), url
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def distribution_urls(document):
    return [
        item["dcat:accessURL"]["@id"]
        for dataset in document["dcat:dataset"]
        for item in dataset["dcat:distribution"]
    ]


@pytest.fixture
def published():
    """A public forum and a consultation with its report published, beside a draft forum,
    an invited-only one, a draft consultation and a closed one whose report is not out."""
    officer = OfficerFactory()
    public = ForumFactory(title="Forum national du commerce", slug="forum-national")
    ForumFactory(title=f"Brouillon {MARKER}", slug="brouillon", status=Forum.Status.DRAFT)
    ForumFactory(
        title=f"Sur invitation {MARKER}",
        slug="sur-invitation",
        visibility=Forum.Visibility.INVITED,
    )
    reported = consultations.closed(officer, title="Tarif extérieur commun")
    handling.publish_report(reported, acting_user=officer)
    waiting = consultations.closed(officer, title="Régime des entrepôts")
    consultations.draft(officer, title=f"Projet {MARKER}")
    return {"forum": public, "reported": reported, "waiting": waiting}


def test_every_app_publishes_its_datasets():
    assert [dataset.slug for dataset in opendata.datasets()] == PUBLISHED


def test_the_page_lists_every_dataset_with_its_formats_licence_frequency_and_fields(
    client, published, settings
):
    settings.OPEN_DATA_LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
    settings.OPEN_DATA_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"

    body = client.get(reverse("open_data")).content.decode()

    assert (
        'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence" rel="license"' in body
        and "Licence Ouverte / Open Licence 2.0" in body
    )
    for dataset in opendata.datasets():
        assert f'id="{dataset.slug}"' in body
        for item in dataset.all_formats():
            assert f'href="{item.path().replace("&", "&amp;")}"' in body
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in body
    forum = published["forum"]
    assert f'href="{reverse("forums:ics", args=[forum.slug])}"' in body
    report = reverse("consultations:report_pdf", args=[published["reported"].pk])
    assert f'href="{report}"' in body
    assert MARKER not in body


def test_the_page_is_linked_from_every_pages_footer_and_from_home(client):
    for url in (reverse("home"), reverse("consultations:list")):
        body = client.get(url).content.decode()
        assert f'<a href="{reverse("open_data")}" id="footer-open-data">' in body
    assert f'<a href="{reverse("open_data")}">' in client.get(reverse("home")).content.decode()


def test_the_catalogue_is_dcat_json_ld_holding_every_dataset_on_the_page(
    client, published, settings
):
    document = catalog(client)

    assert document["@type"] == "dcat:Catalog"
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert document["dct:license"] == {"@id": settings.OPEN_DATA_LICENCE_URL}
    assert document["dct:publisher"]["foaf:name"] == settings.OPEN_DATA_PUBLISHER
    assert document["dct:title"]
    page = client.get(reverse("open_data")).content.decode()
    identifiers = [dataset["dct:identifier"] for dataset in document["dcat:dataset"]]
    assert identifiers == PUBLISHED
    for dataset in document["dcat:dataset"]:
        assert f'id="{dataset["dct:identifier"]}"' in page
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:title"] and dataset["dct:description"]
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith(opendata.FREQUENCIES)
        assert dataset["dcat:distribution"], dataset["dct:identifier"]
        for item in dataset["dcat:distribution"]:
            assert item["@type"] == "dcat:Distribution"
            # A file is downloaded from its address; an API endpoint is only accessed there.
            if item["dct:format"] == "API":
                assert "dcat:downloadURL" not in item
            else:
                assert item["dcat:downloadURL"] == item["dcat:accessURL"]
            assert item["dcat:mediaType"] in {media for _label, media in opendata.KINDS.values()}
            assert item["dct:format"]
    assert MARKER not in json.dumps(document, ensure_ascii=False)
    reports = [path_of(url, settings) for url in distribution_urls(document) if "report" in url]
    assert reports == [reverse("consultations:report_pdf", args=[published["reported"].pk])]


def test_every_address_in_the_catalogue_answers_a_visitor_with_its_media_type(
    client, published, settings
):
    document = catalog(client)
    kinds = {
        item["dcat:accessURL"]["@id"]: item["dcat:mediaType"]
        for dataset in document["dcat:dataset"]
        for item in dataset["dcat:distribution"]
    }

    # Twelve files, and the six endpoints of the read API that serve datasets.
    assert len(kinds) == 18
    for url, media_type in kinds.items():
        response = client.get(path_of(url, settings))
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(media_type), url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARKER.encode() not in content, url


def test_the_catalogue_addresses_are_built_from_site_url(client, published, settings):
    settings.SITE_URL = "https://portail.douane.gouv.ml"

    urls = distribution_urls(catalog(client))

    assert urls and all(url.startswith("https://portail.douane.gouv.ml/") for url in urls)
    assert (
        "https://portail.douane.gouv.ml/commitments/download/?format=json" in urls
        and "https://portail.douane.gouv.ml/calendar/public.ics" in urls
    )


def test_a_dataset_given_an_api_endpoint_shows_it_on_the_page_and_in_the_catalogue(client):
    """The slot the read API fills: an "API" format, an access URL without a download URL."""
    opendata.register(
        opendata.Dataset(
            slug="test-api",
            title="Jeu de données d’essai",
            description="Pour l’essai.",
            frequency=opendata.WEEKLY,
            fields=[opendata.Field("id", opendata.INTEGER, "Numéro")],
            api="consultations:list",
        )
    )
    try:
        page = client.get(reverse("open_data")).content.decode()
        document = catalog(client)
    finally:
        opendata.unregister("test-api")

    assert f'<a href="{reverse("consultations:list")}" data-format="api">API</a>' in page
    (dataset,) = [d for d in document["dcat:dataset"] if d["dct:identifier"] == "test-api"]
    (item,) = dataset["dcat:distribution"]
    assert item["dct:format"] == "API" and "dcat:downloadURL" not in item
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/WEEKLY")
    assert "test-api" not in [d.slug for d in opendata.datasets()]


def test_the_datasets_the_api_serves_name_their_endpoint_on_the_page(client):
    from api.apps import DATASETS

    served = {dataset.slug: dataset.api for dataset in opendata.datasets() if dataset.api}
    assert served == DATASETS

    page = client.get(reverse("open_data")).content.decode()
    assert 'id="open-data-api">' in page and reverse("api:docs") in page
    for url_name in DATASETS.values():
        assert f'<a href="{reverse(url_name)}" data-format="api">API</a>' in page
        assert client.get(reverse(url_name)).status_code == 200


def test_a_json_download_refuses_a_record_that_is_not_its_documented_fields(rf):
    with pytest.raises(ValueError, match="not its fields"):
        opendata.json_response("commitments", [{"id": 1, "internal_notes": "x"}])


# --- Nothing internal, for anyone who is not Customs ----------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world, with a marker planted in what only Customs reads of the
    action plans (internal notes, progress narratives, a draft plan and its action), the
    mapping (assessments) and the register (the withheld entry); rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        with transaction.atomic():
            world = permission_world.build()
            world.media_root = media
            ActionPlan.objects.update(internal_notes=MARKER)
            Action.objects.update(internal_notes=MARKER)
            ProgressUpdate.objects.update(narrative=MARKER)
            ActionPlan.objects.filter(pk=world.draft_plan.pk).update(title=MARKER)
            Action.objects.create(
                plan=world.draft_plan,
                code="D1",
                title=MARKER,
                objective=world.objective,
                responsible=world.users["officer"],
                responsible_unit="Direction",
                start_date=world.action.start_date,
                due_date=world.action.due_date,
                visibility=Action.Visibility.PUBLIC,
            )
            Assessment.objects.update(key_concerns=MARKER, rationale=MARKER)
            Organization.objects.update(internal_notes=MARKER)
            ContactEntry.objects.filter(status=ContactEntry.Status.WITHHELD).update(outcome=MARKER)
            Consultation.objects.filter(pk=world.draft_consultation.pk).update(summary=MARKER)
            yield world
            transaction.set_rollback(True)


def readable(response):
    """The text of an answer: a workbook's cells, or the bytes as UTF-8."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith(opendata.KINDS["xlsx"][1]):
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return content.decode("utf-8-sig", errors="replace")


def every_open_data_address(client, settings):
    """The page, the catalogue, every address in it, and each download with each filter its
    page offers."""
    yield reverse("open_data")
    yield reverse("open_data_catalog")
    for url in distribution_urls(catalog(client)):
        yield path_of(url, settings)
    for name in (
        "actionplans:board_export",
        "consultations:list_export",
        "integrity:register_export",
    ):
        for query in ("", "q=a&", "phase=draft&", "health=on_track&", "kind=meeting&"):
            for file_format in ("csv", "json"):
                yield f"{reverse(name)}?{query}format={file_format}"


@pytest.mark.parametrize("role", ["visitor", "rep_a", "rep_b"])
def test_nothing_only_customs_may_read_comes_out_of_any_open_data(world, role, settings):
    settings.MEDIA_ROOT = world.media_root
    client = PortalClient()
    if role != "visitor":
        client.force_login(world.users[role])
    hidden = [MARKER] + [secret for secret, readers in SECRETS.items() if role not in readers]

    wrong = []
    seen = set()
    for address in every_open_data_address(client, settings):
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code == 200, address
        text = readable(response)
        wrong += [f"{address}: {secret!r}" for secret in hidden if secret in text]

    assert len(seen) > 20
    assert not wrong, "\n".join(wrong)


def test_the_downloads_hold_the_worlds_public_rows(world, settings):
    """The marker test above is not blind: the downloads do hold rows."""
    settings.MEDIA_ROOT = world.media_root
    client = PortalClient()
    counts = {
        name: json.loads(client.get(reverse(name), {"format": "json"}).content)["count"]
        for name in (
            "actionplans:board_export",
            "consultations:list_export",
            "integrity:register_export",
        )
    }
    assert all(counts.values()), counts
