"""Each commenter's publication choice is respected in every page, export and e-mail.

A comment published with a name shows its author; an anonymous one never shows its author nor
their organisation to anyone but Customs and the author; a private one is never shown to other
private-sector users at all.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations import report
from consultations.services import comments, handling
from stakeholders import engagement
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


class Scene:
    pass


@pytest.fixture
def scene():
    s = Scene()
    s.officer = OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    s.consultation = f.opened(s.officer, now=start, closes_in=timedelta(days=30))
    section = f.section(s.consultation, "1")
    s.alpha = OrganizationFactory(name="Organisation Alpha", acronym="ALPHA")
    s.beta = OrganizationFactory(name="Organisation Bêta", acronym="BETA")
    s.gamma = OrganizationFactory(name="Organisation Gamma", acronym="GAMMA")
    s.named_author = representative_of(s.alpha, full_name="Awa Nommée")
    s.anonymous_author = representative_of(s.beta, full_name="Bakary Anonyme")
    s.private_author = representative_of(s.gamma, full_name="Cheick Privé")
    s.other = representative_of(OrganizationFactory(), full_name="Djeneba Autre")
    s.comments = {}
    for key, author, publication in [
        ("named", s.named_author, "named"),
        ("anonymous", s.anonymous_author, "anonymous"),
        ("private", s.private_author, "private"),
    ]:
        comment = comments.submit_comment(
            s.consultation,
            author=author,
            body=f"TEXTE-{key.upper()}",
            publication=publication,
            section=section,
            on_behalf=True,
            attachments=[SimpleUploadedFile(f"notes-{author.full_name.split()[0]}.pdf", PDF)],
            now=start + timedelta(hours=2),
        )
        handling.decide_comment(
            comment, acting_user=s.officer, decision="accepted", reason=f"MOTIF-{key.upper()}"
        )
        s.comments[key] = comment
    s.attachments = {key: c.attachments.get() for key, c in s.comments.items()}
    handling.publish_report(s.consultation, acting_user=s.officer)
    return s


HIDDEN_FROM_OTHERS = [
    "TEXTE-PRIVATE",
    "MOTIF-PRIVATE",
    "Cheick",
    "Gamma",
    "Bakary",
    "Bêta",
    "notes-Bakary",
    "notes-Cheick",
]


def assert_choices_respected(text):
    assert "TEXTE-NAMED" in text and "Awa Nommée" in text and "Organisation Alpha" in text
    assert "TEXTE-ANONYMOUS" in text and "MOTIF-ANONYMOUS" in text
    for hidden in HIDDEN_FROM_OTHERS:
        assert hidden not in text, hidden


def pages(client, consultation):
    urls = [
        reverse("consultations:detail", args=[consultation.pk]),
        reverse("consultations:comments", args=[consultation.pk]),
        reverse("consultations:report", args=[consultation.pk]),
    ]
    return [client.get(url).content.decode() for url in urls]


@pytest.mark.parametrize("viewer", ["other", "visitor"])
def test_the_comment_list_and_the_report_respect_the_choices(client, scene, viewer):
    if viewer == "other":
        client.force_login(scene.other)

    detail, comments, report_page = pages(client, scene.consultation)

    assert_choices_respected(comments)
    assert_choices_respected(report_page)
    for hidden in HIDDEN_FROM_OTHERS:
        assert hidden not in detail
    assert "Contributeur anonyme" in comments and "Contributeur anonyme" in report_page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pdf_report_respects_the_choices(client, scene, language):
    client.force_login(scene.other)

    response = client.get(
        reverse("consultations:report_pdf", args=[scene.consultation.pk]), {"lang": language}
    )

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", " ")
    assert_choices_respected(text)
    assert ("Contributeur anonyme" if language == "fr" else "Anonymous contributor") in text


def test_searching_by_author_does_not_reveal_anonymous_or_private_comments(client, scene):
    client.force_login(scene.other)
    url = reverse("consultations:comments", args=[scene.consultation.pk])

    for query in ["Bakary", "Bêta", "Cheick", "TEXTE-PRIVATE"]:
        page = client.get(url, {"q": query}).content.decode()
        assert "Aucun commentaire à afficher." in page, query


def test_the_report_emails_respect_the_choices(scene, deliver):
    sent = {message.to[0]: message for message in deliver()}

    to_named = sent[scene.named_author.email]
    for text in [to_named.subject, to_named.body, to_named.alternatives[0][0]]:
        for hidden in ["TEXTE-PRIVATE", "TEXTE-ANONYMOUS", "Cheick", "Bakary"]:
            assert hidden not in text
    assert "TEXTE-NAMED" in to_named.body and "MOTIF-NAMED" in to_named.body
    assert "TEXTE-PRIVATE" in sent[scene.private_author.email].body
    assert "TEXTE-NAMED" not in sent[scene.private_author.email].body


def test_an_author_sees_their_own_private_comment(client, scene):
    client.force_login(scene.private_author)

    detail = client.get(reverse("consultations:detail", args=[scene.consultation.pk]))

    assert "TEXTE-PRIVATE" in detail.content.decode()


def test_customs_sees_every_comment_and_its_author(client, scene):
    client.force_login(scene.officer)

    page = client.get(reverse("consultations:comments", args=[scene.consultation.pk]))

    body = page.content.decode()
    for shown in ["TEXTE-PRIVATE", "Cheick Privé", "TEXTE-ANONYMOUS", "Bakary Anonyme"]:
        assert shown in body


def test_the_public_report_hides_anonymous_authors_even_from_customs(client, scene):
    client.force_login(scene.officer)

    page = client.get(reverse("consultations:report", args=[scene.consultation.pk]))

    body = page.content.decode()
    assert "TEXTE-PRIVATE" not in body and "Bakary" not in body


def test_an_anonymous_comments_attachment_does_not_give_its_file_name_away(client, scene):
    attachment = scene.attachments["anonymous"]
    client.force_login(scene.other)

    response = client.get(reverse("consultations:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert "notes-Bakary" not in response["Content-Disposition"]
    assert f"piece-jointe-{attachment.pk}.pdf" in response["Content-Disposition"]


def test_the_organisation_page_lists_only_consultations_it_may_be_known_to_have_joined(scene):
    def titles(organization, user):
        return [item.title for item in engagement.history(organization, user)]

    title = scene.consultation.title
    assert titles(scene.alpha, scene.other) == [title]
    assert titles(scene.beta, scene.other) == []
    assert titles(scene.gamma, scene.other) == []
    assert titles(scene.gamma, scene.private_author) == [title]
    assert titles(scene.beta, scene.officer) == [title]
    assert titles(scene.gamma, scene.officer) == [title]


def test_the_report_counts_private_comments_without_showing_them(scene):
    built = report.build_report(scene.consultation)

    assert built.total_comments == 3 and built.private_comments == 1
    shown = [c.body for row in built.groups for c in row.published]
    assert shown == ["TEXTE-NAMED", "TEXTE-ANONYMOUS"]
