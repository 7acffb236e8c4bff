"""A canary: a complaint whose description, messages and attachment name carry a marker, and
a walk of every URL of the matrix by each persona. Only the integrity unit ever reads it."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from integrity.models import CaseAttachment, CaseEvent, CaseMessage, CaseRead, Complaint
from integrity.services import complaints
from tests import permission_world
from tests.test_permission_matrix import TABLE, answer, sign_in

MARKER = "CANARI-INTEGRITE-QX81"

pytestmark = pytest.mark.django_db


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_no_complaint_model_is_in_the_admin():
    for model in (Complaint, CaseMessage, CaseAttachment, CaseRead, CaseEvent):
        assert model not in admin.site._registry
    with pytest.raises(NoReverseMatch):
        reverse("admin:integrity_complaint_changelist")


@pytest.mark.parametrize(
    "role", ["visitor", "rep_a", "officer", "editor", "superuser", "integrity"]
)
def test_the_marker_is_read_by_the_integrity_unit_only(client, role, _fast_passwords):
    world = permission_world.build()
    complaint, _code = complaints.submit_complaint(
        acting_user=world.users["rep_a"],
        category="payment",
        occurred_on=world.complaint.occurred_on,
        place="Kayes",
        description=f"Description {MARKER}",
        anonymous=False,
        files=[SimpleUploadedFile(f"{MARKER}.pdf", permission_world.PDF)],
    )
    complaints.add_note(complaint, acting_user=world.users["integrity"], body=f"Note {MARKER}")
    user = world.users[role]
    if user is not None:
        sign_in(client, user)
    seen_on = []
    for entry in TABLE:
        try:
            url = entry.url(world)
        except NoReverseMatch:
            continue
        _status, _location, body, _error, _cache = answer(client, url)
        if MARKER.encode() in body:
            seen_on.append(entry.name)
    case_url = reverse("integrity:case", args=[complaint.pk])
    _status, _location, body, _error, _cache = answer(client, case_url)
    if MARKER.encode() in body:
        seen_on.append("integrity:case (the canary's)")
    if role == "integrity":
        assert "integrity:case (the canary's)" in seen_on
        assert body.count(MARKER.encode()) >= 3  # description, note, file name
    else:
        assert seen_on == [], f"{role} reads the canary on {seen_on}"
