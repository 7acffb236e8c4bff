"""Attachments and original documents: checked by their content, stored under random names,
served only to those who may see them."""

import io
import re
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from consultations import uploads
from consultations.models import Attachment, Comment, Consultation
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def office(main_type):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            "</Types>",
        )
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def xlsx():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def odt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "bonjour")
    return buffer.getvalue()


ACCEPTED = [
    ("propositions.pdf", PDF, uploads.PDF),
    ("photo.png", PNG, uploads.PNG),
    ("scan.jpg", JPEG, uploads.JPEG),
    ("note.docx", office(WORD_MAIN), uploads.DOCX),
    ("tableau.xlsx", xlsx(), uploads.XLSX),
    ("texte.odt", odt(), uploads.ODT),
]
REFUSED = [
    ("programme.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60),  # a Windows program renamed
    ("archive.docx", plain_zip()),  # a ZIP that is no Office file
    ("macros.docx", office(WORD_MAIN.replace("document.main", "document.macroEnabled.main"))),
    ("image.png", b"<svg onload='alert(1)'></svg>"),
]


def post_comment(client, consultation, files, body="Voir la pièce jointe."):
    return client.post(
        reverse("consultations:comment", args=[consultation.pk]),
        {
            "body": body,
            "publication": "named",
            "on_behalf": "organization",
            "attachments": [SimpleUploadedFile(name, content) for name, content in files],
        },
    )


@pytest.mark.parametrize("name, content, content_type", ACCEPTED)
def test_accepted_files_are_stored_under_a_random_name_with_the_type_found_inside(
    client, name, content, content_type
):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    response = post_comment(client, consultation, [(name, content)])

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    stored = attachment.file.name
    assert re.fullmatch(
        r"private/consultations/attachments/[0-9a-f]{32}"
        + re.escape(uploads.EXTENSIONS[content_type]),
        stored,
    )
    assert name.rsplit(".", 1)[0] not in stored


@pytest.mark.parametrize("name, content", REFUSED)
def test_files_whose_content_is_not_accepted_are_refused_and_the_text_is_kept(
    client, name, content
):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    response = post_comment(client, consultation, [(name, content)], body="Mon avis détaillé.")

    page = response.content.decode()
    assert response.status_code == 200
    assert f"«\u00a0{name}\u00a0» n’est pas un type de fichier accepté par le portail" in page
    assert "Mon avis détaillé." in page
    assert "choisissez-les à nouveau" in page
    assert not Comment.objects.exists()


def test_an_empty_file_is_refused(client):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    response = post_comment(client, consultation, [("vide.pdf", b"")])

    assert "Le fichier soumis est vide." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_refusal_is_clear_in_english_too(client):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory(), language="en"))

    page = post_comment(client, consultation, [("programme.pdf", b"MZ" + b"\x00" * 10)])

    assert "is not a file type the portal accepts" in page.content.decode()


def test_oversized_files_are_refused(client, settings):
    settings.CONSULTATIONS_MAX_UPLOAD_BYTES = 1024
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))

    response = post_comment(client, consultation, [("gros.pdf", PDF + b"0" * 2000)])

    assert "«\u00a0gros.pdf\u00a0» est trop volumineux" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_has_a_limited_number_of_attachments(client):
    consultation = f.opened()
    client.force_login(representative_of(OrganizationFactory()))
    files = [(f"p{n}.pdf", PDF) for n in range(uploads.MAX_ATTACHMENTS + 1)]

    response = post_comment(client, consultation, files)

    assert "au plus 5 pièces jointes" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_author_removes_an_attachment_when_changing_the_comment(client):
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    client.force_login(author)
    post_comment(client, consultation, [("a.pdf", PDF), ("b.png", PNG)])
    comment = Comment.objects.get()
    first = comment.attachments.get(original_name="a.pdf")

    client.post(
        reverse("consultations:comment_edit", args=[comment.pk]),
        {
            "body": "Corrigé",
            "publication": "named",
            "on_behalf": "organization",
            "remove_attachments": [first.pk],
        },
    )

    assert list(comment.attachments.values_list("original_name", flat=True)) == ["b.png"]


def test_attachments_are_downloaded_through_the_portal_never_inline(client):
    consultation = f.opened()
    author = representative_of(OrganizationFactory())
    client.force_login(author)
    post_comment(client, consultation, [("propositions.pdf", PDF)])
    attachment = Attachment.objects.get()
    client.logout()

    response = client.get(reverse("consultations:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_an_officer_attaches_the_original_document_and_it_is_checked_too(client):
    officer = OfficerFactory()
    client.force_login(officer)
    data = {
        "title": "Projet de note de service",
        "summary": "Résumé",
        "audience": "public",
        "closes_at": local(timezone.now() + timedelta(days=40)),
        "responsible_officer": officer.pk,
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "200",
        "sections-0-number": "1",
        "sections-0-heading": "Objet",
        "sections-0-body": "Texte de l’article premier.",
    }

    refused = client.post(
        reverse("consultations:create"),
        {**data, "document": SimpleUploadedFile("projet.pdf", b"MZ\x00\x00")},
    )
    assert (
        "«\u00a0projet.pdf\u00a0» n’est pas un type de fichier accepté" in refused.content.decode()
    )
    assert "Texte de l’article premier." in refused.content.decode()
    assert not Consultation.objects.exists()

    created = client.post(
        reverse("consultations:create"),
        {**data, "document": SimpleUploadedFile("projet.docx", office(WORD_MAIN))},
    )
    assert created.status_code == 302
    version = Consultation.objects.get().versions.get()
    assert version.document_type == uploads.DOCX and version.document_name == "projet.docx"


def test_an_original_document_is_served_only_to_those_who_may_see_the_consultation(client):
    officer = OfficerFactory()
    invited = OrganizationFactory()
    consultation = f.draft(
        officer,
        audience=Consultation.Audience.INVITED,
        invited_organizations=[invited],
        document=SimpleUploadedFile("projet.pdf", PDF),
    )
    url = reverse("consultations:document", args=[consultation.pk, 1])
    client.force_login(officer)
    assert client.get(url).status_code == 200

    from consultations.services import consultations

    consultations.open_consultation(consultation, acting_user=officer)
    client.force_login(representative_of(OrganizationFactory()))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(representative_of(invited))
    assert client.get(url).status_code == 200
