"""Uploads in an S3-compatible bucket (S3_BUCKET): a real S3 server on this machine (moto's), the
portal's STORAGES built from the S3_* variables by portal.settings, and the real URLs.

Each file goes to the bucket, never to this machine's disk, and comes back only through the
portal's views, to those who may have it.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Evidence
from consultations.models import Consultation
from integrity.models import CaseAttachment, Complaint
from tests.actionplans.factories import ActionFactory
from tests.factories import (
    IntegrityOfficerFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    SuperuserFactory,
    representative_of,
)
from tests.servers import BIN, ROOT, free_port, wait_for
from tests.services import _missing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BUCKET = "portal-uploads"
KEYS = {"S3_ACCESS_KEY_ID": "portal-key", "S3_SECRET_ACCESS_KEY": "portal-secret"}


def _client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        config=Config(s3={"addressing_style": "path"}),
    )


def storages_from_environment(**variables):
    """settings.STORAGES as portal.settings builds it from these variables (in a fresh process:
    the settings module reads the environment once)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "1",
        **variables,
    }
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return json.loads(output)


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a free port, with the portal's bucket; its address."""
    try:
        import boto3  # noqa: F401
    except ImportError:
        _missing("needs boto3 and moto[server] (requirements-dev.txt)")
    program = BIN / "moto_server"
    if not program.exists():
        _missing("needs moto_server (moto[server], requirements-dev.txt)")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(program), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = _client(endpoint)

        def answers():
            try:
                client.list_buckets()
                return True
            except Exception:
                return process.poll() is not None  # stop waiting for a server that exited

        if not wait_for(answers, timeout=30, interval=0.2) or process.poll() is not None:
            _missing("moto_server did not start")
        client.create_bucket(Bucket=BUCKET)
        client.create_bucket(Bucket="portal-complaints")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def s3_storages(s3_server):
    return storages_from_environment(
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=s3_server,
        S3_REGION="us-east-1",
        S3_ADDRESSING_STYLE="path",
        **KEYS,
    )


@pytest.fixture
def bucket(settings, s3_server, s3_storages):
    """The portal on the bucket: STORAGES as the S3_* variables make it. Yields a function that
    lists the bucket's keys under a prefix."""
    settings.STORAGES = s3_storages
    client = _client(s3_server)

    def keys(prefix=""):
        listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return {item["Key"] for item in listing.get("Contents", [])}

    keys.client = client
    yield keys


def files_on_disk(settings):
    found = []
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        if root.exists():
            found += [path for path in root.rglob("*") if path.is_file()]
    return found


def body(response):
    return b"".join(response.streaming_content)


def test_the_variables_make_private_s3_storages(s3_storages):
    default, private = s3_storages["default"], s3_storages["private"]
    assert default["BACKEND"] == private["BACKEND"] == "portal.storage_s3.PrivateS3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == BUCKET and options["location"] == ""
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True and options["file_overwrite"] is False
    assert options["addressing_style"] == "path"
    # The complaints' files: the same bucket, under their own prefix, unless told otherwise.
    assert private["OPTIONS"]["bucket_name"] == BUCKET
    assert private["OPTIONS"]["location"] == "complaints"
    separate = storages_from_environment(S3_BUCKET=BUCKET, S3_PRIVATE_BUCKET="portal-complaints")
    assert separate["private"]["OPTIONS"]["bucket_name"] == "portal-complaints"
    # Without S3_BUCKET, the disk, as before.
    assert storages_from_environment()["default"]["BACKEND"].endswith("FileSystemStorage")


def test_a_consultation_document_goes_to_the_bucket_and_back_to_those_who_may_see_it(
    client, settings, bucket
):
    officer = OfficerFactory()
    client.force_login(officer)
    response = client.post(
        reverse("consultations:create"),
        {
            "title": "Projet de note de service",
            "summary": "Résumé",
            "audience": "public",
            "closes_at": (timezone.localtime() + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
            "responsible_officer": officer.pk,
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "200",
            "sections-0-number": "1",
            "sections-0-heading": "Objet",
            "sections-0-body": "Texte de l’article premier.",
            "document": SimpleUploadedFile("projet.pdf", PDF),
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    name = consultation.versions.get().document.name
    assert name in bucket("private/consultations/")
    assert bucket.client.get_object(Bucket=BUCKET, Key=name)["Body"].read() == PDF
    assert files_on_disk(settings) == []

    url = reverse("consultations:document", args=[consultation.pk, 1])
    assert body(client.get(url)) == PDF
    reader = representative_of(OrganizationFactory())
    client.force_login(reader)
    assert client.get(url).status_code == 404  # a draft: officers only

    from consultations.services import consultations

    consultations.open_consultation(consultation, acting_user=officer)
    response = client.get(url)
    assert response.status_code == 200 and body(response) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]

    # The administration site shows the version without a link to the bucket.
    client.force_login(SuperuserFactory())
    page = client.get(
        reverse("admin:consultations_version_change", args=[consultation.versions.get().pk])
    )
    assert page.status_code == 200
    assert name.encode() not in page.content and s3_host(bucket).encode() not in page.content


def s3_host(keys):
    return keys.client.meta.endpoint_url.split("//", 1)[1]


def test_evidence_goes_to_the_bucket_and_only_officers_get_it(client, settings, bucket):
    action = ActionFactory()
    client.force_login(action.responsible)
    response = client.post(
        reverse("actionplans:progress_add", args=[action.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "percent": "40",
            "narrative": "Atelier de validation tenu.",
            "evidence": [SimpleUploadedFile("compte-rendu.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.file.name in bucket("private/actionplans/evidence/")
    assert files_on_disk(settings) == []

    url = reverse("actionplans:evidence_download", args=[item.pk])
    client.force_login(OfficerFactory())
    response = client.get(url)
    assert response.status_code == 200 and body(response) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    client.force_login(RepresentativeFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page

    # A file gone from the bucket is a 404, not a server error.
    bucket.client.delete_object(Bucket=BUCKET, Key=item.file.name)
    client.force_login(action.responsible)
    assert client.get(url).status_code == 404


def test_a_complaints_file_goes_to_the_private_storage_and_only_the_unit_gets_it(
    client, settings, bucket
):
    reporter = RepresentativeFactory()
    client.force_login(reporter)
    response = client.post(
        reverse("integrity:report"),
        {
            "category": "payment",
            "occurred_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "place": "Bureau de Kati",
            "description": "On m'a demandé 50 000 francs pour dédouaner mon camion.",
            "anonymous": "0",
            "attachments": [SimpleUploadedFile("preuve.pdf", PDF)],
        },
    )
    assert response.status_code == 200
    attachment = CaseAttachment.objects.get(complaint=Complaint.objects.get())
    assert attachment.file.name.startswith("integrity/")
    assert "complaints/" + attachment.file.name in bucket("complaints/")
    assert attachment.file.name not in bucket()  # not in the uploads' part of the bucket
    assert files_on_disk(settings) == []
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no link to the bucket, signed or not

    url = reverse("integrity:case_attachment", args=[attachment.pk])
    for user in (None, OfficerFactory(), reporter):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(IntegrityOfficerFactory())
    response = client.get(url)
    assert response.status_code == 200 and body(response) == PDF
    assert "no-store" in response["Cache-Control"]


def test_the_evidence_migration_moves_objects_in_the_bucket(bucket):
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from actionplans import services

    migration = import_module("actionplans.migrations.0006_evidence_in_the_private_folder")
    action = ActionFactory()
    update = services.record_progress(
        action, acting_user=action.responsible, date=timezone.localdate(), percent=5, narrative="x"
    )
    old = default_storage.save("actionplans/evidence/0123abcd.pdf", ContentFile(PDF))
    item = Evidence.objects.create(
        update=update,
        file=old,
        original_name="ancien.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=len(PDF),
    )

    migration.move(apps, None)

    item.refresh_from_db()
    assert item.file.name.startswith("private/actionplans/evidence/0123abcd")
    assert item.file.name in bucket("private/actionplans/evidence/")
    assert old not in bucket("actionplans/")
