"""Contestations: who may contest a public commitment, what the board shows of it (never an
anonymous author), the officer's answer, moderation, the marks it leaves, and its limits."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from actionplans import contests
from actionplans.models import Action, Contestation
from meetings.models import InvitedOrganization
from stakeholders.models import Assessment, Category
from tests.actionplans.factories import ActionFactory
from tests.factories import (
    EditorFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    pending_member_of,
    representative_of,
)
from tests.meetings.factories import CommitmentFactory
from tests.stakeholders.factories import AssessmentFactory

# These tests read the pages in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
STATEMENT = "Le bureau de Kati n’affiche toujours pas les délais : 40 % est surestimé."


@pytest.fixture
def partner():
    """An action with a partner organisation, and that organisation's representative."""
    organization = OrganizationFactory(name="Groupement des transitaires du Mali")
    action = ActionFactory(partners=[organization], title="Publier les délais")
    user = representative_of(organization, email="rep@gtm.ml", full_name="Aminata Diallo")
    return action, organization, user


def file_it(action, user, organization, **extra):
    return contests.contest(
        action,
        acting_user=user,
        organization=organization,
        subject=extra.pop("subject", Contestation.Subject.PROGRESS),
        statement=extra.pop("statement", STATEMENT),
        **extra,
    )


def post_contest(client, action, organization, **extra):
    data = {
        "organization": organization.pk,
        "subject": "progress",
        "statement": STATEMENT,
        **extra,
    }
    return client.post(reverse("actionplans:contest", args=[action.pk]), data)


# --- Who is concerned ----------------------------------------------------------------------


def test_a_partner_of_the_action_is_concerned(partner):
    action, organization, user = partner
    assert list(contests.concerned_organizations(user, action)) == [organization]


def test_an_organisation_of_a_targeted_category_is_concerned():
    organization = OrganizationFactory(category=Category.TRADER)
    user = representative_of(organization)
    action = ActionFactory(target_categories=[Category.TRADER])
    other = ActionFactory(
        target_categories=[c for c in Category.values if c != Category.TRADER][:1]
    )

    assert list(contests.concerned_organizations(user, action)) == [organization]
    assert not contests.concerned_organizations(user, other).exists()


def test_an_organisation_in_a_targeted_quadrant_is_concerned():
    organization = OrganizationFactory()
    AssessmentFactory(organization=organization, influence=5, interest=5)
    user = representative_of(organization)
    action = ActionFactory(target_quadrants=[Assessment.Quadrant.MANAGE_CLOSELY])
    other = ActionFactory(target_quadrants=[Assessment.Quadrant.MONITOR])

    assert list(contests.concerned_organizations(user, action)) == [organization]
    assert not contests.concerned_organizations(user, other).exists()


def test_an_organisation_invited_where_the_commitment_was_made_is_concerned():
    organization = OrganizationFactory()
    user = representative_of(organization)
    commitment = CommitmentFactory()
    InvitedOrganization.objects.create(
        meeting=commitment.meeting, organization=organization, attended=True
    )
    action = ActionFactory(commitment=commitment)

    assert list(contests.concerned_organizations(user, action)) == [organization]
    assert not contests.concerned_organizations(user, ActionFactory()).exists()


def test_a_pending_member_an_officer_and_an_unconcerned_representative_are_not(partner, client):
    action, organization, _user = partner
    pending = RepresentativeFactory()
    pending_member_of(organization, pending)
    outsider = representative_of(OrganizationFactory())
    for user in (pending, outsider, OfficerFactory()):
        assert not contests.concerned_organizations(user, action).exists()

    client.force_login(outsider)
    assert client.get(reverse("actionplans:contest", args=[action.pk])).status_code == 404
    assert post_contest(client, action, organization).status_code == 404
    with pytest.raises(PermissionDenied):
        file_it(action, outsider, organization)
    assert not Contestation.objects.exists()


def test_an_internal_action_cannot_be_contested(partner, client):
    action, organization, user = partner
    Action.objects.filter(pk=action.pk).update(visibility=Action.Visibility.INTERNAL)
    client.force_login(user)

    assert client.get(reverse("actionplans:contest", args=[action.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        file_it(action, user, organization)


# --- Filing ----------------------------------------------------------------------------------


def test_a_partner_contests_and_the_officer_is_told(partner, client, deliver):
    action, organization, user = partner
    client.force_login(user)
    page = client.get(reverse("actionplans:board_action", args=[action.pk]))
    assert reverse("actionplans:contest", args=[action.pk]) in page.content.decode()

    response = post_contest(client, action, organization)

    contestation = Contestation.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#contestation-{contestation.pk}")
    assert contestation.author == user and contestation.organization == organization
    assert contestation.is_open and contestation.statement == STATEMENT
    sent = deliver()
    assert [m.to for m in sent] == [[action.responsible.email]]
    assert "Groupement des transitaires du Mali" in sent[0].body
    assert STATEMENT in sent[0].body


def test_one_open_contestation_per_organisation_and_action(partner, client):
    action, organization, user = partner
    file_it(action, user, organization)
    client.force_login(user)

    page = client.get(reverse("actionplans:contest", args=[action.pk]))
    assert "already has an open contestation" in page.content.decode()
    response = post_contest(client, action, organization, statement="Encore une fois.")

    assert response.status_code == 200
    assert "already has an open contestation" in response.content.decode()
    assert "Encore une fois." in response.content.decode()  # what was typed is kept
    assert Contestation.objects.count() == 1
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Contestation.objects.create(
            action=action, organization=organization, author=user, subject="status", statement="x"
        )
    # Once answered, the organisation may contest again.
    contests.answer(Contestation.objects.get(), acting_user=action.responsible, text="Corrigé.")
    file_it(action, user, organization, statement="Toujours faux.")
    assert Contestation.objects.open().count() == 1


def test_bad_input_keeps_what_was_typed(partner, client):
    action, organization, user = partner
    client.force_login(user)

    response = post_contest(
        client, action, organization, statement="   ", subject="nonsense", anonymous="on"
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "is-invalid" in content
    assert "checked" in content  # the anonymity box stays ticked
    assert not Contestation.objects.exists()

    too_long = "x" * 1001
    response = post_contest(client, action, organization, statement=too_long)
    assert response.status_code == 200 and too_long in response.content.decode()
    assert not Contestation.objects.exists()


def test_a_refused_file_asks_for_it_again_and_keeps_the_text(partner, client):
    action, organization, user = partner
    client.force_login(user)

    response = post_contest(
        client,
        action,
        organization,
        attachment=SimpleUploadedFile("photo.exe", b"MZ\x90\x00not a document"),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert STATEMENT[:20] in content
    assert "choose the file to attach again" in content
    assert not Contestation.objects.exists()


def test_filings_are_rate_limited_per_person(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"actionplans_contest": "2/d/user"}
    organization = OrganizationFactory()
    user = representative_of(organization)
    actions = [ActionFactory(partners=[organization]) for _ in range(3)]
    client.force_login(user)

    first, second, third = (post_contest(client, a, organization) for a in actions)

    assert first.status_code == second.status_code == 302
    assert third.status_code == 200
    assert "as many contestations as one person may in a day" in third.content.decode()
    assert STATEMENT[:10] in third.content.decode()
    assert Contestation.objects.count() == 2


# --- What the public sees -------------------------------------------------------------------


def test_an_anonymous_author_is_never_shown(partner, client):
    action, organization, user = partner
    file_it(
        action,
        user,
        organization,
        anonymous=True,
        attachment=SimpleUploadedFile("lettre.pdf", PDF),
    )
    action.partners.clear()  # the partner list would name it for another reason
    secrets = ("Groupement des transitaires", "Aminata", "rep@gtm.ml")

    pages = [
        client.get(reverse("actionplans:board_action", args=[action.pk])),
        client.get(reverse("actionplans:board")),
        client.get(reverse("actionplans:board_export") + "?format=csv"),
        client.get(reverse("actionplans:board_export") + "?format=json"),
        client.get(f"/api/v1/commitments/{action.pk}/"),
        client.get("/api/v1/commitments/"),
    ]
    for response in pages:
        assert response.status_code == 200, response.request
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for secret in secrets:
            assert secret not in body.decode(), (response.request["PATH_INFO"], secret)
    assert "A partner organisation" in pages[0].content.decode()
    assert STATEMENT[:20] in pages[0].content.decode()
    # Its attachment could name it: nobody but Customs and its own organisation downloads it.
    contestation = Contestation.objects.get()
    url = reverse("actionplans:contestation_attachment", args=[contestation.pk])
    assert client.get(url).status_code == 404
    client.force_login(representative_of(OrganizationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 200
    client.force_login(action.responsible)
    assert client.get(url).status_code == 200


def test_a_named_contestation_and_its_attachment_are_public(partner, client):
    action, organization, user = partner
    contestation = file_it(
        action, user, organization, attachment=SimpleUploadedFile("lettre.pdf", PDF)
    )

    page = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()

    assert "Groupement des transitaires du Mali" in page
    assert "Aminata" not in page  # the person is never named, only the organisation
    url = reverse("actionplans:contestation_attachment", args=[contestation.pk])
    assert url in page
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


# --- Answer and moderation ------------------------------------------------------------------


def test_the_responsible_officer_answers_and_the_author_is_told(partner, client, deliver):
    action, organization, user = partner
    contestation = file_it(action, user, organization)
    deliver()
    client.force_login(action.responsible)
    url = reverse("actionplans:contestation_answer", args=[contestation.pk])

    assert client.post(url, {"answer": "  "}).status_code == 200
    response = client.post(url, {"answer": "Les délais de Kati seront publiés lundi."})

    assert response.status_code == 302
    contestation.refresh_from_db()
    assert contestation.status == Contestation.Status.ANSWERED
    assert contestation.answered_by == action.responsible
    sent = deliver()
    assert [m.to for m in sent] == [["rep@gtm.ml"]]
    assert "Les délais de Kati seront publiés lundi." in sent[0].body
    client.logout()
    page = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()
    assert "Les délais de Kati seront publiés lundi." in page


def test_only_the_responsible_officer_or_an_editor_answers(partner, client):
    action, organization, user = partner
    contestation = file_it(action, user, organization)
    url = reverse("actionplans:contestation_answer", args=[contestation.pk])

    for other in (OfficerFactory(), user):
        client.force_login(other)
        assert client.post(url, {"answer": "Non."}).status_code == 404
    with pytest.raises(PermissionDenied):
        contests.answer(contestation, acting_user=OfficerFactory(), text="Non.")
    client.force_login(EditorFactory())
    assert client.post(url, {"answer": "Vu."}).status_code == 302


def test_moderation_hides_the_statement_and_shows_the_reason(partner, client):
    action, organization, user = partner
    contestation = file_it(action, user, organization, statement="Propos injurieux XYZ.")
    client.force_login(action.responsible)
    url = reverse("actionplans:contestation_moderate", args=[contestation.pk])

    blank = client.post(url, {"reason": ""})
    assert blank.status_code == 200 and "is-invalid" in blank.content.decode()
    with pytest.raises(ValidationError):
        contests.moderate(contestation, acting_user=action.responsible, reason=" ")
    assert client.post(url, {"reason": "Propos injurieux."}).status_code == 302

    contestation.refresh_from_db()
    assert contestation.is_moderated and contestation.moderated_by == action.responsible
    client.logout()
    page = client.get(reverse("actionplans:board_action", args=[action.pk])).content.decode()
    assert "XYZ" not in page
    assert "Removed by moderation: Propos injurieux." in page
    assert not contests.contested_ids([action.pk])


# --- Marks: board, dashboard, health ---------------------------------------------------------


def test_an_open_contestation_marks_the_action_on_the_board_and_dashboard(partner, client):
    action, organization, user = partner
    quiet = ActionFactory(plan=action.plan)
    contestation = file_it(action, user, organization)

    board = client.get(reverse("actionplans:board"))
    rows = {a.pk: a.contested for a in board.context["page"].object_list}
    assert rows == {action.pk: True, quiet.pk: False}
    assert "contested" in board.content.decode()
    assert [item["contested"] for item in board.context["summary"]] == [1]
    records = json.loads(client.get(reverse("actionplans:board_export") + "?format=json").content)
    assert {r["id"]: r["contested"] for r in records["records"]} == {
        action.pk: True,
        quiet.pk: False,
    }
    api = client.get(f"/api/v1/commitments/{action.pk}/").json()
    assert api["contested"] is True

    client.force_login(action.responsible)
    dashboard_url = reverse("actionplans:plan_dashboard", args=[action.plan.pk])
    dashboard = client.get(dashboard_url)
    contested = [a.pk for a in dashboard.context["charts"]["actions"] if a.contested]
    assert contested == [action.pk]
    assert "1 action is contested by a partner" in dashboard.content.decode()
    listed = client.get(dashboard_url + "?health=contested")
    assert action.code in listed.context["action_list"]
    assert f">{quiet.code}<" not in listed.context["action_list"]

    # Answered: no longer contested, on the dashboard kept in the cache too.
    contests.answer(contestation, acting_user=action.responsible, text="Corrigé.")
    dashboard = client.get(dashboard_url)
    assert not [a for a in dashboard.context["charts"]["actions"] if a.contested]
    assert "contested by a partner" not in dashboard.content.decode()
    board = client.get(reverse("actionplans:board"))
    assert not any(a.contested for a in board.context["page"].object_list)


def test_the_contested_count_is_beside_health_not_instead(partner):
    from django.utils import timezone

    from actionplans import dashboard

    action, organization, user = partner
    before = dashboard.dashboard_actions(action.plan, timezone.localdate())
    file_it(action, user, organization)
    after = dashboard.dashboard_actions(action.plan, timezone.localdate())

    assert [a.current_health for a in before] == [a.current_health for a in after]
    assert dashboard.contested_count(before) == 0
    assert dashboard.contested_count(after) == 1
