"""Conflicts of interest: officers declare and end them; inviting to a meeting and naming a
body's Customs co-chair warn about them, and going ahead records who did and why."""

import pytest
from django.urls import reverse

from integrity import conflicts
from integrity.models import ConflictOfInterest, ConflictOverride
from meetings.models import DialogueBody, Invitation
from meetings.services import scheduling
from tests.factories import (
    IntegrityOfficerFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganizationFactory(name="Sahel Logistique SA")


@pytest.fixture
def conflicted(client, org):
    officer = OfficerFactory(full_name="Awa Koné")
    client.force_login(officer)
    response = client.post(
        reverse("integrity:conflicts"),
        {"organization": org.pk, "description": "Mon frère en est le gérant."},
    )
    assert response.status_code == 302
    return officer


def _meeting(officer, **kwargs):
    return scheduling.create_meeting(
        acting_user=officer,
        title="Concertation sur le transit",
        start=in_days(10),
        end=in_days(10, 12),
        venue="DGD, Bamako",
        visibility="partners",
        **kwargs,
    )


def test_declaring_listing_and_ending_a_conflict(client, conflicted, org):
    conflict = ConflictOfInterest.objects.get(officer=conflicted)
    assert conflict.organization == org and conflict.is_active
    page = client.get(reverse("integrity:conflicts")).content.decode()
    assert "Mon frère en est le gérant." in page
    # Declaring the same one again is refused, with what was typed kept.
    response = client.post(
        reverse("integrity:conflicts"), {"organization": org.pk, "description": "Encore."}
    )
    assert response.status_code == 200 and "Encore." in response.content.decode()
    # Someone else may not end it.
    client.force_login(OfficerFactory())
    assert client.post(reverse("integrity:conflict_end", args=[conflict.pk])).status_code == 404
    client.force_login(conflicted)
    client.post(reverse("integrity:conflict_end", args=[conflict.pk]))
    conflict.refresh_from_db()
    assert not conflict.is_active
    assert not conflicts.conflicting(conflicted, [org]).exists()


def test_conflicting_finds_active_conflicts_only(conflicted, org):
    other = OrganizationFactory()
    assert list(conflicts.conflicting(conflicted, [org, other])) == [
        ConflictOfInterest.objects.get()
    ]
    assert not conflicts.conflicting([OfficerFactory()], [org]).exists()
    assert not conflicts.conflicting(conflicted, []).exists()


def test_inviting_a_conflicted_officer_warns_then_records_the_override(client, conflicted, org):
    organiser = OfficerFactory(full_name="Issa Coulibaly")
    meeting = _meeting(organiser, organizations=[org])
    client.force_login(organiser)
    url = reverse("meetings:invitations", args=[meeting.pk])

    response = client.post(url, {"users": [conflicted.pk]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Awa Koné a déclaré un conflit d’intérêts avec Sahel Logistique SA." in content
    assert 'name="conflict_reason"' in content
    assert f'value="{conflicted.pk}" selected' in content  # what was chosen is kept
    assert not Invitation.objects.filter(meeting=meeting, user=conflicted).exists()

    # Submitting an empty reason is refused too.
    response = client.post(url, {"users": [conflicted.pk], "conflict_reason": ""})
    assert response.status_code == 200
    assert not Invitation.objects.filter(meeting=meeting, user=conflicted).exists()

    response = client.post(
        url,
        {"users": [conflicted.pk], "conflict_reason": "Seule spécialiste du transit routier."},
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(meeting=meeting, user=conflicted).exists()
    (override,) = ConflictOverride.objects.all()
    assert override.context == ConflictOverride.Context.INVITATION
    assert override.overridden_by == organiser
    assert override.meeting == meeting
    assert override.reason == "Seule spécialiste du transit routier."


def test_inviting_the_organisation_of_an_invited_officer_warns(client, conflicted, org):
    organiser = OfficerFactory()
    meeting = _meeting(organiser, users=[conflicted])
    client.force_login(organiser)
    url = reverse("meetings:invitations", args=[meeting.pk])
    response = client.post(url, {"organizations": [org.pk]})
    assert response.status_code == 200
    assert "a déclaré un conflit d’intérêts" in response.content.decode()
    response = client.post(url, {"organizations": [org.pk], "conflict_reason": "Nécessaire."})
    assert response.status_code == 302
    assert ConflictOverride.objects.get().conflict.officer == conflicted


def test_no_warning_without_a_conflict(client, org):
    organiser = OfficerFactory()
    meeting = _meeting(organiser, organizations=[org])
    client.force_login(organiser)
    response = client.post(
        reverse("meetings:invitations", args=[meeting.pk]),
        {"users": [OfficerFactory().pk, RepresentativeFactory().pk]},
    )
    assert response.status_code == 302
    assert not ConflictOverride.objects.exists()


def test_naming_a_conflicted_co_chair_warns_then_records(client, conflicted, org):
    editor = OfficerFactory()
    client.force_login(editor)
    data = {"name": "Comité du transit", "customs_chair": conflicted.pk, "members": [org.pk]}
    response = client.post(reverse("meetings:body_create"), data)
    assert response.status_code == 200
    assert "a déclaré un conflit d’intérêts" in response.content.decode()
    assert 'value="Comité du transit"' in response.content.decode()
    assert not DialogueBody.objects.exists()

    response = client.post(
        reverse("meetings:body_create"), {**data, "conflict_reason": "Intérim de trois mois."}
    )
    assert response.status_code == 302
    body = DialogueBody.objects.get()
    (override,) = ConflictOverride.objects.all()
    assert override.context == ConflictOverride.Context.CHAIR
    assert override.target == "Comité du transit"
    assert override.overridden_by == editor

    # Saving the body again, nothing new: no warning, no new override.
    response = client.post(reverse("meetings:body_edit", args=[body.pk]), data)
    assert response.status_code == 302
    assert ConflictOverride.objects.count() == 1


def test_overrides_are_seen_by_the_integrity_unit_only(client, conflicted, org):
    organiser = OfficerFactory()
    meeting = _meeting(organiser, organizations=[org])
    client.force_login(organiser)
    client.post(
        reverse("meetings:invitations", args=[meeting.pk]),
        {"users": [conflicted.pk], "conflict_reason": "Raison impérieuse."},
    )
    url = reverse("integrity:conflict_overrides")
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(IntegrityOfficerFactory())
    content = client.get(url).content.decode()
    assert "Raison impérieuse." in content and "Awa Koné" in content


def test_logging_a_contact_with_a_conflicted_organisation_warns_then_records(
    client, conflicted, org
):
    from integrity.models import ContactEntry

    data = {
        "kind": "visit",
        "contact_date": "2026-01-15",
        "organizations": [org.pk],
        "private_individuals": "0",
        "officer_role": "Chef de visite",
        "subject": "Visite d’entrepôt",
        "outcome": "Inventaire conforme.",
        "action": "publish",
    }
    response = client.post(reverse("integrity:entry_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Awa Koné a déclaré un conflit d’intérêts avec Sahel Logistique SA" in body
    assert "Visite d’entrepôt" in body  # what was typed is kept
    assert not ContactEntry.objects.exists()

    response = client.post(
        reverse("integrity:entry_create"), {**data, "conflict_reason": "Seul agent disponible."}
    )
    entry = ContactEntry.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    override = ConflictOverride.objects.get()
    assert override.context == ConflictOverride.Context.CONTACT
    assert override.reason == "Seul agent disponible." and override.overridden_by == conflicted

    # Correcting the entry later does not warn again about the same organisation.
    response = client.post(
        reverse("integrity:entry_edit", args=[entry.pk]), {**data, "outcome": "Corrigé."}
    )
    assert response.status_code == 302
    assert ConflictOverride.objects.count() == 1
