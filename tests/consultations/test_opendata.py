"""The consultations list's downloads (consultations/opendata.py, public.list_export): the
consultations the list shows the same viewer, with its filters; drafts to Customs only,
invited-only ones to the invited; as CSV and JSON of the documented shape."""

import csv
import io
import json
import re
from datetime import UTC

import pytest
from django.urls import reverse

from consultations import opendata
from consultations.models import Consultation
from consultations.services import handling
from tests.consultations import factories as f
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db

DRAFT = "Projet en préparation MARQUEUR-OD3"
INVITED = "Texte réservé aux invités MARQUEUR-OD4"


@pytest.fixture
def scene():
    officer = OfficerFactory()
    invited_org = OrganizationFactory()
    f.opened(officer, title="Code des douanes révisé", summary="Les procédures simplifiées")
    reported = f.closed(officer, title="Tarif extérieur commun")
    handling.publish_report(reported, acting_user=officer)
    f.closed(officer, title="Régime des entrepôts")
    f.draft(officer, title=DRAFT)
    f.opened(
        officer,
        title=INVITED,
        audience=Consultation.Audience.INVITED,
        invited_organizations=[invited_org],
    )
    return {"officer": officer, "invited": representative_of(invited_org), "reported": reported}


def login(client, scene, who):
    if who == "officer":
        client.force_login(scene["officer"])
    elif who == "invited":
        client.force_login(scene["invited"])
    elif who == "representative":
        client.force_login(RepresentativeFactory())


def listed_titles(client, query):
    body = client.get(reverse("consultations:list"), query).content.decode()
    return re.findall(r'<h2 class="h5 mb-1"><a href="[^"]+">([^<]+)</a>', body)


def download(client, file_format, query=None):
    response = client.get(
        reverse("consultations:list_export"), {**(query or {}), "format": file_format}
    )
    assert response.status_code == 200
    return response


def records(client, query=None):
    return json.loads(download(client, "json", query).content)["records"]


@pytest.mark.parametrize("who", ["visitor", "representative", "invited", "officer"])
def test_the_downloads_hold_what_the_list_shows_the_same_viewer(client, scene, who):
    login(client, scene, who)
    for query in [{}, {"q": "tarif"}, {"phase": "closed"}, {"phase": "open"}]:
        titles = listed_titles(client, query)
        assert titles, query
        assert [r["title"] for r in records(client, query)] == titles, query
        text = download(client, "csv", query).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        column = rows[0].index(str(opendata.DATASET.fields[2].header))
        assert [row[column] for row in rows[1:]] == titles, query


@pytest.mark.parametrize(
    "who, sees_draft, sees_invited",
    [
        ("visitor", False, False),
        ("representative", False, False),
        ("invited", False, True),
        ("officer", True, True),
    ],
)
def test_drafts_and_invited_only_texts_reach_only_those_the_list_shows_them_to(
    client, scene, who, sees_draft, sees_invited
):
    login(client, scene, who)

    for file_format in ("csv", "json"):
        content = download(client, file_format).content.decode("utf-8-sig")
        assert (DRAFT in content) is sees_draft
        assert (INVITED in content) is sees_invited


def test_the_json_has_the_documented_shape(client, scene):
    body = json.loads(download(client, "json").content)

    assert body["dataset"] == "consultations" and body["count"] == 3
    by_title = {r["title"]: r for r in body["records"]}
    for record in body["records"]:
        assert list(record) == opendata.DATASET.field_names
    reported = scene["reported"]
    tariff = by_title["Tarif extérieur commun"]
    assert tariff["status"] == "report_published"
    assert tariff["report_url"] == f"http://testserver/consultations/{reported.pk}/report.pdf"
    assert tariff["closes_at"] == reported.closes_at.astimezone(UTC).isoformat()
    assert tariff["closes_at"].endswith("+00:00")
    assert by_title["Régime des entrepôts"]["status"] == "closed"
    assert by_title["Régime des entrepôts"]["report_url"] is None
    opened = by_title["Code des douanes révisé"]
    assert opened["status"] == "open" and opened["summary"] == "Les procédures simplifiées"
    assert opened["comment_count"] == 0 and opened["audience"] == "public"


def test_the_list_links_to_its_downloads(client, scene):
    body = client.get(reverse("consultations:list"), {"phase": "closed"}).content.decode()

    url = reverse("consultations:list_export")
    assert f'href="{url}?phase=closed&amp;format=csv"' in body
    assert f'href="{url}?phase=closed&amp;format=json"' in body
    assert f'href="{reverse("open_data")}#consultations"' in body


def test_the_open_data_page_lists_each_published_report_and_only_those(client, scene):
    reports = opendata.REPORTS.all_formats()

    assert [item.kwargs["pk"] for item in reports] == [scene["reported"].pk]
    assert client.get(reports[0].path()).status_code == 200
