from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, Registration, RegistrationEvent
from forums.services import attendance, seats
from tests.factories import (
    CheckinStaffFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory, ForumTodayFactory

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


@pytest.fixture
def staff(client):
    user = CheckinStaffFactory(language="en")
    client.force_login(user)
    return user


def checkin_url(forum):
    return reverse("forums:checkin", args=[forum.slug])


def test_check_in_staff_check_a_person_in_by_typing_the_code(client, staff):
    forum = ForumTodayFactory()
    registration = seats.register(forum, user=RepresentativeFactory(full_name="Awa Traoré"))

    response = client.post(checkin_url(forum), {"code": registration.code.lower()})

    assert "Welcome, Awa Traoré" in body(response)
    assert Registration.objects.get(pk=registration.pk).status == "attended"


@pytest.mark.parametrize(
    "case, text",
    [
        ("unknown", "Unknown code"),
        ("cancelled", "was cancelled"),
        ("reused", "Code already used"),
    ],
)
def test_the_check_in_page_says_clearly_why_a_code_is_refused(client, staff, case, text):
    forum = ForumTodayFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    code = registration.code
    if case == "unknown":
        code = "ZZZZ-ZZZZ"
    elif case == "cancelled":
        before = forum.start - timedelta(hours=1)
        seats.cancel(registration, acting_user=registration.user, now=before)
    else:
        attendance.check_in(forum, code, acting_user=staff)

    response = client.post(checkin_url(forum), {"code": code})

    assert text in body(response)
    assert "alert-success" not in body(response)


def test_the_check_in_page_shows_live_counts(client, staff):
    forum = ForumTodayFactory(capacity=2)
    for _ in range(3):
        seats.register(forum, user=RepresentativeFactory())
    first = Registration.objects.filter(forum=forum).order_by("arrival").first()
    attendance.check_in(forum, first.code, acting_user=staff)

    response = client.get(reverse("forums:checkin_counts", args=[forum.slug]))

    counts = response.context["forum"]
    assert (counts.confirmed_count, counts.attended_count, counts.waiting_count) == (1, 1, 1)


def test_the_check_in_page_works_without_javascript_and_loads_the_camera_helper(client, staff):
    forum = ForumTodayFactory()

    page = body(client.get(checkin_url(forum)))

    assert 'name="code"' in page and 'method="post"' in page
    assert 'name="q"' in page and 'method="get"' in page
    assert "js/checkin.js" in page
    assert "<script>" not in page


def test_a_draft_forum_has_no_check_in(client, staff):
    forum = ForumFactory(status=Forum.Status.DRAFT)

    assert client.get(checkin_url(forum)).status_code == 404


def test_check_in_staff_choose_among_the_coming_forums(client, staff):
    ForumFactory(title="Forum JID 2027")

    assert "Forum JID 2027" in body(client.get(reverse("forums:checkin_home")))


# --- The window around the forum's days -------------------------------------------------


def at_bamako(*args):
    # Bamako keeps UTC all year.
    return datetime(*args, tzinfo=dt_timezone.utc)


def test_a_code_is_refused_before_the_door_opens_with_the_day_and_time_it_opens(settings):
    settings.CHECKIN_OPENS_HOURS_BEFORE = 24
    forum = ForumFactory(start=at_bamako(2027, 1, 26, 8, 30), end=at_bamako(2027, 1, 26, 17, 0))
    forum.registration_opens_at = at_bamako(2026, 11, 1, 8, 0)
    forum.registration_closes_at = at_bamako(2027, 1, 20, 8, 0)
    forum.save()
    registration = seats.register(
        forum, user=RepresentativeFactory(), now=at_bamako(2026, 12, 1, 9, 0)
    )

    result = attendance.check_in(
        forum, registration.code, acting_user=CheckinStaffFactory(), now=at_bamako(2026, 12, 5)
    )

    assert result.outcome == "not_open_yet" and not result.ok
    # The door opens a day before the forum, at 08:30 (the portal speaks French by default).
    assert result.message == "L’émargement à ce forum ouvre le 25 janvier 2027 à 08:30."
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_a_code_is_refused_after_the_door_closes_and_accepted_inside(settings):
    settings.CHECKIN_CLOSES_HOURS_AFTER = 6
    forum = ForumFactory(start=at_bamako(2027, 1, 26, 8, 30), end=at_bamako(2027, 1, 26, 17, 0))
    forum.registration_opens_at = at_bamako(2026, 11, 1, 8, 0)
    forum.registration_closes_at = at_bamako(2027, 1, 20, 8, 0)
    forum.save()
    late, on_time = (
        seats.register(forum, user=RepresentativeFactory(), now=at_bamako(2026, 12, 1, 9, 0))
        for _ in range(2)
    )
    staff = CheckinStaffFactory()

    refused = attendance.check_in(
        forum, late.code, acting_user=staff, now=at_bamako(2027, 1, 26, 23, 1)
    )
    accepted = attendance.check_in(
        forum, on_time.code, acting_user=staff, now=at_bamako(2027, 1, 26, 22, 59)
    )

    assert refused.outcome == "closed"
    assert refused.message == "L’émargement à ce forum s’est clos le 26 janvier 2027 à 23:00."
    assert accepted.ok
    assert Registration.objects.get(pk=late.pk).status == "confirmed"


def test_the_door_page_shows_its_window_and_says_in_french_when_it_opens(client):
    forum = ForumFactory(start=at_bamako(2030, 1, 26, 8, 30), end=at_bamako(2030, 1, 26, 17, 0))
    registration = seats.register(forum, user=RepresentativeFactory())
    client.force_login(CheckinStaffFactory(language="fr"))

    page = body(client.get(checkin_url(forum)))
    refused = body(client.post(checkin_url(forum), {"code": registration.code}))

    assert "L’émargement est ouvert du 25 janvier 2030 08:30 au 26 janvier 2030 23:00." in page
    assert "L’émargement à ce forum ouvre le 25 janvier 2030 à 08:30." in page
    assert "ouvre le 25 janvier 2030 à 08:30" in refused and "alert-warning" in refused
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


# --- Finding someone who lost their code --------------------------------------------------


@pytest.fixture
def door(staff):
    """A forum under way with people of every status, and one of another forum."""
    forum = ForumTodayFactory(capacity=3)
    ccim = OrganizationFactory(name="Chambre de Commerce et d’Industrie du Mali", acronym="CCIM")
    people = {
        "awa": representative_of(ccim, full_name="Awa Traoré", email="awa@ccim.ml"),
        "seydou": RepresentativeFactory(full_name="Seydou Kéita", email="s.keita@transit.ml"),
        "moussa": RepresentativeFactory(full_name="Moussa Traoré", email="moussa@exemple.ml"),
        "fanta": RepresentativeFactory(full_name="Fanta Traoré", email="fanta@exemple.ml"),
        "oumar": RepresentativeFactory(full_name="Oumar Traoré", email="oumar@exemple.ml"),
    }
    registrations = {key: seats.register(forum, user=user) for key, user in people.items()}
    seats.cancel(
        registrations["moussa"],
        acting_user=people["moussa"],
        now=forum.start - timedelta(hours=1),
    )
    assert registrations["oumar"].status == "waiting"
    elsewhere = ForumTodayFactory()
    registrations["other"] = seats.register(
        elsewhere, user=RepresentativeFactory(full_name="Bakary Traoré")
    )
    return forum, registrations


def names_found(response):
    found = response.context["found"]
    return sorted(registration.person_name for registration in found)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("traore", ["Awa Traoré", "Fanta Traoré"]),  # no accent typed, case ignored
        ("TRAORÉ", ["Awa Traoré", "Fanta Traoré"]),
        ("keit", ["Seydou Kéita"]),  # part of the name
        ("commerce", ["Awa Traoré"]),  # the organisation's name
        ("ccim", ["Awa Traoré"]),  # its acronym
        ("TRANSIT.ML", ["Seydou Kéita"]),  # the e-mail
        ("fanta traoré", ["Fanta Traoré"]),  # every word must match
        ("diarra", []),
    ],
)
def test_the_search_finds_confirmed_people_of_the_forum_only(client, door, typed, expected):
    forum, _registrations = door

    response = client.get(checkin_url(forum), {"q": typed})

    assert names_found(response) == expected


def test_the_search_says_when_nobody_matches_and_keeps_what_was_typed(client, door):
    forum, _registrations = door

    page = body(client.get(checkin_url(forum), {"q": "Diarra"}))

    assert "No confirmed registration of this forum matches “Diarra”." in page
    assert 'value="Diarra"' in page


def test_the_search_shows_a_capped_list_and_says_so(client, staff, monkeypatch):
    from forums.views import checkin

    monkeypatch.setattr(checkin, "SEARCH_LIMIT", 2)
    forum = ForumTodayFactory()
    for name in ("Ali Coulibaly", "Binta Coulibaly", "Cheick Coulibaly"):
        seats.register(forum, user=RepresentativeFactory(full_name=name))

    response = client.get(checkin_url(forum), {"q": "coulibaly"})

    assert names_found(response) == ["Ali Coulibaly", "Binta Coulibaly"]
    assert "Only the first 2 people found are shown: type more of the name." in body(response)


def test_a_person_found_by_name_is_checked_in_through_the_same_rules(client, staff, door):
    forum, registrations = door
    awa = registrations["awa"]
    url = reverse("forums:checkin_person", args=[forum.slug, awa.pk])

    first = client.post(url, {"q": "traore"})
    again = client.post(url, {"q": "traore"})

    assert "Welcome, Awa Traoré (CCIM): checked in." in body(first)
    assert "Awa Traoré is already checked in, since" in body(again)
    assert RegistrationEvent.objects.filter(registration=awa, to_status="attended").count() == 1
    # The search is still there, with the person now shown as checked in.
    assert names_found(again) == ["Awa Traoré", "Fanta Traoré"]
    assert "Checked in at" in body(again)


def test_a_waitlisted_or_cancelled_person_or_one_of_another_forum_cannot_be_checked_in(
    client, door
):
    forum, registrations = door

    waiting = client.post(
        reverse("forums:checkin_person", args=[forum.slug, registrations["oumar"].pk])
    )
    cancelled = client.post(
        reverse("forums:checkin_person", args=[forum.slug, registrations["moussa"].pk])
    )
    other = client.post(
        reverse("forums:checkin_person", args=[forum.slug, registrations["other"].pk])
    )

    assert "is on the waiting list" in body(waiting)
    assert "was cancelled" in body(cancelled)
    assert other.status_code == 404
    assert not Registration.objects.filter(status="attended").exists()


def test_a_person_found_by_name_is_refused_outside_the_window(client, staff):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())

    response = client.post(reverse("forums:checkin_person", args=[forum.slug, registration.pk]))

    assert "Check-in for this forum opens on" in body(response)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


# --- Undoing a mistaken check-in ----------------------------------------------------------


def test_a_check_in_is_undone_the_counts_go_back_and_the_person_can_come_in_again(
    client, staff, door
):
    forum, registrations = door
    awa = registrations["awa"]
    checked = client.post(checkin_url(forum), {"code": awa.code})
    assert reverse("forums:checkin_undo", args=[forum.slug, awa.pk]) in body(checked)

    undone = client.post(reverse("forums:checkin_undo", args=[forum.slug, awa.pk]))

    assert "Check-in of Awa Traoré undone: the person is expected again." in body(undone)
    # The page answers at the undo's address: its forms go back to the door's.
    assert f'action="{checkin_url(forum)}" id="checkin-form"' in body(undone)
    assert f'method="get" action="{checkin_url(forum)}"' in body(undone)
    counts = undone.context["forum"]
    assert (counts.confirmed_count, counts.attended_count) == (3, 0)
    awa.refresh_from_db()
    assert (awa.status, awa.checked_in_at, awa.checked_in_by) == ("confirmed", None, None)
    # The log keeps the check-in and says who undid it and when.
    events = list(awa.events.order_by("at", "pk").values_list("from_status", "to_status", "actor"))
    assert events[-2:] == [("confirmed", "attended", staff.pk), ("attended", "confirmed", staff.pk)]

    again = client.post(checkin_url(forum), {"code": awa.code})

    assert "Welcome, Awa Traoré" in body(again)
    assert again.context["forum"].attended_count == 1


def test_the_latest_check_ins_are_listed_with_their_undo(client, staff, door):
    forum, registrations = door
    attendance.check_in(forum, registrations["seydou"].code, acting_user=staff)

    page = body(client.get(checkin_url(forum)))

    assert "Latest check-ins" in page and "Seydou Kéita" in page
    assert reverse("forums:checkin_undo", args=[forum.slug, registrations["seydou"].pk]) in page


def test_undoing_someone_not_checked_in_changes_nothing(client, staff, door):
    forum, registrations = door

    response = client.post(
        reverse("forums:checkin_undo", args=[forum.slug, registrations["fanta"].pk])
    )

    assert "there is nothing to undo" in body(response)
    assert Registration.objects.get(pk=registrations["fanta"].pk).status == "confirmed"


def test_undo_is_refused_once_the_door_has_closed(client, staff, settings):
    forum = ForumTodayFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=staff)
    Forum.objects.filter(pk=forum.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )

    response = client.post(reverse("forums:checkin_undo", args=[forum.slug, registration.pk]))

    assert "Check-in for this forum closed on" in body(response)
    assert Registration.objects.get(pk=registration.pk).status == "attended"


@pytest.mark.parametrize("who", ["representative", "none"])
def test_only_check_in_staff_may_check_in_by_name_or_undo(client, who):
    forum = ForumTodayFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=CheckinStaffFactory())
    other = seats.register(forum, user=RepresentativeFactory())
    if who == "representative":
        client.force_login(registration.user)

    undo = client.post(reverse("forums:checkin_undo", args=[forum.slug, registration.pk]))
    person = client.post(reverse("forums:checkin_person", args=[forum.slug, other.pk]))

    expected = 404 if who == "representative" else 302
    assert (undo.status_code, person.status_code) == (expected, expected)
    assert Registration.objects.get(pk=registration.pk).status == "attended"
    assert Registration.objects.get(pk=other.pk).status == "confirmed"


def test_the_undo_service_refuses_anyone_but_check_in_staff():
    from django.core.exceptions import PermissionDenied

    forum = ForumTodayFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=CheckinStaffFactory())

    with pytest.raises(PermissionDenied):
        attendance.undo_check_in(forum, registration.pk, acting_user=registration.user)
