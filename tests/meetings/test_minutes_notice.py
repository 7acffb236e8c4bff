"""Publishing a meeting's minutes tells its participants who may read them, with a link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.services import invitations, minutes, scheduling
from tests.factories import ContactFactory, OfficerFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


def _held_meeting(officer, *, visibility, users=(), contacts=()):
    start = timezone.now() + timedelta(days=3)
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Comité de suivi du guichet unique",
        start=start,
        end=start + timedelta(hours=2),
        visibility=visibility,
        users=users,
        contacts=contacts,
    )
    # The meeting took place: its time is now past (as if written before the change).
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting


def test_publishing_minutes_sends_each_participant_a_link_to_them(client, deliver):
    officer = OfficerFactory()
    present = RepresentativeFactory(email="present@ent.ml", language="en")
    absent = RepresentativeFactory(email="absent@ent.ml")
    meeting = _held_meeting(officer, visibility="partners", users=[present, absent])
    deliver()  # the invitations
    client.force_login(officer)

    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {
            "minutes": "## Relevé\n\nLe guichet unique ouvre le 1er mars.",
            "present_invitations": [meeting.invitations.get(email="present@ent.ml").pk],
        },
    )

    assert response.status_code == 302
    sent = {m.to[0]: m for m in deliver()}
    assert set(sent) == {"present@ent.ml", "absent@ent.ml"}
    link = f"{meeting.get_absolute_url()}#minutes"
    assert all(link in m.body for m in sent.values())
    assert sent["present@ent.ml"].subject == "Minutes published: Comité de suivi du guichet unique"
    # The link leads to the minutes for whoever got it.
    client.force_login(present)
    assert "Le guichet unique ouvre le 1er mars." in client.get(link).content.decode()


def test_only_those_who_may_read_the_minutes_are_told(deliver):
    officer = OfficerFactory()
    member = RepresentativeFactory(email="member@ent.ml")
    gone = RepresentativeFactory(email="gone@ent.ml")
    # A contact without an account reads only what a visitor reads: not a partners meeting's.
    outside = ContactFactory(email="contact@ent.ml", consent=True)
    meeting = _held_meeting(
        officer, visibility="partners", users=[member, gone], contacts=[outside]
    )
    deliver()
    gone.is_active = False
    gone.save()

    minutes.record_minutes(meeting, acting_user=officer, minutes="Relevé de conclusions.")

    assert [m.to[0] for m in deliver()] == ["member@ent.ml"]


def test_a_public_meetings_minutes_reach_contacts_without_an_account(deliver):
    officer = OfficerFactory()
    meeting = _held_meeting(
        officer, visibility="public", contacts=[ContactFactory(email="c@ent.ml", consent=True)]
    )
    deliver()

    minutes.record_minutes(meeting, acting_user=officer, minutes="Relevé de conclusions.")

    assert [m.to[0] for m in deliver()] == ["c@ent.ml"]


def test_correcting_published_minutes_sends_nothing_more(deliver):
    officer = OfficerFactory()
    meeting = _held_meeting(officer, visibility="partners", users=[RepresentativeFactory()])
    deliver()
    minutes.record_minutes(meeting, acting_user=officer, minutes="")  # attendance only
    assert deliver() == []
    minutes.record_minutes(meeting, acting_user=officer, minutes="Relevé.")
    assert len(deliver()) == 1

    minutes.record_minutes(meeting, acting_user=officer, minutes="Relevé corrigé.")

    assert deliver() == []


def test_a_reply_reminder_is_not_offered_once_the_meeting_is_held(client):
    officer = OfficerFactory()
    meeting = _held_meeting(officer, visibility="partners", users=[RepresentativeFactory()])
    minutes.record_minutes(meeting, acting_user=officer, minutes="Relevé.")
    with pytest.raises(invitations.MeetingError):
        invitations.remind_unanswered(meeting, acting_user=officer)
