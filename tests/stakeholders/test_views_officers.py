import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stakeholders import engagement
from stakeholders.models import Assessment, Organization, Sector
from tests.factories import ContactFactory, OfficerFactory, OrganizationFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = OfficerFactory(full_name="Moussa Keïta")
    client.force_login(user)
    return user


def body(response):
    return response.content.decode()


def sector(code):
    return Sector.objects.get(code=code).pk


def test_the_registry_lists_organisations_25_per_page_keeping_the_filters(client, officer):
    for n in range(30):
        OrganizationFactory(name=f"Caisse {n:02d}", category="bank")
    OrganizationFactory(name="Coopérative Kita", category="chamber")

    first = body(client.get(reverse("stakeholders:list"), {"category": "bank"}))
    second = body(client.get(reverse("stakeholders:list"), {"category": "bank", "page": 2}))

    assert first.count("Caisse ") == 25 and "Coopérative Kita" not in first
    assert "?category=bank&amp;page=2" in first
    assert second.count("Caisse ") == 5


def test_an_organisation_page_shows_profile_contacts_assessments_and_notes(client, officer):
    organization = OrganizationFactory(
        name="Conseil Malien des Chargeurs", internal_notes="Très influent au port de Dakar"
    )
    ContactFactory(organization=organization, name="Ousmane Touré")
    now = timezone.now()
    AssessmentFactory(
        organization=organization, influence=2, interest=2, assessed_at=now - timedelta(days=200)
    )
    AssessmentFactory(
        organization=organization, influence=4, interest=5, assessed_at=now, assessed_by=officer
    )

    page = body(client.get(reverse("stakeholders:detail", args=[organization.pk])))

    assert "Conseil Malien des Chargeurs" in page
    assert "Très influent au port de Dakar" in page
    assert "Ousmane Touré" in page
    assert "Gérer de près" in page  # the current quadrant
    assert page.count("<h1") == 1
    history = page[page.index('id="assessments-title"') : page.index('id="engagement-title"')]
    assert history.count("<tr") == 3  # header and two assessments, newest first
    assert history.index(">4<") < history.index(">2<")


def test_an_organisation_page_shows_what_engagement_providers_return(client, officer, monkeypatch):
    monkeypatch.setattr(engagement, "_providers", [])
    organization = OrganizationFactory()

    @engagement.register
    def meetings(org, user):
        if org != organization:
            return []
        return [
            engagement.EngagementItem(
                date(2026, 3, 2),
                "Réunion",
                "Cadre de concertation",
                url="/meetings/7/",
                detail="participant",
            ),
            engagement.EngagementItem(timezone.now(), "Forum", "Forum des transitaires"),
        ]

    page = body(client.get(reverse("stakeholders:detail", args=[organization.pk])))

    section = page[page.index('id="engagement-title"') : page.index('id="history-title"')]
    assert '<a href="/meetings/7/">Cadre de concertation</a>' in section
    assert "participant" in section
    assert section.index("Forum des transitaires") < section.index("Cadre de concertation")


def test_the_change_history_shows_who_changed_what(client, officer):
    client.post(
        reverse("stakeholders:create"),
        {"name": "Sahel Transit", "category": "broker", "country": "ML", "status": "active"},
    )
    organization = Organization.objects.get(name="Sahel Transit")
    client.post(
        reverse("stakeholders:edit", args=[organization.pk]),
        {
            "name": "Sahel Transit",
            "category": "broker",
            "country": "ML",
            "status": "active",
            "phone": "+223 70 11 22 33",
        },
    )

    page = body(client.get(reverse("stakeholders:detail", args=[organization.pk])))

    history = page[page.index('id="history-title"') :]
    assert "Moussa Keïta" in history
    assert "+223 70 11 22 33" in history
    assert organization.history.first().history_user == officer


def test_an_officer_adds_an_organisation(client, officer):
    response = client.post(
        reverse("stakeholders:create"),
        {
            "name": "Grands Moulins du Mali",
            "acronym": "GMM",
            "category": "trader",
            "region": "koulikoro",
            "country": "ML",
            "status": "active",
            "internal_notes": "Importe du blé",
        },
    )

    organization = Organization.objects.get(acronym="GMM")
    assert response["Location"] == reverse("stakeholders:detail", args=[organization.pk])
    assert organization.internal_notes == "Importe du blé"


def test_the_sectors_ticked_on_the_form_are_saved_and_can_be_changed(client, officer):
    fields = {"name": "Minoterie du Sahel", "category": "trader", "country": "ML"}
    client.post(
        reverse("stakeholders:create"),
        {**fields, "status": "active", "sectors": [sector("food"), sector("trade")]},
    )
    organization = Organization.objects.get(name="Minoterie du Sahel")
    assert sorted(s.code for s in organization.sectors.all()) == ["food", "trade"]

    client.post(
        reverse("stakeholders:edit", args=[organization.pk]),
        {**fields, "status": "active", "sectors": [sector("agriculture")]},
    )

    assert [s.code for s in organization.sectors.all()] == ["agriculture"]


def test_a_bad_form_keeps_what_was_typed_and_says_what_is_wrong(client, officer):
    OrganizationFactory(registry_number="MA.BKO.1")

    response = client.post(
        reverse("stakeholders:create"),
        {
            "name": "Doublon SARL",
            "category": "trader",
            "country": "SN",
            "region": "bamako",
            "status": "active",
            "email": "pas-une-adresse",
            "registry_number": "MA.BKO.1",
        },
    )

    page = body(response)
    assert response.status_code == 200
    assert 'value="Doublon SARL"' in page
    assert "Saisissez une adresse de courriel valide." in page
    assert "Une organisation avec ce numéro d’immatriculation existe déjà." in page.replace(
        "&#x27;", "’"
    ).replace("'", "’")
    assert "Une région du Mali ne s’applique qu’aux organisations établies au Mali." in (
        page.replace("&#x27;", "’").replace("'", "’")
    )
    assert Organization.objects.count() == 1


def test_an_officer_verifies_an_organisation(client, officer):
    organization = OrganizationFactory(verified=False)

    client.post(reverse("stakeholders:verify", args=[organization.pk]), {"verified": "on"})

    organization.refresh_from_db()
    assert organization.verified and organization.verified_by == officer


def test_an_officer_withdraws_a_verification(client, officer):
    organization = OrganizationFactory(verified=True)

    client.post(reverse("stakeholders:verify", args=[organization.pk]), {})

    organization.refresh_from_db()
    assert not organization.verified


def test_an_officer_records_an_assessment(client, officer):
    organization = OrganizationFactory()

    response = client.post(
        reverse("stakeholders:assess", args=[organization.pk]),
        {
            "influence": "5",
            "interest": "2",
            "attitude": "sceptical",
            "current_engagement": "2",
            "desired_engagement": "4",
            "key_concerns": "Valeurs de référence",
            "rationale": "Poids dans les importations",
        },
    )

    assessment = organization.assessments.get()
    assert response.status_code == 302
    assert assessment.assessed_by == officer
    assert assessment.quadrant == Assessment.Quadrant.KEEP_SATISFIED


def test_the_assessment_form_starts_from_the_current_assessment(client, officer):
    organization = OrganizationFactory()
    AssessmentFactory(organization=organization, influence=2, interest=5, attitude="champion")

    page = body(client.get(reverse("stakeholders:assess", args=[organization.pk])))

    assert re.search(r'<option value="champion" selected>', page)


def test_the_assessment_form_refuses_scores_outside_1_to_5(client, officer):
    organization = OrganizationFactory()

    response = client.post(
        reverse("stakeholders:assess", args=[organization.pk]),
        {
            "influence": "9",
            "interest": "2",
            "attitude": "neutral",
            "current_engagement": "2",
            "desired_engagement": "4",
        },
    )

    assert response.status_code == 200
    assert not organization.assessments.exists()


def test_the_engagement_gap_view_lists_organisations_below_their_desired_engagement(
    client, officer
):
    AssessmentFactory(
        organization=OrganizationFactory(name="Gap small"),
        influence=5,
        current_engagement=3,
        desired_engagement=4,
    )
    AssessmentFactory(
        organization=OrganizationFactory(name="Gap big"),
        influence=5,
        current_engagement=1,
        desired_engagement=5,
    )
    AssessmentFactory(
        organization=OrganizationFactory(name="Engaged enough"),
        influence=5,
        current_engagement=4,
        desired_engagement=4,
    )

    page = body(client.get(reverse("stakeholders:gaps")))

    assert "Engaged enough" not in page
    assert page.index("Gap big") < page.index("Gap small")


def test_officers_see_the_registry_and_map_in_the_navigation(client, officer):
    page = body(client.get(reverse("dashboard")))

    assert reverse("stakeholders:list") in page
    assert reverse("stakeholders:map") in page
    assert reverse("stakeholders:directory") in page
    assert reverse("stakeholders:mine") not in page


def test_the_dashboard_counts_organisations_by_quadrant_and_those_to_verify(client, officer):
    AssessmentFactory(influence=5, interest=5)
    AssessmentFactory(influence=4, interest=4)
    AssessmentFactory(influence=1, interest=1)
    OrganizationFactory(verified=False)

    page = body(client.get(reverse("dashboard")))

    section = page[page.index('id="stakeholders-dashboard-title"') :]
    counts = dict(
        (code, int(n))
        for code, n in re.findall(
            r"quadrant=(\w+)&amp;status=active\"><span class=\"fs-3 fw-bold\">(\d+)", section
        )
    )
    assert counts == {"manage_closely": 2, "keep_satisfied": 0, "keep_informed": 0, "monitor": 1}
    assert "1 organisation en attente de vérification" in section


def test_the_filter_form_keeps_the_chosen_filters_and_points_at_an_invalid_one(client, officer):
    OrganizationFactory(name="Banque Sahel", category="bank", sectors=["finance"])

    page = body(
        client.get(
            reverse("stakeholders:list"),
            {"q": "Sahel", "category": "bank", "sector": sector("finance"), "quadrant": "x"},
        )
    )

    assert 'name="q" value="Sahel"' in page
    assert '<option value="bank" selected>' in page
    assert f'<option value="{sector("finance")}" selected>Finance' in page
    assert 'aria-describedby="id_quadrant_error"' in page
    assert re.search(r'id="id_quadrant_error" class="invalid-feedback">.*\bx\b', page)
