"""Officers answer every comment; the report waits until they have."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import comments, consultations, handling
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db


def closed_with_comments(officer, count=2):
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    submitted = [
        comments.submit_comment(
            consultation,
            author=representative_of(OrganizationFactory()),
            body=f"Commentaire {n}",
            publication="named",
            now=start + timedelta(hours=n + 1),
        )
        for n in range(count)
    ]
    return consultation, submitted


def test_an_officer_records_a_decision_and_who_made_it_when(client):
    officer = OfficerFactory()
    consultation, [comment, _] = closed_with_comments(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:decide", args=[comment.pk]),
        {"decision": "partly", "reason": "Le délai est réduit pour les denrées périssables."},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.decision == "partly"
    assert comment.decided_by == officer and comment.decided_at is not None
    assert comment.history.latest().history_user == officer


def test_a_changed_decision_keeps_the_earlier_one_in_the_history(client):
    officer = OfficerFactory()
    consultation, [comment, _] = closed_with_comments(officer)
    handling.decide_comment(comment, acting_user=officer, decision="noted", reason="Hors sujet.")
    handling.decide_comment(comment, acting_user=officer, decision="accepted", reason="Retenu.")
    client.force_login(officer)

    page = client.get(reverse("consultations:decide", args=[comment.pk])).content.decode()

    assert "Hors sujet." in page and "Retenu." in page


def test_a_decision_needs_a_reason(client):
    officer = OfficerFactory()
    consultation, [comment, _] = closed_with_comments(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:decide", args=[comment.pk]), {"decision": "accepted", "reason": ""}
    )

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.decision == ""


def test_the_report_cannot_be_published_while_a_comment_awaits_a_decision(client):
    officer = OfficerFactory()
    consultation, [first, _] = closed_with_comments(officer)
    handling.decide_comment(first, acting_user=officer, decision="accepted", reason="Oui.")
    client.force_login(officer)

    response = client.post(
        reverse("consultations:publish_report", args=[consultation.pk]),
        {"summary": "Mes conclusions"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 commentaire attend encore une décision" in page
    assert "Mes conclusions" in page
    assert f.refresh(consultation).status == Consultation.Status.OPEN


def test_the_report_is_published_once_every_comment_is_answered(client):
    officer = OfficerFactory()
    consultation, comments = closed_with_comments(officer)
    for comment in comments:
        handling.decide_comment(comment, acting_user=officer, decision="noted", reason="Noté.")
    client.force_login(officer)

    response = client.post(
        reverse("consultations:publish_report", args=[consultation.pk]),
        {"summary": "La consultation a été utile."},
    )

    assert response.status_code == 302
    published = f.refresh(consultation)
    assert published.status == Consultation.Status.REPORT_PUBLISHED
    assert published.report_published_by == officer
    assert published.report_summary == "La consultation a été utile."


def test_withdrawn_comments_do_not_hold_the_report_back():
    officer = OfficerFactory()
    author = representative_of(OrganizationFactory())
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    comment = comments.submit_comment(
        consultation, author=author, body="Retiré", publication="named", now=start
    )
    comments.withdraw_comment(comment, acting_user=author, now=start + timedelta(hours=1))

    handling.publish_report(consultation, acting_user=officer)

    assert f.refresh(consultation).report_is_published


def test_the_report_cannot_be_published_before_the_comment_period_ends():
    officer = OfficerFactory()
    consultation = f.opened(officer)

    with pytest.raises(ValidationError):
        handling.publish_report(consultation, acting_user=officer)


def test_decisions_no_longer_change_once_the_report_is_published():
    officer = OfficerFactory()
    consultation, comments = closed_with_comments(officer, count=1)
    handling.decide_comment(comments[0], acting_user=officer, decision="noted", reason="Noté.")
    handling.publish_report(consultation, acting_user=officer)

    with pytest.raises(ValidationError):
        handling.decide_comment(
            comments[0], acting_user=officer, decision="accepted", reason="Finalement oui."
        )


def test_adoption_comes_after_the_report_and_records_the_adopted_version(client):
    officer = OfficerFactory()
    consultation, comments = closed_with_comments(officer, count=1)
    handling.decide_comment(comments[0], acting_user=officer, decision="noted", reason="Noté.")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        consultations.adopt_consultation(consultation, acting_user=officer, adopted_on=today)
    handling.publish_report(consultation, acting_user=officer)
    client.force_login(officer)

    client.post(
        reverse("consultations:adopt", args=[consultation.pk]),
        {
            "adopted_on": today.isoformat(),
            "entry_into_force": (today + timedelta(days=45)).isoformat(),
        },
    )

    adopted = f.refresh(consultation)
    assert adopted.status == Consultation.Status.ADOPTED
    assert adopted.adopted_version == adopted.latest_version()
    page = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "45 jours après l’adoption" in page


def test_entry_into_force_cannot_precede_adoption():
    officer = OfficerFactory()
    consultation, comments = closed_with_comments(officer, count=0)
    handling.publish_report(consultation, acting_user=officer)
    today = timezone.localdate()

    with pytest.raises(ValidationError):
        consultations.adopt_consultation(
            consultation,
            acting_user=officer,
            adopted_on=today,
            entry_into_force=today - timedelta(days=1),
        )


def test_the_next_button_leads_to_the_next_comment_awaiting_a_decision(client):
    officer = OfficerFactory()
    consultation, [first, second] = closed_with_comments(officer)
    client.force_login(officer)

    response = client.post(
        reverse("consultations:decide", args=[first.pk]),
        {"decision": "accepted", "reason": "Oui.", "next": "1"},
    )

    assert response["Location"] == reverse("consultations:decide", args=[second.pk])
