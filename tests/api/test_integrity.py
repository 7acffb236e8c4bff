"""The integrity registers through the API: the register of contacts as its page shows it
(withheld entries never shown, only counted per reason), and the complaints' public statistics
with the page's small-cell suppression."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from integrity.models import Complaint, WithholdingReason
from integrity.services import complaints
from integrity.services import register as services
from portal.accounts.models import Unit
from tests.api.conditional import assert_change_renews_the_etag
from tests.factories import OfficerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/register/"
STATISTICS = "/api/v1/integrity-statistics/"


@pytest.fixture
def officer():
    unit = Unit.objects.create(name="Bureau des douanes de Kayes")
    return OfficerFactory(unit=unit, position="Chef de bureau")


def log(officer, subject, *, day, organizations=(), kind="visit", publish=True):
    return services.log_contact(
        acting_user=officer,
        kind=kind,
        contact_date=day,
        organizations=organizations,
        unit=officer.unit,
        officer_role="Chef de bureau",
        subject=subject,
        outcome=f"Suite donnée : {subject}",
        publish=publish,
    )


def subjects(response):
    assert response.status_code == 200, response.content
    return [entry["subject"] for entry in response.json()["results"]]


def test_the_register_shows_published_entries_and_counts_withheld_ones(client, officer):
    today = timezone.localdate()
    company = OrganizationFactory(name="Comptoir Sahel Import", verified=True)
    unverified = OrganizationFactory(name="Société NON-VÉRIFIÉE", verified=False)
    shown = log(officer, "Visite d’entrepôt", day=today, organizations=[company, unverified])
    log(officer, "Appel téléphonique", day=today - timedelta(days=3), kind="call")
    log(officer, "BROUILLON-INTERNE", day=today, publish=False)
    secret = log(officer, "SUJET-RETENU", day=today)
    reason = WithholdingReason.objects.create(title="Enquête en cours", legal_basis="Art. 12")
    services.withhold(secret, acting_user=officer, reason=reason)

    answer = client.get(REGISTER)

    assert subjects(answer) == ["Visite d’entrepôt", "Appel téléphonique"]
    body = answer.content.decode()
    assert "SUJET-RETENU" not in body and "BROUILLON" not in body and "NON-VÉRIFIÉE" not in body
    row = answer.json()["results"][0]
    assert row["organizations"] == ["Comptoir Sahel Import"]
    assert row["unverified_organizations"] == 1
    assert row["unit"] == "Bureau des douanes de Kayes"
    # The same record as the page's JSON download.
    download = client.get("/integrity/register/download/", {"format": "json"}).json()
    assert download["records"][0] == row
    assert client.get(f"{REGISTER}{shown.pk}/").json() == row
    assert client.get(f"{REGISTER}{secret.pk}/").status_code == 404
    assert client.get(f"{REGISTER}withheld/").json() == [{"reason": "Enquête en cours", "count": 1}]


def test_the_registers_filters_apply(client, officer):
    today = timezone.localdate()
    company = OrganizationFactory(verified=True)
    log(officer, "Visite d’entrepôt", day=today, organizations=[company])
    log(officer, "Appel sur le transit", day=today - timedelta(days=40), kind="call")

    assert subjects(client.get(REGISTER, {"kind": "call"})) == ["Appel sur le transit"]
    assert subjects(client.get(REGISTER, {"organization": company.pk})) == ["Visite d’entrepôt"]
    assert subjects(client.get(REGISTER, {"q": "transit"})) == ["Appel sur le transit"]
    since = (today - timedelta(days=10)).isoformat()
    assert subjects(client.get(REGISTER, {"since": since})) == ["Visite d’entrepôt"]
    backwards = {"since": today.isoformat(), "until": since}
    answer = client.get(REGISTER, backwards, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 400 and "until" in answer.json()["errors"]


def test_a_new_entry_renews_the_registers_etag(client, officer):
    def change():
        log(officer, "Réunion de suivi", day=timezone.localdate())

    assert_change_renews_the_etag(client, REGISTER, change, shows=lambda body: body["count"] == 1)


def _complaints(n, *, day, category="payment", acknowledge_after=None, close_after=None):
    zone = timezone.get_default_timezone()
    received = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    for _ in range(n):
        complaint, _code = complaints.submit_complaint(
            acting_user=None,
            category=category,
            occurred_on=day,
            place="Bamako",
            description="x",
            anonymous=True,
            now=received + timedelta(hours=9),
        )
        updates = {}
        if acknowledge_after is not None:
            updates["acknowledged_at"] = received + timedelta(days=acknowledge_after, hours=10)
        if close_after is not None:
            updates["closed_at"] = received + timedelta(days=close_after, hours=10)
            updates["status"] = Complaint.Status.CLOSED
        Complaint.objects.filter(pk=complaint.pk).update(**updates)


def test_statistics_hide_small_cells_as_the_page_does(client):
    day = date(2026, 1, 15)
    _complaints(3, day=day, acknowledge_after=2, close_after=10)
    _complaints(2, day=day, acknowledge_after=4, close_after=20)
    _complaints(2, day=day, category="delay", acknowledge_after=1)

    answer = client.get(STATISTICS, HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 200
    (quarter,) = answer.json()["results"]
    assert (quarter["year"], quarter["quarter"], quarter["start"]) == (2026, 1, "2026-01-01")
    total = quarter["total"]
    assert (total["received"], total["closed"], total["days_to_acknowledge"]) == (7, 5, 2)
    payment, delay = quarter["categories"]
    assert (delay["received"], delay["received_hidden"]) == (None, "small")
    assert delay["days_to_acknowledge"] is None
    assert (payment["received"], payment["received_hidden"]) == (None, "protected")
    assert (payment["closed"], payment["closed_hidden"]) == (None, "protected")
    assert payment["days_to_close"] == 10


def test_a_new_complaint_renews_the_statistics_etag(client):
    _complaints(5, day=date(2026, 1, 15))

    def change():
        _complaints(1, day=date(2026, 1, 16))

    assert_change_renews_the_etag(
        client,
        STATISTICS,
        change,
        shows=lambda body: body["results"][0]["total"]["received"] == 6,
    )
