from datetime import timedelta

import pytest

from meetings.models import Invitation
from meetings.services import invitations, reminders, requests, scheduling
from portal.notifications.models import Notification
from tests.factories import (
    CheckinStaffFactory,
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from tests.meetings.factories import in_days

pytestmark = pytest.mark.django_db


def _meeting(**kwargs):
    fields = {"title": "Réunion", "start": in_days(4), "end": in_days(4, 11), "venue": "DGD"}
    fields.update(kwargs)
    return scheduling.create_meeting(acting_user=OfficerFactory(), **fields)


def test_inviting_the_same_person_twice_makes_one_invitation_and_one_email():
    person = RepresentativeFactory()
    meeting = _meeting(users=[person])

    invitations.invite(meeting, acting_user=OfficerFactory(), users=[person])

    assert Invitation.objects.filter(meeting=meeting).count() == 1
    assert Notification.objects.filter(kind=invitations.INVITATION_KIND).count() == 1


def test_a_contact_with_an_account_is_invited_once_whether_as_user_or_contact():
    organization = OrganizationFactory()
    person = RepresentativeFactory()
    contact = ContactFactory(organization=organization, user=person, email=person.email)

    meeting = _meeting(users=[person], contacts=[contact], organizations=[organization])

    assert meeting.invitations.count() == 1


def test_a_cancelled_meeting_takes_no_more_invitees():
    meeting = _meeting()
    scheduling.cancel_meeting(meeting, acting_user=OfficerFactory())

    with pytest.raises(invitations.MeetingError):
        invitations.invite(meeting, acting_user=OfficerFactory(), users=[RepresentativeFactory()])


def test_a_cancelled_meeting_cannot_be_rescheduled():
    meeting = _meeting()
    scheduling.cancel_meeting(meeting, acting_user=OfficerFactory())

    with pytest.raises(scheduling.MeetingError):
        scheduling.update_meeting(meeting, acting_user=OfficerFactory(), title="Autre")


def test_a_change_of_agenda_alone_does_not_bother_the_invitees():
    meeting = _meeting(users=[RepresentativeFactory()])

    scheduling.update_meeting(meeting, acting_user=OfficerFactory(), agenda="Point unique")

    meeting.refresh_from_db()
    assert meeting.sequence == 0
    assert not Notification.objects.filter(kind=scheduling.NOTICE_KIND).exists()


def test_a_request_is_answered_only_once():
    requester = RepresentativeFactory()
    meeting_request = requests.request_meeting(
        acting_user=requester, subject="Sujet", first_choice=in_days(8)
    )
    requests.decline_request(meeting_request, acting_user=OfficerFactory(), reason="Non")

    with pytest.raises(requests.MeetingError):
        requests.accept_request(
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

    one = scheduling.detach_occurrence(series, first, acting_user=OfficerFactory())
    two = scheduling.detach_occurrence(series, first, acting_user=OfficerFactory())

    assert one.pk == two.pk


def test_making_a_meeting_internal_is_refused_naming_its_private_sector_invitees():
    organization = OrganizationFactory(name="Chambre de commerce")
    meeting = _meeting(organizations=[organization], users=[OfficerFactory()])

    with pytest.raises(scheduling.MeetingError) as refused:
        scheduling.update_meeting(meeting, acting_user=OfficerFactory(), visibility="internal")

    assert "Chambre de commerce" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.visibility != "internal"


def test_a_meeting_whose_invitees_are_all_officers_can_be_made_internal():
    meeting = _meeting(users=[OfficerFactory()])

    scheduling.update_meeting(meeting, acting_user=OfficerFactory(), visibility="internal")

    meeting.refresh_from_db()
    assert meeting.visibility == "internal"


def test_check_in_staff_are_not_officers_an_internal_meeting_may_invite():
    # They would be invited to a meeting they may not see (visible_to: officers only).
    meeting = _meeting(users=[OfficerFactory(), CheckinStaffFactory(full_name="Sidi Accueil")])

    with pytest.raises(scheduling.MeetingError) as refused:
        scheduling.update_meeting(meeting, acting_user=OfficerFactory(), visibility="internal")

    assert "Sidi Accueil" in refused.value.message


def test_accepting_a_request_as_an_internal_meeting_is_refused():
    meeting_request = requests.request_meeting(
        acting_user=RepresentativeFactory(), subject="Sujet", first_choice=in_days(8)
    )

    with pytest.raises(requests.MeetingError):
        requests.accept_request(
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


def _series(**kwargs):
    fields = {
        "start": in_days(7),
        "end": in_days(7, 11),
        "recurrence": "weekly",
        "recurrence_count": 4,
        "users": [RepresentativeFactory()],
    }
    fields.update(kwargs)
    return _meeting(**fields)


def _an_hour_later(series):
    return scheduling.update_meeting(
        series,
        acting_user=OfficerFactory(),
        start=series.start + timedelta(hours=1),
        end=series.end + timedelta(hours=1),
    )


def _pending_reminders_at(occurrence_start):
    return Notification.objects.filter(
        kind=reminders.REMINDER_KIND, status="pending", occurrence=occurrence_start
    )


def test_rescheduling_a_series_keeps_its_cancelled_occurrence_cancelled_without_reminders():
    series = _series()
    second = series.occurrences()[1].original_start
    scheduling.cancel_occurrence(series, second, acting_user=OfficerFactory())

    series = _an_hour_later(series)

    occurrence = series.occurrences()[1]
    assert occurrence.start == second + timedelta(hours=1)
    assert occurrence.cancelled
    assert not _pending_reminders_at(occurrence.start).exists()
    assert _pending_reminders_at(series.occurrences()[2].start).count() == 2


def test_rescheduling_a_series_keeps_its_moved_occurrence_where_it_was_moved():
    series = _series()
    second = series.occurrences()[1].original_start
    scheduling.move_occurrence(
        series,
        second,
        acting_user=OfficerFactory(),
        start=second + timedelta(days=2),
        end=second + timedelta(days=2, hours=1),
    )

    series = _an_hour_later(series)

    starts = [o.start for o in series.occurrences()]
    assert second + timedelta(days=2) in starts
    assert second + timedelta(hours=1) not in starts
    assert _pending_reminders_at(second + timedelta(days=2)).count() == 2


def test_rescheduling_a_series_leaves_an_occurrence_held_on_its_own_out_of_the_series():
    series = _series()
    second = series.occurrences()[1].original_start
    held = scheduling.detach_occurrence(series, second, acting_user=OfficerFactory())

    series = _an_hour_later(series)

    assert len(series.occurrences()) == 3
    held.refresh_from_db()
    assert held.series_occurrence == second + timedelta(hours=1)
    assert held.uid() == series.uid()
    assert not _pending_reminders_at(second + timedelta(hours=1)).exists()


def test_moving_a_series_by_a_week_carries_its_adjacent_cancelled_occurrences():
    series = _series(recurrence_count=5)
    first, second = [o.original_start for o in series.occurrences()[:2]]
    scheduling.cancel_occurrence(series, first, acting_user=OfficerFactory())
    scheduling.cancel_occurrence(series, second, acting_user=OfficerFactory())

    series = scheduling.update_meeting(
        series,
        acting_user=OfficerFactory(),
        start=series.start + timedelta(days=7),
        end=series.end + timedelta(days=7),
    )

    cancelled = [o.start for o in series.occurrences() if o.cancelled]
    assert cancelled == [second, second + timedelta(days=7)]


def test_shortening_a_series_past_a_moved_occurrence_is_refused():
    series = _series()
    last = series.occurrences()[-1].original_start
    scheduling.move_occurrence(
        series,
        last,
        acting_user=OfficerFactory(),
        start=last + timedelta(days=1),
        end=last + timedelta(days=1, hours=1),
    )

    with pytest.raises(scheduling.MeetingError) as refused:
        scheduling.update_meeting(series, acting_user=OfficerFactory(), recurrence_count=2)

    assert refused.value.message
    series.refresh_from_db()
    assert series.recurrence_count == 4


def test_shortening_a_series_drops_a_cancelled_occurrence_it_no_longer_has():
    series = _series()
    last = series.occurrences()[-1].original_start
    scheduling.cancel_occurrence(series, last, acting_user=OfficerFactory())

    series = scheduling.update_meeting(series, acting_user=OfficerFactory(), recurrence_count=2)

    assert not series.exceptions.exists()
    assert len(series.occurrences()) == 2
