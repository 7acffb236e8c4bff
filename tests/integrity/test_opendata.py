"""The register of contacts' downloads as open data (integrity/opendata.py): the entries the
public page lists, with its filters, whoever asks; withheld entries and drafts never, only the
withheld count per reason; the JSON of portal.opendata's shape."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from integrity import opendata
from integrity.models import WithholdingReason
from integrity.services import register as services
from portal.accounts.models import Unit
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MARKER = "MARQUEUR-RETENU-OD5"


@pytest.fixture
def register():
    unit = Unit.objects.create(name="Bureau de Kayes")
    officer = OfficerFactory(unit=unit, position="Chef de bureau")
    company = OrganizationFactory(name="Comptoir Sahel")
    today = timezone.localdate()

    def log(subject, days_ago, *, publish=True, kind="visit"):
        return services.log_contact(
            acting_user=officer,
            kind=kind,
            contact_date=today - timezone.timedelta(days=days_ago),
            organizations=[company],
            unit=unit,
            officer_role="Chef de bureau",
            subject=subject,
            outcome=f"Résultat de {subject}",
            publish=publish,
        )

    log("Visite de l’entrepôt", 3)
    log("Appel sur le tarif", 5, kind="call")
    log(f"Brouillon {MARKER}", 2, publish=False)
    reason = WithholdingReason.objects.create(title="Secret de l’enquête", legal_basis="Art. 12")
    services.withhold(
        log(f"Retenu {MARKER}", 4), acting_user=officer, reason=reason, note=f"Note {MARKER}"
    )
    return officer


def login(client, register, who):
    if who == "officer":
        client.force_login(register)
    elif who == "representative":
        client.force_login(RepresentativeFactory())


def page_subjects(client, query=None):
    body = client.get(reverse("integrity:register"), query or {}).content.decode()
    return re.findall(r'<td><a href="/integrity/register/\d+/">([^<]+)</a>', body)


def download(client, file_format, query=None):
    response = client.get(
        reverse("integrity:register_export"), {**(query or {}), "format": file_format}
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("who", ["visitor", "representative", "officer"])
def test_withheld_entries_and_drafts_stay_out_of_every_download(client, register, who):
    login(client, register, who)

    for file_format in ("csv", "json"):
        assert MARKER not in download(client, file_format).content.decode("utf-8-sig")
    body = json.loads(download(client, "json").content)
    assert [r["subject"] for r in body["records"]] == page_subjects(client)
    assert [r["subject"] for r in body["records"]] == [
        "Visite de l’entrepôt",
        "Appel sur le tarif",
    ]
    assert body["withheld"] == [{"reason": "Secret de l’enquête", "count": 1}]


def test_the_json_has_the_documented_shape_and_the_filters_apply(client, register):
    body = json.loads(download(client, "json", {"kind": "call"}).content)

    assert body["dataset"] == "register-of-contacts" and body["count"] == 1
    (record,) = body["records"]
    assert list(record) == opendata.REGISTER_DATASET.field_names
    assert record["subject"] == "Appel sur le tarif" and record["kind"] == "call"
    assert record["organizations"] == ["Comptoir Sahel"]
    assert record["published_at"].endswith("+00:00")
    assert body["withheld"] == []  # the withheld entry was a visit


def test_the_register_links_to_its_downloads_with_its_filters(client, register):
    body = client.get(reverse("integrity:register"), {"kind": "call"}).content.decode()

    url = reverse("integrity:register_export")
    assert f'href="{url}?kind=call&amp;format=csv"' in body
    assert f'href="{url}?kind=call&amp;format=json"' in body
    assert f'href="{reverse("open_data")}#register-of-contacts"' in body


def test_the_csv_lists_the_same_entries(client, register):
    text = download(client, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))

    assert [row[7] for row in rows[1:]] == ["Visite de l’entrepôt", "Appel sur le tarif"]
