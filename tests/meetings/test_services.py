import pytest

from portal.meetings import services
from portal.meetings.models import Invitation
from portal.notifications.models import Notification
from tests.factories import OfficerFactory, RepresentativeFactory
from tests.meetings.factories import ContactFactory, OrganizationFactory, in_days

pytestmark = pytest.mark.django_db


def _meeting(**kwargs):
    fields = {"title": "Réunion", "start": in_days(4), "end": in_days(4, 11), "venue": "DGD"}
    fields.update(kwargs)
    return services.create_meeting(acting_user=OfficerFactory(), **fields)


def test_inviting_the_same_person_twice_makes_one_invitation_and_one_email():
    person = RepresentativeFactory()
    meeting = _meeting(users=[person])

    services.invite(meeting, acting_user=OfficerFactory(), users=[person])

    assert Invitation.objects.filter(meeting=meeting).count() == 1
    assert Notification.objects.filter(kind=services.INVITATION_KIND).count() == 1


def test_a_contact_with_an_account_is_invited_once_whether_as_user_or_contact():
    organization = OrganizationFactory()
    person = RepresentativeFactory()
    contact = ContactFactory(organization=organization, user=person, email=person.email)

    meeting = _meeting(users=[person], contacts=[contact], organizations=[organization])

    assert meeting.invitations.count() == 1


def test_a_cancelled_meeting_takes_no_more_invitees():
    meeting = _meeting()
    services.cancel_meeting(meeting, acting_user=OfficerFactory())

    with pytest.raises(services.MeetingError):
        services.invite(meeting, acting_user=OfficerFactory(), users=[RepresentativeFactory()])


def test_a_cancelled_meeting_cannot_be_rescheduled():
    meeting = _meeting()
    services.cancel_meeting(meeting, acting_user=OfficerFactory())

    with pytest.raises(services.MeetingError):
        services.update_meeting(meeting, acting_user=OfficerFactory(), title="Autre")


def test_a_change_of_agenda_alone_does_not_bother_the_invitees():
    meeting = _meeting(users=[RepresentativeFactory()])

    services.update_meeting(meeting, acting_user=OfficerFactory(), agenda="Point unique")

    meeting.refresh_from_db()
    assert meeting.sequence == 0
    assert not Notification.objects.filter(kind=services.NOTICE_KIND).exists()


def test_a_request_is_answered_only_once():
    requester = RepresentativeFactory()
    meeting_request = services.request_meeting(
        acting_user=requester, subject="Sujet", first_choice=in_days(8)
    )
    services.decline_request(meeting_request, acting_user=OfficerFactory(), reason="Non")

    with pytest.raises(services.MeetingError):
        services.accept_request(
            meeting_request,
            acting_user=OfficerFactory(),
            title="X",
            start=in_days(8),
            end=in_days(8, 11),
            venue="DGD",
        )


def test_detaching_the_same_occurrence_twice_returns_the_same_meeting():
    series = _meeting(recurrence="weekly", recurrence_count=2)
    first = series.occurrences()[0].original_start

    one = services.detach_occurrence(series, first, acting_user=OfficerFactory())
    two = services.detach_occurrence(series, first, acting_user=OfficerFactory())

    assert one.pk == two.pk


def test_making_a_meeting_internal_is_refused_naming_its_private_sector_invitees():
    organization = OrganizationFactory(name="Chambre de commerce")
    meeting = _meeting(organizations=[organization], users=[OfficerFactory()])

    with pytest.raises(services.MeetingError) as refused:
        services.update_meeting(meeting, acting_user=OfficerFactory(), visibility="internal")

    assert "Chambre de commerce" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.visibility != "internal"


def test_a_meeting_whose_invitees_are_all_officers_can_be_made_internal():
    meeting = _meeting(users=[OfficerFactory()])

    services.update_meeting(meeting, acting_user=OfficerFactory(), visibility="internal")

    meeting.refresh_from_db()
    assert meeting.visibility == "internal"


def test_accepting_a_request_as_an_internal_meeting_is_refused():
    meeting_request = services.request_meeting(
        acting_user=RepresentativeFactory(), subject="Sujet", first_choice=in_days(8)
    )

    with pytest.raises(services.MeetingError):
        services.accept_request(
            meeting_request,
            acting_user=OfficerFactory(),
            title="X",
            start=in_days(8),
            end=in_days(8, 11),
            venue="DGD",
            visibility="internal",
        )

    meeting_request.refresh_from_db()
    assert meeting_request.status == "pending"
