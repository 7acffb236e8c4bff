"""Commenting: who, on what, on whose behalf, and only while the consultation is open."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from consultations.services import comments, handling, texts
from tests.consultations import factories as f
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db


def comment_url(consultation):
    return reverse("consultations:comment", args=[consultation.pk])


def post_comment(client, consultation, **data):
    data.setdefault("body", "Le délai de 48 heures est trop long.")
    data.setdefault("publication", "named")
    data.setdefault("on_behalf", "organization")
    return client.post(comment_url(consultation), data)


def test_representative_comments_on_a_section_on_behalf_of_their_organisation(client):
    consultation = f.opened()
    organization = OrganizationFactory(name="Chambre de commerce et d’industrie du Mali")
    author = representative_of(organization)
    client.force_login(author)
    section = f.section(consultation, "3")

    response = post_comment(client, consultation, section=section.pk)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.organization, comment.section) == (
        author,
        organization,
        section,
    )
    assert comment.version == consultation.latest_version()


def test_a_comment_in_a_personal_capacity_names_no_organisation(client):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    post_comment(client, consultation, on_behalf="personal")

    comment = Comment.objects.get()
    assert comment.organization is None and comment.section is None


def test_a_user_without_a_verified_organisation_comments_personally():
    consultation = f.opened()
    author = representative_of(OrganizationFactory(verified=False))

    with pytest.raises(ValidationError) as refused:
        comments.submit_comment(
            consultation, author=author, body="Texte", publication="named", on_behalf=True
        )
    assert "on_behalf" in refused.value.error_dict


def test_an_empty_comment_is_refused_and_keeps_the_other_choices(client):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))
    section = f.section(consultation, "2")

    response = post_comment(
        client, consultation, body="   ", section=section.pk, publication="anonymous"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Écrivez votre commentaire avant de l’envoyer." in page
    assert f'value="{section.pk}" selected' in page
    assert re.search(r'value="anonymous"[^>]*checked', page)
    assert not Comment.objects.exists()


def test_a_comment_after_closing_is_refused_with_a_message_and_keeps_what_was_typed(client):
    consultation = f.closed()
    client.force_login(representative_of(OrganizationFactory()))

    response = post_comment(client, consultation, body="Mon texte soigneusement rédigé.")

    page = response.content.decode()
    assert response.status_code == 200
    assert "La période de commentaires est terminée" in page
    assert "Mon texte soigneusement rédigé." in page
    assert not Comment.objects.exists()


def test_the_comment_window_is_checked_at_submission_time():
    officer = OfficerFactory()
    start = timezone.now() - timedelta(days=1)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=31))
    author = representative_of(OrganizationFactory())

    comments.submit_comment(
        consultation, author=author, body="À temps", publication="named", now=start
    )
    with pytest.raises(ValidationError):
        comments.submit_comment(
            consultation,
            author=author,
            body="Trop tard",
            publication="named",
            now=consultation.closes_at,
        )
    assert list(Comment.objects.values_list("body", flat=True)) == ["À temps"]


def test_a_draft_cannot_be_commented_on(client):
    consultation = f.draft()
    client.force_login(representative_of(OrganizationFactory()))

    assert post_comment(client, consultation).status_code == 404
    with pytest.raises(PermissionDenied):
        comments.submit_comment(
            consultation, author=RepresentativeFactory(), body="x", publication="named"
        )


def test_the_author_can_change_their_comment_until_closing(client):
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    comment = comments.submit_comment(
        consultation, author=author, body="Première version", publication="named"
    )
    client.force_login(author)

    response = client.post(
        reverse("consultations:comment_edit", args=[comment.pk]),
        {"body": "Version corrigée", "publication": "private", "on_behalf": "personal"},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.body, comment.publication, comment.organization) == (
        "Version corrigée",
        "private",
        None,
    )
    assert comment.history.count() == 2


def test_a_comment_cannot_be_changed_after_closing():
    author = representative_of(OrganizationFactory())
    start = timezone.now() - timedelta(days=1)
    consultation = f.opened(now=start, closes_in=timedelta(days=31))
    comment = comments.submit_comment(
        consultation, author=author, body="Texte", publication="named", now=start
    )

    with pytest.raises(ValidationError):
        comments.edit_comment(
            comment,
            acting_user=author,
            body="Changé",
            publication="named",
            now=consultation.closes_at + timedelta(seconds=1),
        )
    with pytest.raises(ValidationError):
        comments.withdraw_comment(
            comment, acting_user=author, now=consultation.closes_at + timedelta(seconds=1)
        )


def test_a_withdrawn_comment_is_no_longer_shown_nor_awaits_a_decision(client):
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    comment = comments.submit_comment(
        consultation, author=author, body="Commentaire à retirer", publication="named"
    )
    client.force_login(author)

    client.post(reverse("consultations:comment_withdraw", args=[comment.pk]))

    comment.refresh_from_db()
    assert comment.withdrawn_at is not None
    assert not consultation.comments.awaiting_decision().exists()
    client.force_login(OfficerFactory())
    page = client.get(reverse("consultations:comments", args=[consultation.pk]))
    assert "Commentaire à retirer" not in page.content.decode()


def test_changing_an_answered_comment_clears_its_decision():
    officer = OfficerFactory()
    consultation = f.opened(officer)
    author = representative_of(OrganizationFactory())
    comment = comments.submit_comment(
        consultation, author=author, body="Texte", publication="named"
    )
    handling.decide_comment(comment, acting_user=officer, decision="accepted", reason="Oui.")

    comments.edit_comment(comment, acting_user=author, body="Autre texte", publication="named")

    comment.refresh_from_db()
    assert comment.decision == "" and comment.decided_by is None
    assert comment.history.filter(decision="accepted").exists()


def test_a_comment_on_a_section_of_an_earlier_version_is_refused():
    officer = OfficerFactory()
    consultation = f.opened(officer)
    old_section = f.section(consultation, "1")
    texts.publish_revision(
        consultation, acting_user=officer, sections=f.section_texts(), note="Révision"
    )

    with pytest.raises(ValidationError):
        comments.submit_comment(
            consultation,
            author=representative_of(OrganizationFactory()),
            body="Texte",
            publication="named",
            section=old_section,
        )


@pytest.mark.parametrize("publication", ["", "public", None])
def test_a_comment_without_one_of_the_three_publication_choices_is_refused(publication):
    consultation = f.opened()

    with pytest.raises(ValidationError) as refused:
        comments.submit_comment(
            consultation,
            author=representative_of(OrganizationFactory()),
            body="Texte",
            publication=publication,
        )

    assert list(refused.value.error_dict) == ["publication"]
    assert not consultation.comments.exists()


def test_a_change_to_an_unknown_publication_choice_is_refused_and_keeps_the_comment():
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    comment = comments.submit_comment(
        consultation, author=author, body="Texte", publication="private"
    )

    with pytest.raises(ValidationError) as refused:
        comments.edit_comment(comment, acting_user=author, body="Changé", publication="everyone")

    assert list(refused.value.error_dict) == ["publication"]
    comment.refresh_from_db()
    assert (comment.body, comment.publication, comment.publication_status) == (
        "Texte",
        "private",
        "réservé à la Douane",
    )
