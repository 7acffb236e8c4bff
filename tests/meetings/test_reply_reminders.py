"""Officers remind the invitees who have not replied (meetings.services.invitations.
remind_unanswered): one e-mail each, recorded on the page, not again within a day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import ReplyReminder
from meetings.services import invitations, scheduling
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


def _meeting(officer, users):
    return scheduling.create_meeting(
        acting_user=officer,
        title="Concertation sur le guichet unique",
        start=in_days(10),
        end=in_days(10, 12),
        visibility="invitees",
        users=users,
    )


def test_the_page_counts_the_unanswered_and_the_button_reminds_only_them(client, deliver):
    officer = OfficerFactory(full_name="Aminata Traoré", language="en")
    silent = [RepresentativeFactory(email="a@ent.ml"), RepresentativeFactory(email="b@ent.ml")]
    answered = RepresentativeFactory(email="c@ent.ml")
    meeting = _meeting(officer, [*silent, answered])
    invitations.respond(meeting.invitations.get(email="c@ent.ml"), response="accepted")
    deliver()  # the invitations themselves
    client.force_login(officer)

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2 invitees have not replied" in page

    response = client.post(reverse("meetings:remind_unanswered", args=[meeting.pk]))

    assert response.status_code == 302
    sent = deliver()
    assert sorted(m.to[0] for m in sent) == ["a@ent.ml", "b@ent.ml"]
    assert all("Concertation sur le guichet unique" in m.subject for m in sent)
    assert all(
        reverse("meetings:rsvp_token", args=[inv.token]) in m.body
        for m, inv in zip(
            sorted(sent, key=lambda m: m.to[0]),
            meeting.invitations.filter(email__in=["a@ent.ml", "b@ent.ml"]).order_by("email"),
            strict=True,
        )
    )
    reminder = ReplyReminder.objects.get()
    assert (reminder.meeting, reminder.sent_by, reminder.recipients) == (meeting, officer, 2)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Reminder sent to 2 invitees on" in page and "Aminata Traoré" in page
    # Within the day, the button is not offered again.
    assert "Remind those who have not replied" not in page


def test_a_second_reminder_within_a_day_is_refused_and_sends_nothing(client, deliver):
    officer = OfficerFactory()
    meeting = _meeting(officer, [RepresentativeFactory()])
    deliver()
    invitations.remind_unanswered(meeting, acting_user=officer)
    assert len(deliver()) == 1
    client.force_login(officer)

    client.post(reverse("meetings:remind_unanswered", args=[meeting.pk]))

    assert deliver() == []
    assert ReplyReminder.objects.count() == 1
    with pytest.raises(invitations.MeetingError) as refused:
        invitations.remind_unanswered(meeting, acting_user=officer)
    assert refused.value.code == "reminded_recently"
    # A day later, it may be sent again.
    later = timezone.now() + invitations.REPLY_REMINDER_INTERVAL + timedelta(minutes=1)
    invitations.remind_unanswered(meeting, acting_user=officer, now=later)
    assert ReplyReminder.objects.count() == 2


def test_someone_who_replies_before_the_reminder_leaves_does_not_get_it(deliver):
    officer = OfficerFactory()
    meeting = _meeting(officer, [RepresentativeFactory(email="late@ent.ml")])
    deliver()
    invitations.remind_unanswered(meeting, acting_user=officer)
    invitations.respond(meeting.invitations.get(), response="declined")

    assert deliver() == []


def test_nobody_to_remind_when_everyone_replied(client):
    officer = OfficerFactory()
    meeting = _meeting(officer, [RepresentativeFactory()])
    invitations.respond(meeting.invitations.get(), response="accepted")
    client.force_login(officer)

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:remind_unanswered", args=[meeting.pk]) not in page
    with pytest.raises(invitations.MeetingError) as refused:
        invitations.remind_unanswered(meeting, acting_user=officer)
    assert refused.value.code == "nobody_to_remind"
    assert not ReplyReminder.objects.exists()
