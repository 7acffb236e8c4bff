"""Opening a consultation: the minimum comment period, or a public justification."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import consultations, texts
from tests.consultations import factories as f
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_opening_with_a_period_shorter_than_the_minimum_is_refused_without_a_justification(
    client,
):
    officer = OfficerFactory()
    consultation = f.draft(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:open", args=[consultation.pk]),
        {"closes_at": local(timezone.now() + timedelta(days=20))},
    )

    assert response.status_code == 200
    assert "plus courte que le minimum de 30 jours" in response.content.decode()
    assert f.refresh(consultation).status == Consultation.Status.DRAFT


def test_opening_with_the_minimum_period_needs_no_justification(client):
    officer = OfficerFactory()
    consultation = f.draft(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:open", args=[consultation.pk]),
        {"closes_at": local(timezone.now() + timedelta(days=31))},
    )

    assert response.status_code == 302
    opened = f.refresh(consultation)
    assert opened.status == Consultation.Status.OPEN
    assert opened.short_period_justification == ""
    assert opened.consulted_version == opened.versions.get(number=1)


def test_a_justified_short_period_opens_and_the_justification_is_shown_publicly(client):
    officer = OfficerFactory(full_name="Moussa Keïta")
    consultation = f.draft(officer)
    client.force_login(officer)

    client.post(
        reverse("consultations:open", args=[consultation.pk]),
        {
            "closes_at": local(timezone.now() + timedelta(days=15)),
            "short_period_justification": "Mise en œuvre urgente du règlement communautaire.",
        },
    )

    opened = f.refresh(consultation)
    assert opened.status == Consultation.Status.OPEN
    assert opened.justified_by == officer and opened.justified_at is not None
    client.logout()
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "Mise en œuvre urgente du règlement communautaire." in page
    assert "Pourquoi la période de commentaires n’est que de 14 jours" in page
    assert "Moussa Keïta" in page


def test_the_minimum_period_comes_from_the_setting(settings):
    settings.CONSULTATIONS_MIN_PERIOD_DAYS = 10
    officer = OfficerFactory()

    consultation = f.opened(officer, closes_in=timedelta(days=12))

    assert consultation.status == Consultation.Status.OPEN
    assert not consultation.period_is_short


def test_shortening_an_open_consultation_below_the_minimum_needs_a_justification():
    officer = OfficerFactory()
    consultation = f.opened(officer, closes_in=timedelta(days=40))

    with pytest.raises(ValidationError) as refused:
        consultations.update_consultation(
            consultation, acting_user=officer, closes_at=timezone.now() + timedelta(days=10)
        )
    assert "short_period_justification" in refused.value.error_dict

    consultations.update_consultation(
        consultation,
        acting_user=officer,
        closes_at=timezone.now() + timedelta(days=10),
        short_period_justification="Calendrier imposé par l’UEMOA.",
    )
    assert f.refresh(consultation).justified_by == officer


def test_a_justification_cannot_be_removed_while_the_period_is_short():
    officer = OfficerFactory()
    consultation = f.opened(officer, closes_in=timedelta(days=10), justification="Urgence.")

    with pytest.raises(ValidationError):
        consultations.update_consultation(
            consultation, acting_user=officer, short_period_justification=""
        )


def test_the_closing_time_cannot_move_once_the_period_is_over():
    officer = OfficerFactory()
    consultation = f.closed(officer)

    with pytest.raises(ValidationError):
        consultations.update_consultation(
            consultation, acting_user=officer, closes_at=timezone.now() + timedelta(days=30)
        )


def test_a_consultation_opens_only_once():
    officer = OfficerFactory()
    consultation = f.opened(officer)

    with pytest.raises(ValidationError):
        consultations.open_consultation(consultation, acting_user=officer)


def test_the_text_is_frozen_once_the_consultation_opens(client):
    officer = OfficerFactory()
    consultation = f.opened(officer)

    with pytest.raises(ValidationError):
        texts.save_draft_text(consultation, acting_user=officer, sections=f.section_texts())
    client.force_login(officer)
    response = client.get(reverse("consultations:text", args=[consultation.pk]))
    assert response["Location"] == reverse("consultations:revise", args=[consultation.pk])


def test_open_consultations_past_their_closing_are_marked_closed():
    consultation = f.closed()
    still_open = f.opened()

    assert consultations.close_expired() == 1

    assert f.refresh(consultation).status == Consultation.Status.CLOSED
    assert f.refresh(still_open).status == Consultation.Status.OPEN
