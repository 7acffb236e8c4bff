from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Forum, Registration, RegistrationEvent
from forums.services import attendance, editing, seats
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def register_many(forum, count):
    return [seats.register(forum, user=RepresentativeFactory()) for _ in range(count)]


def refresh(registrations):
    return [Registration.objects.get(pk=r.pk) for r in registrations]


def test_registrants_are_confirmed_until_the_forum_is_full_then_wait():
    forum = ForumFactory(capacity=3)

    registrations = register_many(forum, 5)

    assert [r.status for r in registrations] == [Status.CONFIRMED] * 3 + [Status.WAITING] * 2


def test_waiting_list_positions_follow_the_order_of_arrival():
    forum = ForumFactory(capacity=1)
    registrations = register_many(forum, 4)

    positions = dict(
        Registration.objects.with_position().filter(forum=forum).values_list("pk", "position")
    )

    assert [positions[r.pk] for r in registrations] == [None, 1, 2, 3]


def test_waitlisted_registrant_is_promoted_when_a_seat_frees():
    forum = ForumFactory(capacity=1)
    first, second = register_many(forum, 2)

    seats.cancel(first, acting_user=first.user)

    assert Registration.objects.get(pk=second.pk).status == Status.CONFIRMED


def test_promotion_follows_the_order_of_arrival_across_cancellations():
    forum = ForumFactory(capacity=2)
    a, b, c, d, e = register_many(forum, 5)

    seats.cancel(b, acting_user=b.user)
    assert [r.status for r in refresh([c, d, e])] == [
        Status.CONFIRMED,
        Status.WAITING,
        Status.WAITING,
    ]

    seats.cancel(a, acting_user=OfficerFactory())
    assert [r.status for r in refresh([d, e])] == [Status.CONFIRMED, Status.WAITING]


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    forum = ForumFactory(capacity=1)
    first, second, third = register_many(forum, 3)

    seats.cancel(second, acting_user=second.user)

    assert [r.status for r in refresh([first, second, third])] == [
        Status.CONFIRMED,
        Status.CANCELLED,
        Status.WAITING,
    ]


def test_registering_again_after_cancelling_goes_to_the_back_of_the_line():
    forum = ForumFactory(capacity=1)
    first, second = register_many(forum, 2)
    seats.cancel(first, acting_user=first.user)

    again = seats.register(forum, user=first.user)

    assert again.pk == first.pk
    assert again.status == Status.WAITING
    assert again.arrival > second.arrival


def test_registration_before_the_window_opens_is_refused():
    forum = ForumFactory(registration_opens_at=timezone.now() + timedelta(days=2))

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=RepresentativeFactory())

    assert refusal.value.code == "not_open"


def test_registration_after_the_window_closes_is_refused():
    forum = ForumFactory()

    with pytest.raises(seats.Refused) as refusal:
        seats.register(
            forum, user=RepresentativeFactory(), now=forum.registration_closes_at + timedelta(1)
        )

    assert refusal.value.code == "closed"


@pytest.mark.parametrize(
    "status, code",
    [
        (Forum.Status.DRAFT, "draft"),
        (Forum.Status.CANCELLED, "cancelled"),
        (Forum.Status.CLOSED, "closed"),
        (Forum.Status.HELD, "held"),
    ],
)
def test_registration_is_refused_unless_the_forum_is_published(status, code):
    forum = ForumFactory(status=status)

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=RepresentativeFactory())

    assert refusal.value.code == code


def test_registration_beyond_the_per_organisation_limit_is_refused():
    organization = OrganizationFactory(name="Groupement des Commerçants de Sikasso")
    forum = ForumFactory(per_organization_limit=2)
    for _ in range(2):
        seats.register(forum, user=representative_of(organization))

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=representative_of(organization))

    assert refusal.value.code == "organization_limit"
    assert "Groupement des Commerçants de Sikasso" in refusal.value.message


def test_waitlisted_registrations_count_towards_the_organisation_limit():
    organization = OrganizationFactory()
    forum = ForumFactory(capacity=1, per_organization_limit=2)
    seats.register(forum, user=RepresentativeFactory())
    seats.register(forum, user=representative_of(organization))
    seats.register(forum, user=representative_of(organization))

    with pytest.raises(seats.Refused):
        seats.register(forum, user=representative_of(organization))


def test_a_cancelled_registration_frees_its_organisations_place():
    organization = OrganizationFactory()
    forum = ForumFactory(per_organization_limit=1)
    first = seats.register(forum, user=representative_of(organization))
    seats.cancel(first, acting_user=first.user)

    second = seats.register(forum, user=representative_of(organization))

    assert second.status == Status.CONFIRMED


def test_registering_twice_is_refused():
    forum = ForumFactory()
    user = RepresentativeFactory()
    seats.register(forum, user=user)

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=user)

    assert refusal.value.code == "duplicate"
    assert Registration.objects.filter(forum=forum, user=user).count() == 1


def test_an_outsider_cannot_register_for_an_invited_only_forum():
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=RepresentativeFactory())

    assert refusal.value.code == "not_invited"


def test_a_representative_of_an_invited_organisation_may_register():
    organization = OrganizationFactory()
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    forum.invited_organizations.add(organization)

    registration = seats.register(forum, user=representative_of(organization))

    assert registration.status == Status.CONFIRMED
    assert registration.organization == organization


def test_online_attendance_is_refused_when_the_forum_has_no_online_link():
    forum = ForumFactory(online_url="")

    with pytest.raises(seats.Refused) as refusal:
        seats.register(
            forum, user=RepresentativeFactory(), attendance_mode=Registration.Mode.ONLINE
        )

    assert refusal.value.code == "mode"


def test_online_seats_are_counted_apart_from_seats_in_person():
    forum = ForumFactory(capacity=1, online_url="https://webinaire.example.ml/x", online_capacity=1)
    in_person = seats.register(forum, user=RepresentativeFactory())
    online = seats.register(
        forum, user=RepresentativeFactory(), attendance_mode=Registration.Mode.ONLINE
    )
    online_late = seats.register(
        forum, user=RepresentativeFactory(), attendance_mode=Registration.Mode.ONLINE
    )

    assert [in_person.status, online.status, online_late.status] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITING,
    ]


def test_a_full_session_cannot_be_chosen():
    from tests.forums.factories import SessionFactory

    forum = ForumFactory()
    session = SessionFactory(forum=forum, capacity=1, title="Atelier OEA")
    seats.register(forum, user=RepresentativeFactory(), sessions=[session])

    with pytest.raises(seats.Refused) as refusal:
        seats.register(forum, user=RepresentativeFactory(), sessions=[session])

    assert refusal.value.code == "session_full"
    assert "Atelier OEA" in refusal.value.message


def test_reserved_seats_are_kept_out_of_public_registration():
    forum = ForumFactory(capacity=3)
    seats.hold_seats(forum, seats=2, acting_user=OfficerFactory())

    first, second = register_many(forum, 2)

    assert [first.status, second.status] == [Status.CONFIRMED, Status.WAITING]


def test_a_guest_on_a_reserved_seat_is_confirmed_when_the_forum_is_full():
    officer = OfficerFactory()
    forum = ForumFactory(capacity=2)
    seats.hold_seats(forum, seats=1, acting_user=officer)
    register_many(forum, 2)

    guest = seats.register_guest(
        forum, acting_user=officer, name="Dr Awa Keïta", email="awa@bad.org", use_reserved_seat=True
    )

    forum.refresh_from_db()
    assert guest.status == Status.CONFIRMED
    assert forum.reserved_seats == 0
    assert Registration.objects.filter(forum=forum).seated().count() == 2


def test_no_reserved_seat_left_is_refused():
    forum = ForumFactory()

    with pytest.raises(seats.Refused) as refusal:
        seats.register_guest(
            forum, acting_user=OfficerFactory(), name="Invité", use_reserved_seat=True
        )

    assert refusal.value.code == "reserved"


def test_a_guest_without_an_account_is_registered_by_name_and_email():
    guest = seats.register_guest(
        ForumFactory(),
        acting_user=OfficerFactory(),
        name="M. Seydou Bathily",
        email="SB@exemple.ml",
    )

    assert guest.user is None
    assert (guest.person_name, guest.email) == ("M. Seydou Bathily", "sb@exemple.ml")
    assert guest.is_guest


def test_a_guest_whose_email_has_an_account_is_tied_to_it():
    user = RepresentativeFactory(email="oumar@ccim.ml")

    guest = seats.register_guest(
        ForumFactory(), acting_user=OfficerFactory(), name="Oumar", email="Oumar@CCIM.ml"
    )

    assert guest.user == user


def test_the_same_guest_email_cannot_be_registered_twice():
    forum = ForumFactory()
    officer = OfficerFactory()
    seats.register_guest(forum, acting_user=officer, name="A", email="a@exemple.ml")

    with pytest.raises(seats.Refused) as refusal:
        seats.register_guest(forum, acting_user=officer, name="A bis", email="A@exemple.ml")

    assert refusal.value.code == "duplicate"


def test_releasing_reserved_seats_promotes_the_waiting_list():
    officer = OfficerFactory()
    forum = ForumFactory(capacity=2)
    seats.hold_seats(forum, seats=1, acting_user=officer)
    first, second, third = register_many(forum, 3)

    seats.hold_seats(forum, seats=0, acting_user=officer)

    assert [r.status for r in refresh([second, third])] == [Status.CONFIRMED, Status.WAITING]


def test_holding_more_seats_than_are_free_is_refused():
    forum = ForumFactory(capacity=2)
    register_many(forum, 1)

    with pytest.raises(seats.Refused):
        seats.hold_seats(forum, seats=2, acting_user=OfficerFactory())


def test_the_capacity_cannot_drop_below_the_seats_taken():
    forum = ForumFactory(capacity=3)
    register_many(forum, 2)
    forum.capacity = 1

    with pytest.raises(editing.Refused) as refusal:
        editing.save_forum(forum, acting_user=OfficerFactory())

    assert refusal.value.code == "capacity"
    assert Forum.objects.get(pk=forum.pk).capacity == 3


def test_more_seats_promote_the_waiting_list_in_order():
    forum = ForumFactory(capacity=1)
    first, second, third = register_many(forum, 3)
    forum.capacity = 2

    editing.save_forum(forum, acting_user=OfficerFactory())

    assert [r.status for r in refresh([second, third])] == [Status.CONFIRMED, Status.WAITING]


def test_every_status_change_is_recorded_with_who_and_when():
    officer = OfficerFactory()
    forum = ForumFactory(capacity=1)
    first, second = register_many(forum, 2)

    seats.cancel(first, acting_user=officer, note="absent")

    first_events = list(
        RegistrationEvent.objects.filter(registration=first).values_list(
            "from_status", "to_status", "actor"
        )
    )
    second_events = list(
        RegistrationEvent.objects.filter(registration=second).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert first_events == [
        ("", Status.CONFIRMED, first.user.pk),
        (Status.CONFIRMED, Status.CANCELLED, officer.pk),
    ]
    assert second_events == [
        ("", Status.WAITING, second.user.pk),
        (Status.WAITING, Status.CONFIRMED, officer.pk),
    ]
    assert RegistrationEvent.objects.filter(note="absent").get().at is not None


def test_a_person_cannot_cancel_once_the_forum_has_started():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())

    with pytest.raises(seats.Refused) as refusal:
        seats.cancel(
            registration, acting_user=registration.user, now=forum.start + timedelta(minutes=5)
        )

    assert refusal.value.code == "started"


def test_an_attended_registration_cannot_be_cancelled():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=OfficerFactory(), now=forum.start)

    with pytest.raises(seats.Refused) as refusal:
        seats.cancel(registration, acting_user=OfficerFactory())

    assert refusal.value.code == "attended"


# --- Check-in ---------------------------------------------------------------------------


def test_a_valid_code_checks_the_person_in():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(full_name="Awa Traoré"))
    staff = OfficerFactory()

    result = attendance.check_in(
        forum, registration.display_code, acting_user=staff, now=forum.start
    )

    registration.refresh_from_db()
    assert result.ok
    assert "Awa Traoré" in result.message
    assert registration.status == Status.ATTENDED
    assert registration.checked_in_by == staff


def test_typing_is_forgiving_about_case_spaces_and_hyphens():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    typed = f" {registration.code[:4].lower()} {registration.code[4:].lower()} "

    result = attendance.check_in(forum, typed, acting_user=OfficerFactory(), now=forum.start)

    assert result.ok


def test_an_unknown_code_is_reported_clearly():
    forum = ForumFactory()

    result = attendance.check_in(forum, "ZZZZ-ZZZZ", acting_user=OfficerFactory(), now=forum.start)

    assert result.outcome == "unknown"
    assert "ZZZZ-ZZZZ" in result.message


def test_a_cancelled_registrations_code_is_refused():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    seats.cancel(registration, acting_user=registration.user)

    result = attendance.check_in(
        forum, registration.code, acting_user=OfficerFactory(), now=forum.start
    )

    assert result.outcome == "cancelled"
    assert Registration.objects.get(pk=registration.pk).status == Status.CANCELLED


def test_a_code_used_twice_is_refused_the_second_time():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    staff = OfficerFactory()
    attendance.check_in(forum, registration.code, acting_user=staff, now=forum.start)

    result = attendance.check_in(forum, registration.code, acting_user=staff, now=forum.start)

    assert result.outcome == "already_used"
    assert (
        RegistrationEvent.objects.filter(registration=registration, to_status="attended").count()
        == 1
    )


def test_a_waitlisted_persons_code_is_refused():
    forum = ForumFactory(capacity=1)
    _first, waiting = register_many(forum, 2)

    result = attendance.check_in(forum, waiting.code, acting_user=OfficerFactory(), now=forum.start)

    assert result.outcome == "waiting"


def test_a_code_for_another_forum_is_refused():
    registration = seats.register(ForumFactory(), user=RepresentativeFactory())
    forum = ForumFactory()

    result = attendance.check_in(
        forum, registration.code, acting_user=OfficerFactory(), now=forum.start
    )

    assert result.outcome == "other_forum"


# --- Forum status ----------------------------------------------------------


def _attended(forum):
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=OfficerFactory(), now=forum.start)
    return registration


def test_a_forum_is_published_from_draft_but_a_held_one_stays_held():
    officer = OfficerFactory()
    forum = ForumFactory(status=Forum.Status.DRAFT)

    editing.set_forum_status(forum, Forum.Status.PUBLISHED, acting_user=officer)
    held = ForumFactory(status=Forum.Status.HELD)

    assert Forum.objects.get(pk=forum.pk).status == Forum.Status.PUBLISHED
    with pytest.raises(editing.Refused):
        editing.set_forum_status(held, Forum.Status.PUBLISHED, acting_user=officer)


def test_a_new_forum_starts_as_a_draft_made_by_the_officer():
    officer = OfficerFactory()
    forum = ForumFactory.build(status=Forum.Status.PUBLISHED)

    editing.save_forum(forum, acting_user=officer)

    forum.refresh_from_db()
    assert forum.status == Forum.Status.DRAFT
    assert forum.created_by == officer
    assert forum.history.first().history_user == officer
