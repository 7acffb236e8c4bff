"""A person's own resources: their forum registrations and their invitations with their reply,
through a token or their session; someone else's rows are 404; a visitor gets 401."""

import pytest

from forums.services import seats
from meetings.models import Invitation, Meeting
from meetings.services import scheduling
from portal.accounts import tokens
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.forums.factories import ForumFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


def bearer(user, scope="read"):
    _token, key = tokens.create_token(acting_user=user, name="Script", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def results(answer):
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def test_my_registrations_are_mine_alone(client):
    org = OrganizationFactory()
    mine, other = representative_of(org), representative_of(OrganizationFactory())
    full = ForumFactory(slug="complet", capacity=1)
    seats.register(full, user=other)
    waiting = seats.register(full, user=mine)
    confirmed = seats.register(ForumFactory(slug="ouvert"), user=mine)
    theirs = seats.register(ForumFactory(slug="autre"), user=other)

    rows = results(client.get("/api/v1/me/registrations/", **bearer(mine)))

    by_forum = {row["forum"]: row for row in rows}
    assert set(by_forum) == {"complet", "ouvert"}
    assert by_forum["complet"]["status"] == "waiting"
    assert by_forum["complet"]["waiting_list_position"] == 1
    assert by_forum["ouvert"]["check_in_code"] == confirmed.display_code
    one = client.get(f"/api/v1/me/registrations/{waiting.pk}/", **bearer(mine))
    assert one.json()["forum_title"] == full.title
    assert client.get(f"/api/v1/me/registrations/{theirs.pk}/", **bearer(mine)).status_code == 404
    # The same through the session of the signed-in person.
    client.force_login(mine)
    assert {row["id"] for row in results(client.get("/api/v1/me/registrations/"))} == {
        waiting.pk,
        confirmed.pk,
    }


def test_my_invitations_with_my_reply_only_for_meetings_i_may_see(client):
    org = OrganizationFactory()
    rep = representative_of(org)
    stranger = representative_of(OrganizationFactory())
    officer = OfficerFactory()

    def meeting(title, visibility, **invited):
        return scheduling.create_meeting(
            acting_user=officer,
            title=title,
            kind=Meeting.Kind.BILATERAL,
            start=in_days(5),
            end=in_days(5, 12),
            visibility=visibility,
            **invited,
        )

    restricted = meeting("Réunion restreinte", Meeting.Visibility.INVITEES, users=[rep])
    Invitation.objects.filter(meeting=restricted, user=rep).update(response="accepted")
    theirs = meeting("Leur réunion", Meeting.Visibility.INVITEES, users=[stranger])
    # Invited once, but the meeting has since become internal: no longer theirs to see.
    internal = meeting("Devenue interne", Meeting.Visibility.INVITEES, users=[rep])
    Meeting.objects.filter(pk=internal.pk).update(visibility=Meeting.Visibility.INTERNAL)

    rows = results(client.get("/api/v1/me/invitations/", **bearer(rep)))

    assert [(row["meeting"]["title"], row["response"]) for row in rows] == [
        ("Réunion restreinte", "accepted")
    ]
    assert "token" not in rows[0]
    theirs_invitation = theirs.invitations.get()
    answer = client.get(f"/api/v1/me/invitations/{theirs_invitation.pk}/", **bearer(rep))
    assert answer.status_code == 404
    hidden = internal.invitations.get(user=rep)
    assert client.get(f"/api/v1/me/invitations/{hidden.pk}/", **bearer(rep)).status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/me/registrations/", "/api/v1/me/invitations/"])
def test_a_visitor_gets_401(client, path):
    answer = client.get(path)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
