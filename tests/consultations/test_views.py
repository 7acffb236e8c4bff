"""Who reaches which page, lists with search and pagination, and page weight."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import comments
from portal import permissions
from tests.consultations import factories as f
from tests.factories import (
    CheckinStaffFactory,
    EditorFactory,
    OfficerFactory,
    OrganizationFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db

READER_PAGES = ["detail", "comments", "compare"]


def visitor_answer(name):
    """A visitor who may not read a consultation: 404, but sent to sign in from the page that
    e-mails link to (permissions.visitors_sign_in_first)."""
    return 302 if name == "detail" else 404


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_draft_is_seen_by_customs_only(client, name):
    consultation = f.draft()
    url = reverse(f"consultations:{name}", args=[consultation.pk])

    assert client.get(url).status_code == visitor_answer(name)
    client.force_login(representative_of(OrganizationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(OfficerFactory())
    assert client.get(url).status_code == 200


def test_an_unverified_organisation_does_not_open_an_invited_only_consultation(client):
    claimed = OrganizationFactory(verified=False)
    consultation = f.opened(audience=Consultation.Audience.INVITED, invited_organizations=[claimed])
    client.force_login(representative_of(claimed))

    response = client.get(reverse("consultations:detail", args=[consultation.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", [*READER_PAGES, "comment"])
def test_every_page_has_exactly_one_h1(client, name):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    body = client.get(reverse(f"consultations:{name}", args=[consultation.pk])).content.decode()

    assert body.count("<h1") == 1


def test_the_list_searches_and_filters_by_status(client):
    f.opened(title="Projet d’instruction sur le transit")
    f.closed(title="Projet de note sur les franchises")
    f.draft(title="Projet encore en préparation")
    url = reverse("consultations:list")

    everything = client.get(url).content.decode()
    searched = client.get(url, {"q": "transit"}).content.decode()
    closed = client.get(url, {"phase": "closed"}).content.decode()

    assert "transit" in everything and "franchises" in everything
    assert "en préparation" not in everything
    assert "transit" in searched and "franchises" not in searched
    assert "franchises" in closed and "transit" not in closed


def test_the_list_is_paginated(client):
    officer = OfficerFactory()
    for n in range(26):
        f.draft(officer, title=f"Projet numéro {n:02d}")
    client.force_login(officer)

    first = client.get(reverse("consultations:list")).content.decode()
    second = client.get(reverse("consultations:list"), {"page": 2}).content.decode()

    assert first.count("Projet numéro") == 25
    assert second.count("Projet numéro") == 1


def add_comments(consultation, count, start=None):
    for n in range(count):
        comments.submit_comment(
            consultation,
            author=representative_of(OrganizationFactory()),
            body=f"Commentaire {n}",
            publication=["named", "anonymous", "private"][n % 3],
            section=f.section(consultation, str(n % 3 + 1)),
            on_behalf=n % 2 == 0,
            now=start,
        )


@pytest.mark.parametrize(
    "viewer, name", [("officer", "comments"), ("reader", "comments"), ("reader", "detail")]
)
def test_comment_pages_take_the_same_number_of_queries_however_many_comments(
    client, django_assert_max_num_queries, viewer, name
):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    client.force_login(officer if viewer == "officer" else representative_of(OrganizationFactory()))
    url = reverse(f"consultations:{name}", args=[consultation.pk])
    add_comments(consultation, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_comments(consultation, 12)

    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_report_takes_the_same_number_of_queries_however_many_comments(
    client, django_assert_max_num_queries
):
    officer = OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    client.force_login(officer)
    url = reverse("consultations:report", args=[consultation.pk])
    add_comments(consultation, 2, start=start)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_comments(consultation, 12, start=start)

    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_the_list_takes_the_same_number_of_queries_however_many_consultations(
    client, django_assert_max_num_queries
):
    officer = OfficerFactory()
    f.opened(officer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("consultations:list"))
    for _ in range(5):
        add_comments(f.opened(officer), 2)

    with django_assert_max_num_queries(len(few)):
        client.get(reverse("consultations:list"))


def test_an_officer_creates_a_draft_with_its_sections(client):
    officer = OfficerFactory()
    client.force_login(officer)

    response = client.post(
        reverse("consultations:create"),
        {
            "title": "Projet d’instruction relative au transit",
            "summary": "Le transit sous douane.",
            "audience": "public",
            "closes_at": timezone.localtime(timezone.now() + timedelta(days=40)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "entry_into_force": "2027-03-01",
            "responsible_officer": officer.pk,
            "sections-TOTAL_FORMS": "3",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "200",
            "sections-0-number": "Article 1",
            "sections-0-heading": "Objet",
            "sections-0-body": "Le présent texte régit le transit.",
            "sections-1-number": "",
            "sections-1-heading": "Garanties",
            "sections-1-body": "Une garantie couvre les droits.",
        },
    )

    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.status == Consultation.Status.DRAFT
    assert consultation.created_by == officer
    assert list(consultation.latest_version().sections.values_list("number", "heading")) == [
        ("Article 1", "Objet"),
        ("2", "Garanties"),
    ]


def test_the_responsible_officer_is_chosen_among_customs_officers_only(client):
    officer = OfficerFactory(full_name="Moussa Agent")
    EditorFactory(full_name="Aminata Éditrice")
    CheckinStaffFactory(full_name="Sidi Accueil")
    client.force_login(officer)

    form = client.get(reverse("consultations:create")).context["form"]

    choices = form.fields["responsible_officer"].queryset
    assert set(choices) == set(permissions.customs_officers())
    assert sorted(user.full_name for user in choices) == ["Aminata Éditrice", "Moussa Agent"]


def test_a_section_row_with_only_a_number_is_refused_not_dropped(client):
    # It used to be left out of the text without a word, losing the number typed.
    officer = OfficerFactory()
    consultation = f.draft(officer)
    client.force_login(officer)
    version = consultation.latest_version()
    rows = {}
    for index, section in enumerate(version.sections.all()):
        rows |= {
            f"sections-{index}-key": section.key,
            f"sections-{index}-number": section.number,
            f"sections-{index}-heading": section.heading,
            f"sections-{index}-body": section.body,
        }
    count = version.sections.count()

    response = client.post(
        reverse("consultations:text", args=[consultation.pk]),
        {
            "sections-TOTAL_FORMS": str(count + 1),
            "sections-INITIAL_FORMS": str(count),
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "200",
            **rows,
            f"sections-{count}-number": "Article 12 bis",
        },
    )

    assert response.status_code == 200
    assert "Donnez à cette section un titre ou un texte" in response.content.decode()
    assert 'value="Article 12 bis"' in response.content.decode()
    assert f.refresh(consultation).latest_version().sections.count() == count


def test_an_invited_only_consultation_needs_invitees(client):
    officer = OfficerFactory()
    consultation = f.draft(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:edit", args=[consultation.pk]),
        {
            "title": consultation.title,
            "summary": consultation.summary,
            "audience": "invited",
            "closes_at": timezone.localtime(consultation.closes_at).strftime("%Y-%m-%dT%H:%M"),
            "responsible_officer": officer.pk,
        },
    )

    assert "Invitez au moins une organisation" in response.content.decode()


def test_the_navigation_offers_consultations_to_everyone(client):
    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("consultations:list")}"' in page


def test_the_dashboard_lists_open_consultations_and_for_officers_comments_to_answer(client):
    officer = OfficerFactory()
    consultation = f.opened(officer, title="Projet sur le dédouanement")
    add_comments(consultation, 3)

    client.force_login(representative_of(OrganizationFactory()))
    partner = client.get(reverse("dashboard")).content.decode()
    client.force_login(officer)
    customs = client.get(reverse("dashboard")).content.decode()

    assert "Projet sur le dédouanement" in partner
    assert "Commentaires en attente de décision" not in partner
    assert "Commentaires en attente de décision" in customs
    assert (
        f"{reverse('consultations:comments', args=[consultation.pk])}?decision=waiting" in customs
    )
