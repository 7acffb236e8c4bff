import pytest
from django.urls import reverse

from portal.meetings import services
from portal.meetings.models import Meeting
from tests.factories import SuperuserFactory
from tests.meetings.factories import in_days, representative_of

pytestmark = pytest.mark.django_db


def test_the_admin_never_shows_an_invitation_token(client):
    admin = SuperuserFactory()
    meeting = services.create_meeting(
        acting_user=admin,
        title="Réunion sur invitation",
        start=in_days(3),
        end=in_days(3, hour=12),
        visibility=Meeting.Visibility.INVITEES,
        users=[representative_of()],
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
