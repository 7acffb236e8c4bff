"""Who may report progress, with what evidence, and what it changes."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import Action, ActionPlan, Evidence, ProgressUpdate
from tests.actionplans.factories import ActionFactory
from tests.factories import EditorFactory, OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# What Word and Excel declare in [Content_Types].xml for their main part.
OFFICE = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "word/document.xml": f"{OFFICE}.wordprocessingml.document.main+xml",
    "xl/workbook.xml": f"{OFFICE}.spreadsheetml.sheet.main+xml",
}


def office_file(names, mimetype=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            if name == "[Content_Types].xml":
                overrides = "".join(
                    f'<Override PartName="/{part}" ContentType="{kind}"/>'
                    for part, kind in MAIN_PARTS.items()
                    if part in names
                )
                archive.writestr(name, f"<Types>{overrides}</Types>")
            else:
                archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def report(client, action, **extra):
    data = {
        "date": timezone.localdate().isoformat(),
        "percent": "40",
        "narrative": "Atelier de validation tenu avec la CCIM.",
        **extra,
    }
    return client.post(reverse("actionplans:progress_add", args=[action.pk]), data)


def test_the_responsible_officer_reports_progress(client):
    action = ActionFactory()
    client.force_login(action.responsible)

    response = report(client, action)

    update = action.updates.get()
    assert response.status_code == 302
    assert update.percent == 40 and update.author == action.responsible


def test_an_editor_may_report_on_any_action(client):
    action = ActionFactory()
    client.force_login(EditorFactory())

    assert report(client, action).status_code == 302
    assert action.updates.count() == 1


def test_another_officer_gets_404_and_records_nothing(client):
    action = ActionFactory()
    client.force_login(OfficerFactory())

    assert client.get(reverse("actionplans:progress_add", args=[action.pk])).status_code == 404
    assert report(client, action).status_code == 404
    assert not action.updates.exists()


def test_a_visitor_is_sent_to_sign_in(client):
    action = ActionFactory()

    response = report(client, action)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not action.updates.exists()


def test_the_service_refuses_someone_not_responsible():
    action = ActionFactory()

    with pytest.raises(PermissionDenied):
        services.record_progress(
            action,
            acting_user=OfficerFactory(),
            date=timezone.localdate(),
            percent=10,
            narrative="x",
        )


def test_no_progress_on_a_cancelled_action_or_a_closed_plan(client):
    cancelled = ActionFactory(status=Action.Status.CANCELLED)
    closed = ActionFactory(plan__status=ActionPlan.Status.CLOSED)

    for action in (cancelled, closed):
        client.force_login(action.responsible)
        assert report(client, action).status_code == 404


def test_the_report_page_is_offered_only_to_who_may_report(client):
    action = ActionFactory()
    url = reverse("actionplans:action_detail", args=[action.pk])
    progress_url = reverse("actionplans:progress_add", args=[action.pk])

    client.force_login(OfficerFactory())
    assert progress_url not in client.get(url).content.decode()
    client.force_login(action.responsible)
    assert progress_url in client.get(url).content.decode()


def test_a_future_date_is_refused_and_the_text_kept(client):
    action = ActionFactory()
    client.force_login(action.responsible)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = report(client, action, date=tomorrow.isoformat(), narrative="Texte à garder")

    assert response.status_code == 200
    assert "Texte à garder" in response.content.decode()
    assert not action.updates.exists()


def test_more_than_one_hundred_percent_is_refused(client):
    action = ActionFactory()
    client.force_login(action.responsible)

    assert report(client, action, percent="120").status_code == 200
    assert not action.updates.exists()


def test_status_follows_progress_to_in_progress_then_done():
    action = ActionFactory()
    today = timezone.localdate()

    services.record_progress(
        action, acting_user=action.responsible, date=today, percent=20, narrative="a"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS

    services.record_progress(
        action, acting_user=action.responsible, date=today, percent=100, narrative="b"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_indicator_value_is_the_actions_current_value():
    action = ActionFactory(
        indicator_name="agents formés", indicator_baseline=0, indicator_target=300
    )

    services.record_progress(
        action,
        acting_user=action.responsible,
        date=timezone.localdate(),
        percent=40,
        indicator_value=120,
        narrative="Deux sessions tenues.",
    )

    assert Action.objects.with_progress().get(pk=action.pk).indicator_current == 120


# --- Evidence -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, extension",
    [
        ("compte-rendu.pdf", PDF, ".pdf"),
        ("photo.png", PNG, ".png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, ".jpg"),
        ("note.docx", office_file(["[Content_Types].xml", "word/document.xml"]), ".docx"),
        ("tableau.xlsx", office_file(["[Content_Types].xml", "xl/workbook.xml"]), ".xlsx"),
        (
            "note.odt",
            office_file(["content.xml"], "application/vnd.oasis.opendocument.text"),
            ".odt",
        ),
    ],
)
def test_accepted_evidence_is_stored_under_a_random_name(
    client, settings, name, content, extension
):
    action = ActionFactory()
    client.force_login(action.responsible)

    response = report(client, action, evidence=[SimpleUploadedFile(name, content)])

    item = Evidence.objects.get()
    assert response.status_code == 302
    assert item.original_name == name and item.extension == extension
    stored = item.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(extension) and name.rsplit(".", 1)[0] not in stored
    assert (settings.MEDIA_ROOT / item.file.name).read_bytes() == content


@pytest.mark.parametrize(
    "name, content",
    [
        ("script.pdf", b"<script>alert(1)</script>"),  # a PDF by name only
        ("archive.docx", office_file(["autre.txt"])),  # a zip that is no document
        ("page.html", b"<html></html>"),
        ("vide.pdf", b""),
    ],
)
def test_evidence_is_judged_by_its_content(client, name, content):
    action = ActionFactory()
    client.force_login(action.responsible)

    response = report(client, action, evidence=[SimpleUploadedFile(name, content)])

    assert response.status_code == 200
    assert not action.updates.exists() and not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(client, settings):
    settings.ACTIONPLANS_EVIDENCE_MAX_BYTES = 100
    action = ActionFactory()
    client.force_login(action.responsible)

    response = report(client, action, evidence=[SimpleUploadedFile("gros.pdf", PDF + b" " * 200)])

    assert response.status_code == 200
    assert "trop volumineux" in response.content.decode()
    assert not action.updates.exists()


def test_too_many_files_are_refused(client, settings):
    settings.ACTIONPLANS_EVIDENCE_MAX_FILES = 2
    action = ActionFactory()
    client.force_login(action.responsible)

    files = [SimpleUploadedFile(f"f{i}.pdf", PDF) for i in range(3)]
    assert report(client, action, evidence=files).status_code == 200
    assert not action.updates.exists()


def test_evidence_is_served_to_officers_only(client):
    action = ActionFactory()
    client.force_login(action.responsible)
    report(client, action, evidence=[SimpleUploadedFile("compte-rendu.pdf", PDF)])
    url = reverse("actionplans:evidence_download", args=[Evidence.objects.get().pk])

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]

    client.force_login(RepresentativeFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_evidence_is_kept_in_the_private_folder(client):
    action = ActionFactory()
    client.force_login(action.responsible)

    report(client, action, evidence=[SimpleUploadedFile("compte-rendu.pdf", PDF)])

    assert Evidence.objects.get().file.name.startswith("private/actionplans/evidence/")


def test_evidence_uploaded_before_moves_into_the_private_folder(settings):
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

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
    assert item.file.name == "private/actionplans/evidence/0123abcd.pdf"
    assert (settings.MEDIA_ROOT / item.file.name).read_bytes() == PDF
    assert not default_storage.exists(old)


def test_progress_updates_are_recorded_in_the_history():
    action = ActionFactory()

    services.record_progress(
        action, acting_user=action.responsible, date=timezone.localdate(), percent=10, narrative="x"
    )

    assert ProgressUpdate.history.get().history_user == action.responsible
