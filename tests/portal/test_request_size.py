"""Request bodies larger than the page they go to takes are answered 413, before anything reads
them: MAX_REQUEST_BYTES for a page of text forms, more for a page whose form takes files
(portal.uploads.takes_files)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal import uploads
from stakeholders import imports
from stakeholders.models import OrganizationImport
from tests.factories import OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_without_reading(client, url, size, **extra):
    """A multipart POST announcing `size` bytes, whose body nothing may read."""
    return client.generic(
        "POST",
        url,
        b"",
        content_type="multipart/form-data; boundary=BOUNDARY",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


def test_a_60_mb_upload_to_a_page_without_files_is_refused_with_413(client):
    client.force_login(RepresentativeFactory(language="fr"))
    big = SimpleUploadedFile("film.mp4", b"\0" * (60 * MB))

    response = client.post(reverse("accounts:preferences"), {"full_name": "X", "file": big})

    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Envoi trop volumineux</h1>" in page
    assert "2,5\xa0Mio" in page  # the page's limit, in the reader's words


def test_an_oversized_request_is_refused_before_its_body_is_read(client):
    response = post_without_reading(client, reverse("home"), 60 * MB)

    assert response.status_code == 413


class CountedBody:
    """A request body of `size` bytes that counts what is left to read of it."""

    def __init__(self, size):
        self.left = size

    def read(self, size=-1):
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        return b"x" * size

    readline = read


def test_a_refused_body_the_proxy_lets_through_is_read_to_its_end_once_answered(client):
    """The 413 is decided before anything reads the body; then, as the response is closed
    (after the server wrote it), the body is read and thrown away, so that closing the
    connection does not reset it under the proxy's feet (nginx would show a 502 instead of
    the portal's page). A body beyond what the proxy lets through is never read (above)."""
    body = CountedBody(3 * MB)

    response = client.generic(
        "POST",
        reverse("home"),
        b"",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(3 * MB),
        **{"wsgi.input": body},
    )

    assert response.status_code == 413
    assert body.left == 0


def test_the_413_page_is_in_the_visitors_language(client):
    response = post_without_reading(
        client, reverse("home"), 60 * MB, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8"
    )

    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<h1>What you sent is too large</h1>" in page


def test_the_limit_of_a_page_without_files_is_a_setting(client, settings):
    settings.MAX_REQUEST_BYTES = 10_000

    assert post_without_reading(client, reverse("home"), 10_001).status_code == 413
    assert client.post(reverse("home"), {"x": "é" * 1000}).status_code != 413


def test_a_page_that_takes_files_takes_them_up_to_its_forms_limit(client):
    client.force_login(OfficerFactory())
    url = reverse("stakeholders:import")
    allowed = uploads.body_limit(url)

    assert allowed == imports.MAX_BYTES + uploads.text_limit()
    assert post_without_reading(client, url, allowed + 1).status_code == 413
    # A 4 MB spreadsheet goes through to the form, which reads it (and says what is wrong).
    sheet = SimpleUploadedFile("registre.csv", b"Nom,Sigle\n" + b"Entreprise,E\n" * (4 * MB // 13))
    response = client.post(url, {"file": sheet})
    assert response.status_code in (200, 302)
    assert response.status_code == 302 or "is-invalid" in response.content.decode()


def test_text_beyond_the_limit_sent_to_a_page_that_takes_files_is_refused_with_413(client):
    """Django itself refuses a form whose text is over DATA_UPLOAD_MAX_MEMORY_SIZE (with a
    400); the portal answers that with its 413 page too."""
    client.force_login(OfficerFactory())

    response = client.post(reverse("stakeholders:import"), {"notes": "x" * (3 * MB)})

    assert response.status_code == 413
    assert not OrganizationImport.objects.exists()


def test_every_view_that_takes_files_allows_its_forms_files():
    """The consultations' and evidence forms take several files of up to 10 MB each."""
    from actionplans import evidence
    from consultations import uploads as consultation_uploads

    comment = consultation_uploads.MAX_ATTACHMENTS * consultation_uploads.max_size()
    for url, files in [
        ("/consultations/new/", consultation_uploads.max_size()),
        ("/consultations/1/text/", consultation_uploads.max_size()),
        ("/consultations/1/revise/", consultation_uploads.max_size()),
        ("/consultations/1/comment/", comment),
        ("/consultations/comments/1/edit/", comment),
        ("/action-plans/actions/1/progress/", evidence.max_files() * evidence.max_bytes()),
        ("/stakeholders/import/", imports.MAX_BYTES),
    ]:
        assert uploads.body_limit(url) == files + uploads.text_limit(), url


def test_a_strict_client_is_refused_too():
    """The limit holds with CSRF checks on (the middleware answers before CSRF reads the body)."""
    response = post_without_reading(Client(enforce_csrf_checks=True), "/", 60 * MB)

    assert response.status_code == 413
