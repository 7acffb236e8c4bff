from datetime import UTC, timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from meetings.models import AgendaProposal, Invitation, Meeting
from meetings.services import invitations, minutes, proposals, scheduling
from portal.notifications.models import Notification
from tests.email_links import link_after, sign_in_from, sign_in_page_for
from tests.factories import (
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


def _meeting(officer=None, **kwargs):
    fields = {
        "title": "Concertation sur le dédouanement",
        "start": in_days(10),
        "end": in_days(10, 12),
        "venue": "Salle de conférence de la DGD",
        "visibility": "partners",
    }
    fields.update(kwargs)
    return scheduling.create_meeting(acting_user=officer or OfficerFactory(), **fields)


def _ics(message):
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    return icalendar.Calendar.from_ical(attachment[1]), attachment[2]


def test_invitation_email_has_a_valid_request_attachment(deliver):
    invitee = RepresentativeFactory(email="awa@ccim.ml")
    meeting = _meeting(users=[invitee])

    (message,) = deliver()

    cal, mimetype = _ics(message)
    assert "method=REQUEST" in mimetype
    assert str(cal["method"]) == "REQUEST"
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == meeting.uid()
    assert str(event["attendee"]) == "mailto:awa@ccim.ml"
    assert str(event["organizer"]).startswith("mailto:")
    assert message.to == ["awa@ccim.ml"]


def test_invitation_email_is_in_the_invitees_language(deliver):
    _meeting(users=[RepresentativeFactory(language="en"), RepresentativeFactory(language="fr")])

    subjects = sorted(m.subject for m in deliver())

    assert subjects[0].startswith("Invitation")
    assert any("Concertation" in s for s in subjects)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert any("You are invited" in b for b in bodies.values())
    assert any("Vous êtes invité" in b for b in bodies.values())


def test_inviting_an_organisation_invites_its_consenting_contacts_and_its_representatives(deliver):
    organization = OrganizationFactory()
    ContactFactory(organization=organization, email="oui@ent.ml", consent=True)
    ContactFactory(organization=organization, email="non@ent.ml", consent=False)
    member = representative_of(organization)

    meeting = _meeting(organizations=[organization])

    assert sorted(meeting.invitations.values_list("email", flat=True)) == sorted(
        ["oui@ent.ml", member.email]
    )
    assert sorted(m.to[0] for m in deliver()) == sorted(["oui@ent.ml", member.email])


def test_invitee_accepts_from_the_meeting_page_and_the_organiser_sees_it(client):
    invitee = RepresentativeFactory()
    officer = OfficerFactory()
    meeting = _meeting(users=[invitee], officer=officer)
    client.force_login(invitee)

    client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "accepted"})

    assert Invitation.objects.get(meeting=meeting).response == "accepted"
    client.force_login(officer)
    page = client.get(reverse("meetings:invitations", args=[meeting.pk])).content.decode()
    assert "accepté" in page


def test_invitee_answers_from_the_email_link_without_signing_in(client):
    meeting = _meeting(users=[RepresentativeFactory()])
    invitation = meeting.invitations.get()
    url = reverse("meetings:rsvp_token", args=[invitation.token])

    page = client.get(url)
    invitation.refresh_from_db()
    assert page.status_code == 200
    assert invitation.response == "pending"  # opening the link changes nothing

    client.post(url, {"response": "tentative"})
    invitation.refresh_from_db()
    assert invitation.response == "tentative"


def test_a_reply_without_a_choice_changes_nothing(client):
    meeting = _meeting(users=[RepresentativeFactory()])
    invitation = meeting.invitations.get()

    client.post(reverse("meetings:rsvp_token", args=[invitation.token]), {"response": "maybe"})

    invitation.refresh_from_db()
    assert invitation.response == "pending"


def test_someone_not_invited_cannot_reply(client):
    meeting = _meeting()
    client.force_login(RepresentativeFactory())

    response = client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "accepted"})

    assert response.status_code == 404


def test_an_internal_meeting_refuses_private_sector_invitees(client):
    officer = OfficerFactory()
    client.force_login(officer)

    response = client.post(
        reverse("meetings:create"),
        {
            "title": "Préparation interne",
            "kind": "other",
            "visibility": "internal",
            "start": "2027-02-01T09:00",
            "end": "2027-02-01T10:00",
            "venue": "DGD",
            "users": [RepresentativeFactory().pk],
            "reminder_offsets": ["60"],
        },
    )

    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert "Préparation interne" in response.content.decode()  # what was typed is kept


def test_participant_proposes_an_agenda_item_and_the_organiser_adds_it(client):
    invitee = representative_of(OrganizationFactory())
    officer = OfficerFactory()
    meeting = _meeting(users=[invitee], officer=officer)
    client.force_login(invitee)

    client.post(
        reverse("meetings:propose", args=[meeting.pk]),
        {"title": "Délais de mainlevée", "details": ""},
    )
    proposal = AgendaProposal.objects.get()
    client.force_login(officer)
    client.post(reverse("meetings:decide_item", args=[proposal.pk]), {"decision": "accept"})

    meeting.refresh_from_db()
    assert "Délais de mainlevée" in meeting.agenda_items()
    assert proposal.organization == invitee.contact.organization


def test_a_decision_other_than_the_two_buttons_leaves_the_proposal_undecided(client):
    # Anything but "accept" used to count as declining it.
    invitee = representative_of(OrganizationFactory())
    officer = OfficerFactory()
    meeting = _meeting(users=[invitee], officer=officer)
    proposal = proposals.propose_agenda_item(meeting, acting_user=invitee, title="Transit")
    client.force_login(officer)

    response = client.post(
        reverse("meetings:decide_item", args=[proposal.pk]), {"decision": "acept"}
    )

    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == AgendaProposal.Status.PROPOSED


def test_withdrawing_an_invitation_cancels_that_persons_pending_emails(client):
    officer = OfficerFactory()
    meeting = _meeting(users=[RepresentativeFactory(email="retire@ent.ml")], officer=officer)
    invitation = meeting.invitations.get()
    client.force_login(officer)

    client.post(reverse("meetings:invitations", args=[meeting.pk]), {"withdraw": invitation.pk})

    assert not Invitation.objects.exists()
    assert not Notification.objects.filter(email="retire@ent.ml", status="pending").exists()


def test_a_reply_never_redirects_to_another_site(client):
    invitee = RepresentativeFactory()
    meeting = _meeting(users=[invitee])
    client.force_login(invitee)

    response = client.post(
        reverse("meetings:rsvp", args=[meeting.pk]),
        {"response": "accepted", "next": "//evil.example.com/"},
    )

    assert response["Location"] == meeting.get_absolute_url()


def test_an_updated_invitation_keeps_the_invitees_answer(deliver):
    invitee = RepresentativeFactory()
    officer = OfficerFactory()
    meeting = _meeting(users=[invitee], officer=officer)
    deliver()
    invitations.respond(meeting.invitations.get(), response="accepted")

    scheduling.update_meeting(meeting, acting_user=officer, start=in_days(11), end=in_days(11, 12))
    (message,) = deliver()

    cal, _ = _ics(message)
    (event,) = cal.walk("VEVENT")
    assert event["attendee"].params["partstat"] == "ACCEPTED"
    assert int(event["sequence"]) == 1


def test_the_email_link_answers_404_once_the_invitee_may_no_longer_see_the_meeting(client):
    officer = OfficerFactory()
    meeting = _meeting(users=[RepresentativeFactory()], officer=officer)
    invitation = meeting.invitations.get()
    url = reverse("meetings:rsvp_token", args=[invitation.token])
    Meeting.objects.filter(pk=meeting.pk).update(visibility=Meeting.Visibility.INTERNAL)

    page = client.get(url)
    reply = client.post(url, {"response": "accepted"})

    assert page.status_code == 404
    assert meeting.title not in page.content.decode()
    assert reply.status_code == 404
    invitation.refresh_from_db()
    assert invitation.response == "pending"


def test_the_email_link_of_a_contact_without_an_account_answers_404_for_an_internal_meeting(
    client,
):
    meeting = _meeting(contacts=[ContactFactory(email="sans-compte@ent.ml")])
    invitation = meeting.invitations.get()
    Meeting.objects.filter(pk=meeting.pk).update(visibility=Meeting.Visibility.INTERNAL)

    response = client.get(reverse("meetings:rsvp_token", args=[invitation.token]))

    assert response.status_code == 404


def test_a_cancelled_meeting_takes_no_more_replies():
    officer = OfficerFactory()
    meeting = _meeting(users=[RepresentativeFactory()], officer=officer)
    scheduling.cancel_meeting(meeting, acting_user=officer)

    with pytest.raises(invitations.MeetingError):
        invitations.respond(meeting.invitations.get(), response="accepted")

    assert meeting.invitations.get().response == "pending"


def test_a_held_meeting_takes_no_more_replies(client):
    officer = OfficerFactory()
    meeting = _meeting(
        users=[RepresentativeFactory()], officer=officer, start=in_days(-2), end=in_days(-2, 12)
    )
    minutes.record_minutes(meeting, acting_user=officer, minutes="Compte rendu")
    invitation = meeting.invitations.get()
    url = reverse("meetings:rsvp_token", args=[invitation.token])

    response = client.post(url, {"response": "declined"}, follow=True)

    invitation.refresh_from_db()
    assert invitation.response == "pending"
    assert "ne prend plus de réponses" in response.content.decode()


def _series_invitation(deliver, prepare=None):
    """A weekly series of four, changed by `prepare(series)`, then one invitee's attachment."""
    officer = OfficerFactory()
    series = _meeting(officer=officer, recurrence="weekly", recurrence_count=4)
    if prepare:
        prepare(series, officer)
    invitations.invite(series, acting_user=officer, users=[RepresentativeFactory()])
    (message,) = deliver()
    cal, _ = _ics(message)
    return series, cal.walk("VEVENT")


def _master(events):
    (master,) = [e for e in events if "RECURRENCE-ID" not in e]
    return master


def test_an_invitation_to_a_series_is_one_recurring_event_under_one_uid(deliver):
    from dateutil.rrule import rrulestr

    series, events = _series_invitation(deliver)

    assert {str(e["uid"]) for e in events} == {series.uid()}
    master = _master(events)
    rule = master["rrule"].to_ical().decode()
    expanded = list(rrulestr(rule, dtstart=master["dtstart"].dt))
    assert expanded == series.original_starts()


def test_an_invitation_to_a_series_excludes_a_cancelled_occurrence_with_exdate(deliver):
    def cancel_the_second(series, officer):
        second = series.occurrences()[1].original_start
        scheduling.cancel_occurrence(series, second, acting_user=officer)

    series, events = _series_invitation(deliver, cancel_the_second)

    assert {str(e["uid"]) for e in events} == {series.uid()}
    exdates = [d.dt for prop in [_master(events)["exdate"]] for d in prop.dts]
    assert exdates == [series.original_starts()[1]]


def test_an_invitation_to_a_series_changes_a_moved_occurrence_by_its_recurrence_id(deliver):
    def move_the_third(series, officer):
        third = series.occurrences()[2].original_start
        scheduling.move_occurrence(
            series,
            third,
            acting_user=officer,
            start=third + timedelta(days=1),
            end=third + timedelta(days=1, hours=2),
        )

    series, events = _series_invitation(deliver, move_the_third)

    (moved,) = [e for e in events if "RECURRENCE-ID" in e]
    third = series.original_starts()[2]
    assert str(moved["uid"]) == series.uid()
    assert moved["recurrence-id"].dt == third
    assert moved["dtstart"].dt == third + timedelta(days=1)


def test_a_notice_of_one_cancelled_occurrence_names_it_under_the_series_uid(deliver):
    officer = OfficerFactory()
    series = _meeting(
        officer=officer, recurrence="weekly", recurrence_count=4, users=[RepresentativeFactory()]
    )
    deliver()
    second = series.occurrences()[1].original_start

    scheduling.cancel_occurrence(series, second, acting_user=officer)
    (message,) = deliver()

    cal, mimetype = _ics(message)
    assert "method=CANCEL" in mimetype
    (event,) = cal.walk("VEVENT")
    assert str(event["uid"]) == series.uid()
    assert event["recurrence-id"].dt == second
    assert str(event["status"]) == "CANCELLED"


def test_a_series_invitation_keeps_its_wall_clock_time_across_a_change_of_offset(deliver, settings):
    from dateutil.rrule import rrulestr

    settings.TIME_ZONE = "Europe/Paris"  # 30 weeks always cross a change of summer time
    officer = OfficerFactory()
    series = _meeting(
        officer=officer, recurrence="weekly", recurrence_count=30, users=[RepresentativeFactory()]
    )

    (message,) = deliver()

    cal, _ = _ics(message)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    master = _master(cal.walk("VEVENT"))
    expanded = list(rrulestr(master["rrule"].to_ical().decode(), dtstart=master["dtstart"].dt))
    assert expanded == series.original_starts()
    assert len({o.astimezone(UTC).hour for o in expanded}) == 2


@pytest.mark.parametrize("visibility", ["invitees", "partners"])
def test_a_signed_out_invitee_follows_the_details_link_signs_in_and_lands_on_the_meeting(
    client, deliver, visibility
):
    invitee = RepresentativeFactory(email="awa@ccim.ml")
    meeting = _meeting(users=[invitee], visibility=visibility)
    (message,) = deliver()
    details = link_after("Détails\u00a0:", message)

    login = sign_in_page_for(client.get(details), details)

    landed = sign_in_from(client, login, invitee)
    assert landed["Location"] == details
    page = client.get(details)
    assert page.status_code == 200
    assert page.context["meeting"] == meeting


def test_a_signed_out_officer_lands_on_an_internal_meeting_after_the_second_factor(client, deliver):
    officer = OfficerFactory()
    meeting = _meeting(users=[officer], visibility="internal")
    (message,) = deliver()
    details = link_after("Détails\u00a0:", message)

    login = sign_in_page_for(client.get(details), details)

    assert sign_in_from(client, login, officer)["Location"] == details
    assert client.get(details).context["meeting"] == meeting


def test_someone_else_following_a_forwarded_details_link_gets_404_once_signed_in(client, deliver):
    _meeting(users=[RepresentativeFactory(email="awa@ccim.ml")], visibility="invitees")
    (message,) = deliver()
    details = link_after("Détails\u00a0:", message)
    outsider = RepresentativeFactory()

    login = sign_in_page_for(client.get(details), details)
    assert sign_in_from(client, login, outsider)["Location"] == details

    assert client.get(details).status_code == 404


def test_a_visitor_gets_the_same_answer_for_a_hidden_meeting_and_for_none(client):
    hidden = _meeting(visibility="invitees")
    missing = reverse("meetings:detail", args=[hidden.pk + 1000])

    for path in (hidden.get_absolute_url(), missing):
        sign_in_page_for(client.get(path), path)


def test_a_signed_out_invitee_reaches_an_occurrence_of_a_series_after_signing_in(client):
    invitee = RepresentativeFactory()
    series = _meeting(
        users=[invitee], visibility="invitees", recurrence="weekly", recurrence_count=4
    )
    occurrence = series.occurrences()[2].url

    login = sign_in_page_for(client.get(occurrence), occurrence)

    assert sign_in_from(client, login, invitee)["Location"] == occurrence
    assert client.get(occurrence).status_code == 200


# --- VALARM: the invitation reminds as the portal's e-mails would -----------------------------


def _alarms(message):
    cal, _ = _ics(message)
    (event,) = cal.walk("VEVENT")
    return sorted(-a["trigger"].dt for a in event.walk("VALARM"))


def test_an_invitation_carries_the_meetings_reminders_as_alarms(deliver):
    meeting = _meeting(users=[RepresentativeFactory()], reminder_offsets=[2 * 24 * 60, 30])

    (message,) = deliver()

    assert _alarms(message) == [timedelta(minutes=30), timedelta(days=2)]
    cal, _ = _ics(message)
    (alarm, _other) = cal.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert str(alarm["description"]) == meeting.title


def test_an_invitation_has_no_alarm_for_someone_who_opted_out_of_reminders(deliver):
    from portal.notifications import queue

    invitee = RepresentativeFactory()
    queue.set_reminders(invitee, enabled=False)
    _meeting(users=[invitee])

    (message,) = deliver()

    assert _alarms(message) == []


def test_an_invitation_to_a_meeting_without_reminders_has_no_alarm(deliver):
    _meeting(users=[RepresentativeFactory()], reminder_offsets=[])

    (message,) = deliver()

    assert _alarms(message) == []
