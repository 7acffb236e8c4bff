"""The register of contacts: entries from held meetings, contacts logged by officers, what the
public sees and never sees, withholding, lateness, reminders, filters and downloads."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.indicators import Quarter, engagement_indicators
from integrity import tasks
from integrity.indicators import entries_on_time
from integrity.models import ContactEntry, WithholdingReason
from integrity.services import register as services
from meetings.services import minutes as meeting_minutes
from portal.accounts.models import Unit
from portal.notifications.models import Notification
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory
from tests.meetings.factories import BodyFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return Unit.objects.create(name="Bureau des douanes de Kayes")


@pytest.fixture
def officer(unit):
    return OfficerFactory(unit=unit, position="Chef de bureau", full_name="Moussa Keïta")


def hold(meeting, officer, *, present=(), people=()):
    """Record a meeting held through the service, as the minutes page does."""
    for organization in present:
        meeting.invited_orgs.get_or_create(organization=organization)
    return meeting_minutes.record_minutes(
        meeting,
        acting_user=officer,
        minutes="PROCES-VERBAL-CONFIDENTIEL",
        present_invitations=list(people),
        present_organizations=list(present),
    )


def register_page(client, **params):
    """The register's page after its filters (whose list of organisations is the directory)."""
    page = client.get(reverse("integrity:register"), params).content.decode()
    return page.split('id="withheld-title"', 1)[1]


def test_a_restricted_meeting_held_with_a_company_appears_without_its_title_or_minutes(
    client, officer, unit
):
    company = OrganizationFactory(name="Comptoir Sahel Import")
    meeting = MeetingFactory(
        title="Dossier contentieux SECRET-TITRE",
        visibility="invitees",
        organiser=officer,
        start=in_days(-2),
        end=in_days(-2, 12),
    )
    hold(meeting, officer, present=[company])
    entry = ContactEntry.objects.get(meeting=meeting)
    services.update_entry(entry, acting_user=officer, publish=False)  # stays a draft
    assert entry.subject == "" and entry.officer == officer and entry.unit == unit
    assert entry.due_on == entry.contact_date + timedelta(days=14)

    assert "Comptoir Sahel Import" not in register_page(client)  # a draft is not public

    services.publish_overdue(today=entry.due_on + timedelta(days=1))
    page = register_page(client)

    assert "Comptoir Sahel Import" in page
    assert "Bureau des douanes de Kayes" in page and "Chef de bureau" in page
    assert "SECRET-TITRE" not in page and "PROCES-VERBAL" not in page
    assert "Moussa" not in page  # the unit and the role, not the officer
    detail = client.get(reverse("integrity:entry", args=[entry.pk])).content.decode()
    assert "SECRET-TITRE" not in detail and "PROCES-VERBAL" not in detail
    assert "Outcome overdue" in detail or "Résultat en retard" in detail

    services.update_entry(
        entry,
        acting_user=officer,
        subject="Délais de mainlevée",
        outcome="Les délais ont été examinés.",
    )
    page = register_page(client)
    assert "Délais de mainlevée" in page and "SECRET-TITRE" not in page


def test_a_public_meeting_lends_its_title_and_an_internal_one_never_appears(officer):
    company = OrganizationFactory()
    public = MeetingFactory(title="Cadre de concertation", start=in_days(-1), end=in_days(-1, 12))
    hold(public, officer, present=[company])
    internal = MeetingFactory(
        title="Préparation interne", visibility="internal", start=in_days(-1), end=in_days(-1, 12)
    )
    hold(internal, officer, present=[company])
    agencies = MeetingFactory(title="Entre agences", start=in_days(-1), end=in_days(-1, 12))
    hold(agencies, officer, present=[OrganizationFactory(category="agency")])

    assert ContactEntry.objects.get(meeting=public).subject == "Cadre de concertation"
    assert not ContactEntry.objects.filter(meeting__in=[internal, agencies]).exists()


def test_the_officer_of_a_meeting_entry_is_the_organiser_else_the_body_co_chair(officer):
    chair = OfficerFactory()
    meeting = MeetingFactory(
        organiser=RepresentativeFactory(),
        body=BodyFactory(customs_chair=chair),
        start=in_days(-1),
        end=in_days(-1, 12),
    )
    hold(meeting, officer, present=[OrganizationFactory()])

    assert ContactEntry.objects.get(meeting=meeting).officer == chair


def test_unverified_organisations_and_private_persons_are_counted_never_named(client, officer):
    proposed = OrganizationFactory(name="Société Fantôme SARL", verified=False)
    verified = OrganizationFactory(name="Conseil malien des chargeurs")
    meeting = MeetingFactory(start=in_days(-3), end=in_days(-3, 12), organiser=officer)
    person = meeting.invitations.create(
        user=RepresentativeFactory(full_name="Awa Diarra"), name="Awa Diarra", email="awa@ex.ml"
    )
    hold(meeting, officer, present=[proposed, verified], people=[person])
    entry = ContactEntry.objects.get(meeting=meeting)
    assert entry.private_individuals == 1
    services.update_entry(
        entry, acting_user=officer, publish=True, subject="Fret aérien", outcome="Accord trouvé."
    )

    page = register_page(client)

    assert "Conseil malien des chargeurs" in page
    assert "Fantôme" not in page and "Awa" not in page
    assert "organisation non encore vérifiée" in page or "organisation not yet verified" in page
    assert "particulier" in page or "private individual" in page


def test_an_officer_logs_a_visit_and_publishes_it(client, officer, unit):
    company = OrganizationFactory(name="Transports Niger Express")
    client.force_login(officer)
    form = client.get(reverse("integrity:entry_create")).content.decode()
    assert "Chef de bureau" in form  # the role prefilled

    response = client.post(
        reverse("integrity:entry_create"),
        {
            "kind": "site_inspection",
            "contact_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "organizations": [company.pk],
            "private_individuals": "0",
            "unit": unit.pk,
            "officer_role": "Chef de bureau",
            "subject": "Visite d’entrepôt sous douane",
            "outcome": "Inventaire conforme.",
            "action": "publish",
        },
    )

    entry = ContactEntry.objects.get()
    assert response.status_code == 302
    assert entry.status == "published" and entry.completed_on == timezone.localdate()
    assert entry.officer == officer and entry.meeting is None
    client.logout()
    page = register_page(client)
    assert "Visite d’entrepôt sous douane" in page and "Transports Niger Express" in page


def test_publishing_without_an_outcome_re_renders_the_form_with_what_was_typed(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("integrity:entry_create"),
        {
            "kind": "call",
            "contact_date": timezone.localdate().isoformat(),
            "private_individuals": "2",
            "officer_role": "Chef de bureau",
            "subject": "Appel sur un dossier en cours",
            "outcome": "",
            "action": "publish",
        },
    )

    assert response.status_code == 200
    assert "Appel sur un dossier en cours" in response.content.decode()
    assert not ContactEntry.objects.exists()

    client.post(
        reverse("integrity:entry_create"),
        {
            "kind": "call",
            "contact_date": timezone.localdate().isoformat(),
            "private_individuals": "2",
            "subject": "",
            "outcome": "",
            "action": "draft",
        },
    )
    draft = ContactEntry.objects.get()
    assert draft.is_draft and draft.private_individuals == 2
    assert Notification.objects.filter(kind=services.REMINDER_KIND, target_id=draft.pk).count() == 2


def test_withholding_needs_an_active_reason_and_is_counted_per_reason(client, officer):
    secrecy = WithholdingReason.objects.create(title="Secret de l’enquête", legal_basis="Art. 12")
    WithholdingReason.objects.create(title="Ancien motif", active=False)
    entries = [
        services.log_contact(
            acting_user=officer,
            kind="visit",
            contact_date=timezone.localdate() - timedelta(days=n),
            subject=f"SUJET-RETENU-{n}",
        )
        for n in range(3)
    ]
    client.force_login(officer)

    refused = client.post(reverse("integrity:entry_withhold", args=[entries[0].pk]), {})
    assert refused.status_code == 200
    assert ContactEntry.objects.filter(status="withheld").count() == 0
    inactive = WithholdingReason.objects.get(active=False)
    client.post(reverse("integrity:entry_withhold", args=[entries[0].pk]), {"reason": inactive.pk})
    assert ContactEntry.objects.filter(status="withheld").count() == 0

    for entry in entries[:2]:
        client.post(
            reverse("integrity:entry_withhold", args=[entry.pk]),
            {"reason": secrecy.pk, "note": "Enquête en cours"},
        )
    client.logout()

    page = register_page(client)
    assert ContactEntry.objects.filter(status="withheld", withheld_reason=secrecy).count() == 2
    assert "Secret de l’enquête" in page and "SUJET-RETENU" not in page
    assert "2" in page.split("Secret de l’enquête")[0][-40:]
    assert client.get(reverse("integrity:entry", args=[entries[0].pk])).status_code == 404
    exported = json.loads(
        client.get(reverse("integrity:register_export"), {"format": "json"}).content
    )
    assert exported["withheld"] == [{"reason": "Secret de l’enquête", "count": 2}]


def test_a_draft_past_its_due_date_is_published_by_the_daily_task_marked_late(officer):
    old_company = OrganizationFactory()
    # A meeting held before the register existed: the daily task makes its entry.
    held_long_ago = MeetingFactory(status="held", start=in_days(-40), end=in_days(-40, 12))
    held_long_ago.invited_orgs.create(organization=old_company, attended=True)
    on_time = services.log_contact(
        acting_user=officer,
        kind="visit",
        contact_date=timezone.localdate() - timedelta(days=3),
        subject="Visite",
        outcome="Fait.",
        publish=True,
    )
    late = services.log_contact(
        acting_user=officer, kind="call", contact_date=timezone.localdate() - timedelta(days=20)
    )

    result = tasks.publish_register()

    assert result == {"made": 1, "published": 2}
    assert tasks.publish_register() == {"made": 0, "published": 0}  # idempotent
    late.refresh_from_db()
    assert late.status == "published" and late.outcome_overdue
    assert not ContactEntry.objects.get(pk=on_time.pk).outcome_overdue
    assert ContactEntry.objects.get(meeting=held_long_ago).outcome_overdue


def test_the_officer_is_reminded_and_the_reminder_is_dropped_once_completed(officer, deliver):
    entry = services.log_contact(
        acting_user=officer, kind="visit", contact_date=timezone.localdate()
    )
    rows = Notification.objects.filter(kind=services.REMINDER_KIND, target_id=entry.pk)
    assert rows.count() == 2
    assert {row.email for row in rows} == {officer.email}
    assert sorted(timezone.localdate(row.due_at) for row in rows) == [
        entry.due_on - timedelta(days=3),
        entry.due_on,
    ]

    rows.update(due_at=timezone.now() - timedelta(minutes=1))
    first = rows.order_by("pk").first()
    rows.exclude(pk=first.pk).update(status="cancelled")
    sent = deliver()
    assert len(sent) == 1 and sent[0].to == [officer.email]
    assert reverse("integrity:entry_edit", args=[entry.pk]) in sent[0].body

    services.update_entry(entry, acting_user=officer, publish=True, subject="S", outcome="O")
    Notification.objects.filter(pk=first.pk).update(
        status="pending", due_at=timezone.now() - timedelta(minutes=1), attempts=0
    )
    assert deliver() == []


def test_filters_and_downloads(client, officer, unit):
    other_unit = Unit.objects.create(name="Bureau de Sikasso")
    present = OrganizationFactory(name="Groupement des transitaires")
    absent = OrganizationFactory(name="Union des importateurs")
    services.log_contact(
        acting_user=officer,
        kind="visit",
        contact_date=date(2026, 3, 2),
        organizations=[present],
        unit=unit,
        officer_role="Chef de bureau",
        subject='=HYPERLINK("x") entrepôt',
        outcome="Entrepôt visité.",
        publish=True,
    )
    services.log_contact(
        acting_user=officer,
        kind="call",
        contact_date=date(2026, 5, 4),
        organizations=[absent],
        unit=other_unit,
        subject="Appel tarif",
        outcome="Tarif expliqué.",
        publish=True,
    )

    by_org = register_page(client, organization=present.pk)
    by_unit = register_page(client, unit=other_unit.pk)
    by_period = register_page(client, since="2026-04-01", until="2026-06-30")
    by_words = register_page(client, q="tarif")
    by_kind = register_page(client, kind="visit")

    assert "entrepôt" in by_org and "Appel tarif" not in by_org
    assert "Appel tarif" in by_unit and "entrepôt" not in by_unit
    assert "Appel tarif" in by_period and "entrepôt" not in by_period
    assert "Appel tarif" in by_words and "entrepôt" not in by_words
    assert "entrepôt" in by_kind and "Appel tarif" not in by_kind

    response = client.get(reverse("integrity:register_export"), {"format": "csv", "unit": unit.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2
    assert rows[1][0] == "2026-03-02" and rows[1][2] == "Groupement des transitaires"
    assert rows[1][7].startswith("'=")  # no formula

    data = json.loads(client.get(reverse("integrity:register_export"), {"format": "json"}).content)
    assert [e["subject"] for e in data["records"]] == ["Appel tarif", '=HYPERLINK("x") entrepôt']
    first = data["records"][0]
    assert set(first) >= {
        "id", "date", "kind", "organizations", "unverified_organizations",
        "private_individuals", "unit", "officer_role", "subject", "outcome",
        "outcome_overdue", "completed_late",
    }  # fmt: skip
    assert first["organizations"] == ["Union des importateurs"]


def test_the_directory_links_each_organisation_to_its_entries(client):
    organization = OrganizationFactory(name="Chambre de commerce")

    page = client.get(reverse("stakeholders:directory")).content.decode()

    assert f"{reverse('integrity:register')}?organization={organization.pk}" in page


def test_the_dashboard_lists_the_officers_overdue_and_soon_due_entries(client, officer):
    soon = services.log_contact(
        acting_user=officer, kind="call", contact_date=timezone.localdate() - timedelta(days=10)
    )
    late = services.log_contact(
        acting_user=officer, kind="visit", contact_date=timezone.localdate() - timedelta(days=30)
    )
    services.update_entry(late, acting_user=officer, subject="VISITE-EN-RETARD")
    services.log_contact(
        acting_user=OfficerFactory(),
        kind="visit",
        contact_date=timezone.localdate() - timedelta(days=30),
        subject="PAS-LA-MIENNE",
    )
    client.force_login(officer)

    page = client.get(reverse("dashboard")).content.decode()

    assert "VISITE-EN-RETARD" in page and "PAS-LA-MIENNE" not in page
    assert reverse("integrity:entry_edit", args=[soon.pk]) in page
    mine = client.get(reverse("integrity:my_entries")).content.decode()
    assert "VISITE-EN-RETARD" in mine


def test_the_transparency_log_address_redirects_to_the_register(client):
    response = client.get("/meetings/transparency/?since=2026-01-01")

    assert response.status_code == 301
    assert response["Location"] == reverse("integrity:register") + "?since=2026-01-01"


def test_the_share_of_entries_completed_on_time_is_an_engagement_indicator(officer):
    today = date(2026, 6, 30)
    on_time = services.log_contact(
        acting_user=officer, kind="visit", contact_date=date(2026, 4, 1), today=date(2026, 4, 2),
        subject="A", outcome="B", publish=True,
    )  # fmt: skip
    services.log_contact(acting_user=officer, kind="visit", contact_date=date(2026, 4, 10))
    services.publish_overdue(today=today)

    indicator = entries_on_time(Quarter(2026, 2), today=today)

    assert on_time.completed_on <= on_time.due_on
    assert indicator.value == 50.0 and indicator.previous is None
    assert entries_on_time in __import__("actionplans.indicators").indicators.INDICATORS
    keys = [i.key for i in engagement_indicators(Quarter(2026, 2), today=today)]
    assert "register_on_time" in keys
