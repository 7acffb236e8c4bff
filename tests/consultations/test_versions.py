"""Revised versions: published by officers, compared section by section by anyone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import Section
from consultations.services import comments, consultations, handling, texts
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db


def formset_data(sections, prefix="sections", extra=()):
    rows = [*sections, *extra]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(sections)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = value
    return data


def current(consultation):
    return [
        {"key": s.key, "number": s.number, "heading": s.heading, "body": s.body}
        for s in consultation.latest_version().sections.all()
    ]


def test_an_officer_publishes_a_revision_and_earlier_versions_stay_as_they_were(client):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    sections = current(consultation)
    sections[2]["body"] = "Le bon à enlever est délivré dans un délai de 24 heures."
    data = formset_data(
        sections,
        extra=[{"number": "4", "heading": "Recours", "body": "Le déclarant peut contester."}],
    )
    data["note"] = "Délai réduit ; article sur les recours ajouté."
    client.force_login(officer)

    response = client.post(reverse("consultations:revise", args=[consultation.pk]), data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consultations:compare", args=[consultation.pk]))
    first, second = consultation.versions.order_by("number")
    assert first.sections.get(number="3").body.endswith("48 heures.")
    assert second.sections.get(number="3").body.endswith("24 heures.")
    assert second.sections.count() == 4 and second.published_by == officer
    assert second.sections.get(number="3").key == first.sections.get(number="3").key


def test_a_revision_needs_a_note_and_keeps_what_was_typed(client):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    sections = current(consultation)
    sections[0]["body"] = "Texte retravaillé avec soin."
    client.force_login(officer)

    response = client.post(
        reverse("consultations:revise", args=[consultation.pk]), formset_data(sections)
    )

    assert response.status_code == 200
    assert "Texte retravaillé avec soin." in response.content.decode()
    assert consultation.versions.count() == 1


def test_anyone_who_may_see_the_consultation_compares_two_versions(client):
    officer = OfficerFactory()
    consultation = f.opened(officer)
    sections = [
        texts.SectionText(**{**s, "body": s["body"].replace("48", "24")})
        for s in current(consultation)
    ]
    texts.publish_revision(consultation, acting_user=officer, sections=sections, note="Délai")

    response = client.get(
        reverse("consultations:compare", args=[consultation.pk]), {"old": 1, "new": 2}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<span class="visually-hidden">Supprimé\u00a0: </span>48' in page
    assert '<span class="visually-hidden">Ajouté\u00a0: </span>24' in page
    assert (
        "Sections modifiées\u00a0: 1\u00a0; ajoutées\u00a0: 0\u00a0; "
        "supprimées\u00a0: 0\u00a0; inchangées\u00a0: 2." in page
    )


def test_versions_of_a_consultation_one_may_not_see_cannot_be_compared(client):
    consultation = f.draft()
    client.force_login(representative_of(OrganizationFactory()))

    assert client.get(reverse("consultations:compare", args=[consultation.pk])).status_code == 404


def test_a_draft_text_is_changed_in_place_and_every_change_is_recorded(client):
    officer = OfficerFactory()
    consultation = f.draft(officer)
    sections = current(consultation)
    sections[0]["body"] = "Objet revu."
    sections[1]["DELETE"] = "on"
    client.force_login(officer)

    response = client.post(
        reverse("consultations:text", args=[consultation.pk]), formset_data(sections)
    )

    assert response.status_code == 302
    version = consultation.versions.get()
    assert list(version.sections.values_list("number", flat=True)) == ["1", "3"]
    history = Section.history.filter(version=version)
    assert history.filter(history_type="~", body="Objet revu.", history_user=officer).exists()
    assert history.filter(history_type="-", number="2", history_user=officer).exists()


def test_the_change_log_shows_who_changed_the_text_and_decided(client):
    officer = OfficerFactory(full_name="Fatoumata Diarra")
    consultation = f.opened(officer)
    comment = comments.submit_comment(
        consultation,
        author=representative_of(OrganizationFactory()),
        body="Texte",
        publication="named",
    )
    handling.decide_comment(comment, acting_user=officer, decision="accepted", reason="Oui.")
    client.force_login(officer)

    page = client.get(reverse("consultations:history", args=[consultation.pk])).content.decode()

    assert "Fatoumata Diarra" in page
    assert "décision\u00a0: accepté" in page
    assert "Section 1 (version 1)" in page


def test_a_text_without_sections_is_refused():
    officer = OfficerFactory()

    with pytest.raises(ValidationError):
        f.draft(officer, sections=[])


def test_the_adopted_text_can_no_longer_be_revised():
    officer = OfficerFactory()
    consultation = f.closed(officer)
    handling.publish_report(consultation, acting_user=officer)
    consultations.adopt_consultation(
        consultation, acting_user=officer, adopted_on=consultation.closes_at.date()
    )

    with pytest.raises(ValidationError):
        texts.publish_revision(
            consultation, acting_user=officer, sections=f.section_texts(), note="Trop tard"
        )


def test_a_revision_is_refused_once_the_report_is_published():
    officer = OfficerFactory()
    consultation = f.closed(officer)
    handling.publish_report(consultation, acting_user=officer)

    with pytest.raises(ValidationError) as refused:
        texts.publish_revision(
            consultation, acting_user=officer, sections=f.section_texts(), note="Après le rapport"
        )

    assert refused.value.code == "reported"
    assert consultation.versions.count() == 1


def test_the_revise_page_sends_officers_back_once_the_report_is_published(client):
    officer = OfficerFactory()
    consultation = f.closed(officer)
    handling.publish_report(consultation, acting_user=officer)
    client.force_login(officer)
    url = reverse("consultations:revise", args=[consultation.pk])

    response = client.post(url, {**formset_data(current(consultation)), "note": "Trop tard"})

    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.versions.count() == 1
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "ne peut plus être révisé" in page
    assert url not in page
