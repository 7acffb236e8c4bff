import pytest
from django.urls import reverse

from meetings.models import DialogueBody, Meeting
from meetings.services import bodies, scheduling
from tests.factories import OrganizationFactory, SuperuserFactory, representative_of
from tests.meetings.factories import BodyFactory, in_days

pytestmark = pytest.mark.django_db


def test_the_admin_never_shows_an_invitation_token(client):
    admin = SuperuserFactory()
    meeting = scheduling.create_meeting(
        acting_user=admin,
        title="Réunion sur invitation",
        start=in_days(3),
        end=in_days(3, hour=12),
        visibility=Meeting.Visibility.INVITEES,
        users=[representative_of(OrganizationFactory())],
    )
    invitation = meeting.invitations.get()
    client.force_login(admin)

    for url in (
        reverse("admin:meetings_invitation_change", args=[invitation.pk]),
        reverse("admin:meetings_invitation_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert invitation.token not in response.content.decode()


def _body_form(name, members):
    return {"name": name, "acronym": "", "description": "", "members": [m.pk for m in members]}


def test_the_admin_changes_a_bodys_members_through_the_service(client, monkeypatch):
    calls = []
    save_body = bodies.save_body

    def spy(*args, **kwargs):
        calls.append(kwargs["members"])
        return save_body(*args, **kwargs)

    monkeypatch.setattr(bodies, "save_body", spy)
    body = BodyFactory()
    joining = OrganizationFactory()
    client.force_login(SuperuserFactory())

    response = client.post(
        reverse("admin:meetings_dialoguebody_change", args=[body.pk]),
        _body_form(body.name, [joining]),
    )

    assert response.status_code == 302
    assert [list(members) for members in calls] == [[joining]]
    assert list(body.members.all()) == [joining]


def test_the_admin_creates_a_body_with_its_members(client):
    member = OrganizationFactory()
    client.force_login(SuperuserFactory())

    response = client.post(
        reverse("admin:meetings_dialoguebody_add"), _body_form("Comité national", [member])
    )

    assert response.status_code == 302
    body = DialogueBody.objects.get(name="Comité national")
    assert list(body.members.all()) == [member]
