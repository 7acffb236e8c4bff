"""A consultation on the agenda of a meeting or of a forum session.

A link is shown only to a viewer who may see both ends: the meeting (or forum) and the
consultation; a representative never learns the title of a consultation not meant for them.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from consultations import agenda
from consultations.models import Consultation
from consultations.services import comments
from forums.models import Forum, Session
from meetings.models import Meeting
from meetings.services import scheduling
from tests.consultations import factories as f
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.forums.factories import ForumFactory, SessionFactory
from tests.meetings.factories import MeetingFactory, in_days

pytestmark = pytest.mark.django_db

PUBLIC_TEXT = "Projet d’instruction sur le dédouanement"
INVITED_TEXT = "Projet de note sur le transit (réservé)"
DRAFT_TEXT = "Brouillon interne sur les valeurs en douane"


class Scene:
    pass


@pytest.fixture
def scene():
    """Three consultations (public, invited-only for one organisation, draft); a partner of
    the invited organisation, a partner of another one, an officer."""
    s = Scene()
    s.officer = OfficerFactory()
    s.invited = OrganizationFactory()
    s.other = OrganizationFactory()
    s.invited_rep = representative_of(s.invited)
    s.other_rep = representative_of(s.other)
    s.public = f.opened(s.officer, title=PUBLIC_TEXT)
    s.reserved = f.opened(
        s.officer,
        title=INVITED_TEXT,
        audience=Consultation.Audience.INVITED,
        invited_organizations=[s.invited],
    )
    s.draft = f.draft(s.officer, title=DRAFT_TEXT)
    s.all = [s.public, s.reserved, s.draft]
    return s


def page(client, user, url):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def titles_shown(content):
    return {title for title in (PUBLIC_TEXT, INVITED_TEXT, DRAFT_TEXT) if title in content}


def link(consultation):
    return f'href="{consultation.get_absolute_url()}"'


# --- Meeting and forum pages ------------------------------------------------------------


def test_the_meeting_page_links_only_the_consultations_the_viewer_may_see(client, scene):
    meeting = MeetingFactory(visibility=Meeting.Visibility.PUBLIC)
    meeting.consultations.set(scene.all)
    url = meeting.get_absolute_url()

    assert titles_shown(page(client, None, url)) == {PUBLIC_TEXT}
    assert titles_shown(page(client, scene.other_rep, url)) == {PUBLIC_TEXT}
    assert titles_shown(page(client, scene.invited_rep, url)) == {PUBLIC_TEXT, INVITED_TEXT}
    content = page(client, scene.officer, url)
    assert titles_shown(content) == {PUBLIC_TEXT, INVITED_TEXT, DRAFT_TEXT}
    assert "À l’ordre du jour\u00a0: consultation" in content
    assert link(scene.reserved) in content


def test_no_link_leaks_the_address_of_a_consultation_the_viewer_may_not_see(client, scene):
    meeting = MeetingFactory(visibility=Meeting.Visibility.PUBLIC)
    meeting.consultations.set([scene.reserved, scene.draft])

    content = page(client, scene.other_rep, meeting.get_absolute_url())

    assert link(scene.reserved) not in content and link(scene.draft) not in content
    assert "À l’ordre du jour" not in content


def test_an_occurrence_page_shows_the_series_agenda(client, scene):
    series = MeetingFactory(recurrence="weekly", recurrence_count=4)
    series.consultations.set([scene.public])
    occurrence = series.occurrences()[1]

    content = page(client, scene.other_rep, occurrence.url)

    assert link(scene.public) in content


def test_the_forum_programme_links_only_the_consultations_the_viewer_may_see(client, scene):
    forum = ForumFactory()
    SessionFactory(forum=forum, title="Table ronde").consultations.set(scene.all)

    for url in (forum.get_absolute_url(), reverse("forums:programme", args=[forum.slug])):
        assert titles_shown(page(client, None, url)) == {PUBLIC_TEXT}
        assert titles_shown(page(client, scene.other_rep, url)) == {PUBLIC_TEXT}
        assert titles_shown(page(client, scene.invited_rep, url)) == {PUBLIC_TEXT, INVITED_TEXT}
        assert titles_shown(page(client, scene.officer, url)) == {
            PUBLIC_TEXT,
            INVITED_TEXT,
            DRAFT_TEXT,
        }


# --- The consultation's page ------------------------------------------------------------


@pytest.fixture
def discussed(scene):
    """The invited-only consultation on the agenda of meetings and sessions of each kind."""
    s = scene
    s.public_meeting = MeetingFactory(title="Réunion plénière ouverte")
    s.internal_meeting = MeetingFactory(
        title="Réunion interne de préparation", visibility=Meeting.Visibility.INTERNAL
    )
    s.closed_meeting = MeetingFactory(
        title="Réunion bilatérale restreinte", visibility=Meeting.Visibility.INVITEES
    )
    s.public_session = SessionFactory(title="Atelier transit", forum=ForumFactory())
    s.hidden_session = SessionFactory(
        title="Atelier réservé",
        forum=ForumFactory(title="Forum sur invitation", visibility=Forum.Visibility.INVITED),
    )
    s.draft_forum_session = SessionFactory(
        title="Atelier en préparation",
        forum=ForumFactory(title="Forum en préparation", status=Forum.Status.DRAFT),
    )
    for meeting in (s.public_meeting, s.internal_meeting, s.closed_meeting):
        meeting.consultations.add(s.reserved)
    for session in (s.public_session, s.hidden_session, s.draft_forum_session):
        session.consultations.add(s.reserved)
    return s


def test_the_consultation_page_lists_the_meetings_and_sessions_the_viewer_may_see(
    client, discussed
):
    s = discussed
    content = page(client, s.invited_rep, s.reserved.get_absolute_url())

    assert "Réunion plénière ouverte" in content and "Atelier transit" in content
    for hidden in (
        "Réunion interne de préparation",
        "Réunion bilatérale restreinte",
        "Atelier réservé",
        "Forum sur invitation",
        "Atelier en préparation",
    ):
        assert hidden not in content
    assert f'href="{s.public_meeting.get_absolute_url()}"' in content
    assert reverse("forums:programme", args=[s.public_session.forum.slug]) in content


def test_officers_see_every_meeting_and_session_discussing_a_consultation(client, discussed):
    s = discussed
    content = page(client, s.officer, s.reserved.get_absolute_url())

    for title in (
        "Réunion plénière ouverte",
        "Réunion interne de préparation",
        "Réunion bilatérale restreinte",
        "Atelier transit",
        "Atelier réservé",
        "Atelier en préparation",
    ):
        assert title in content


def test_an_invited_meeting_is_listed_for_its_invitees(client, discussed):
    s = discussed
    s.closed_meeting.invited_orgs.create(organization=s.invited)

    content = page(client, s.invited_rep, s.reserved.get_absolute_url())

    assert "Réunion bilatérale restreinte" in content


# --- Officers' forms --------------------------------------------------------------------


def _meeting_form(**overrides):
    data = {
        "title": "Cadre de concertation – session ordinaire",
        "kind": "plenary",
        "visibility": "partners",
        "start": in_days(12).strftime("%Y-%m-%dT%H:%M"),
        "end": in_days(12, 13).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Hôtel de l’Amitié, Bamako",
        "online_url": "",
        "description": "",
        "agenda": "Ouverture",
        "recurrence": "",
        "recurrence_until": "",
        "recurrence_count": "",
        "reminder_offsets": ["1440"],
    }
    data.update(overrides)
    return data


def test_an_officer_puts_consultations_on_a_new_meetings_agenda(client, scene):
    client.force_login(scene.officer)

    response = client.post(
        reverse("meetings:create"),
        _meeting_form(consultations=[scene.public.pk, scene.draft.pk]),
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert set(meeting.consultations.all()) == {scene.public, scene.draft}


def test_an_officer_changes_a_meetings_agenda_and_the_change_is_recorded(client, scene):
    client.force_login(scene.officer)
    client.post(reverse("meetings:create"), _meeting_form(consultations=[scene.public.pk]))
    meeting = Meeting.objects.get()

    client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        _meeting_form(consultations=[scene.reserved.pk]),
    )

    assert list(meeting.consultations.all()) == [scene.reserved]
    latest = meeting.history.order_by("-history_date", "-history_id").first()
    assert [row.consultation for row in latest.consultations.all()] == [scene.reserved]
    assert latest.history_user == scene.officer


def test_the_meeting_form_offers_consultations_and_refuses_one_that_does_not_exist(client, scene):
    client.force_login(scene.officer)
    form = page(client, scene.officer, reverse("meetings:create"))
    assert PUBLIC_TEXT in form and DRAFT_TEXT in form

    response = client.post(reverse("meetings:create"), _meeting_form(consultations=[999999]))

    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_an_officer_puts_a_consultation_on_a_forum_sessions_agenda(client, scene):
    forum = ForumFactory()
    start = timezone.localtime(forum.start + timedelta(hours=1))
    client.force_login(scene.officer)

    response = client.post(
        reverse("forums:session_new", args=[forum.slug]),
        {
            "title": "Présentation du projet d’instruction",
            "format": "plenary",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "consultations": [scene.public.pk],
        },
    )

    assert response.status_code == 302
    session = Session.objects.get(forum=forum)
    assert list(session.consultations.all()) == [scene.public]
    latest = session.history.order_by("-history_date", "-history_id").first()
    assert [row.consultation for row in latest.consultations.all()] == [scene.public]


def test_the_session_form_offers_the_consultations(client, scene):
    forum = ForumFactory()

    content = page(client, scene.officer, reverse("forums:session_new", args=[forum.slug]))

    assert PUBLIC_TEXT in content and INVITED_TEXT in content


def test_nobody_puts_on_an_agenda_a_consultation_they_may_not_see(scene):
    with pytest.raises(PermissionDenied):
        agenda.consultations_for_agenda([scene.draft], acting_user=scene.invited_rep)
    with pytest.raises(PermissionDenied):
        scheduling.create_meeting(
            acting_user=scene.other_rep,
            consultations=[scene.reserved],
            title="Réunion",
            start=in_days(3),
            end=in_days(3, 12),
            venue="Bamako",
        )
    assert not Meeting.objects.exists()


def test_an_occurrence_held_on_its_own_keeps_the_series_agenda(scene):
    series = scheduling.create_meeting(
        acting_user=scene.officer,
        consultations=[scene.public],
        title="Comité technique",
        start=in_days(2),
        end=in_days(2, 12),
        venue="Bamako",
        recurrence="weekly",
        recurrence_count=3,
    )

    held = scheduling.detach_occurrence(
        series, series.occurrences()[0].original_start, acting_user=scene.officer
    )

    assert list(held.consultations.all()) == [scene.public]


# --- Query counts -----------------------------------------------------------------------


def _count(client, url, django_assert_max_num_queries, limit=30):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_meeting_page_query_count_does_not_grow_with_its_consultations(
    client, scene, django_assert_max_num_queries
):
    few = MeetingFactory()
    few.consultations.set([scene.public])
    many = MeetingFactory()
    many.consultations.set([f.opened(scene.officer) for _ in range(8)])
    client.force_login(scene.invited_rep)

    small = _count(client, few.get_absolute_url(), django_assert_max_num_queries)
    large = _count(client, many.get_absolute_url(), django_assert_max_num_queries)

    assert large == small


def test_the_programme_query_count_does_not_grow_with_sessions_and_consultations(
    client, scene, django_assert_max_num_queries
):
    few = ForumFactory()
    SessionFactory(forum=few).consultations.set([scene.public])
    many = ForumFactory()
    extra = [f.opened(scene.officer) for _ in range(4)]
    for _ in range(6):
        SessionFactory(forum=many).consultations.set([scene.public, scene.reserved, *extra])
    client.force_login(scene.invited_rep)

    for name in ("forums:detail", "forums:programme"):
        small = _count(client, reverse(name, args=[few.slug]), django_assert_max_num_queries)
        large = _count(client, reverse(name, args=[many.slug]), django_assert_max_num_queries)
        assert large == small, name


def test_the_consultation_page_query_count_does_not_grow_with_meetings_and_sessions(
    client, scene, django_assert_max_num_queries
):
    MeetingFactory().consultations.add(scene.public)
    SessionFactory().consultations.add(scene.public)
    client.force_login(scene.invited_rep)
    small = _count(client, scene.public.get_absolute_url(), django_assert_max_num_queries)
    for _ in range(8):
        MeetingFactory().consultations.add(scene.public)
        SessionFactory().consultations.add(scene.public)

    large = _count(client, scene.public.get_absolute_url(), django_assert_max_num_queries)

    assert large == small


# --- The organisation page --------------------------------------------------------------


def test_the_organisation_page_shows_the_consultations_it_commented_on(client, scene):
    comments.submit_comment(
        scene.reserved,
        author=scene.invited_rep,
        body="Le délai de transit est trop court.",
        publication="named",
        on_behalf=True,
    )

    content = page(client, scene.officer, reverse("stakeholders:detail", args=[scene.invited.pk]))
    untouched = page(client, scene.officer, reverse("stakeholders:detail", args=[scene.other.pk]))

    assert INVITED_TEXT in content and link(scene.reserved) in content
    assert INVITED_TEXT not in untouched
