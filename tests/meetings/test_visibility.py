"""Who sees which meeting, for every visibility level and role, in feeds, calendars and
downloads. Each meeting page's answer to each role is the permission matrix's
(tests/test_permission_matrix.py)."""

import icalendar
import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.services import feeds, scheduling
from stakeholders.models import Organization
from tests.factories import (
    CheckinStaffFactory,
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.meetings.factories import BodyFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db

LEVELS = [v for v, _ in Meeting.Visibility.choices]

# role -> the levels that role sees (for a meeting the person is NOT invited to)
EXPECTED = {
    "visitor": {"public"},
    "representative": {"public", "partners"},
    "checkin": {"public", "partners"},
    "officer": {"public", "partners", "invitees", "internal"},
}


def _person(role):
    return {
        "visitor": lambda: None,
        "representative": RepresentativeFactory,
        "checkin": CheckinStaffFactory,
        "officer": OfficerFactory,
    }[role]()


@pytest.fixture
def meetings():
    return {level: MeetingFactory(title=f"Rencontre {level}", visibility=level) for level in LEVELS}


def _feed_titles(client, user):
    if user is None:
        body = client.get(reverse("meetings:public_feed")).content
    else:
        token = feeds.feed_for(user).token
        body = client.get(reverse("meetings:feed", args=[token])).content
    cal = icalendar.Calendar.from_ical(body)
    return {str(event["summary"]) for event in cal.walk("VEVENT")}


@pytest.mark.parametrize("role", EXPECTED)
def test_feed_holds_exactly_what_the_person_may_see(client, meetings, role):
    user = _person(role)

    titles = _feed_titles(client, user)

    assert titles == {f"Rencontre {level}" for level in EXPECTED[role]}


@pytest.mark.parametrize("role", EXPECTED)
def test_calendar_page_shows_exactly_what_the_person_may_see(client, meetings, role):
    user = _person(role)
    if user:
        client.force_login(user)
    start = meetings["public"].start

    body = client.get(
        reverse("meetings:agenda"), {"start": start.date().isoformat()}
    ).content.decode()

    for level in LEVELS:
        assert (f"Rencontre {level}" in body) == (level in EXPECTED[role]), level


def test_an_invitee_sees_an_invitees_only_meeting_and_its_feed_entry(client):
    officer = OfficerFactory()
    invited = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion restreinte",
        start=MeetingFactory.build().start,
        end=MeetingFactory.build().end,
        venue="Bamako",
        visibility="invitees",
        users=[invited],
    )
    client.force_login(invited)

    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert "Réunion restreinte" in _feed_titles(client, invited)


def test_a_member_of_an_invited_organisation_sees_an_invitees_only_meeting(client):
    organization = OrganizationFactory()
    member = representative_of(organization)
    meeting = MeetingFactory(visibility="invitees")
    meeting.invited_orgs.create(organization=organization)
    client.force_login(member)

    assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "make_person",
    [
        RepresentativeFactory,
        CheckinStaffFactory,
        OfficerFactory,
        lambda: RepresentativeFactory(is_active=False),
        lambda: OfficerFactory(is_superuser=True, groups=[]),
        lambda: OfficerFactory(groups=[]),  # a customs account without the officers' group
    ],
)
@pytest.mark.parametrize("level", LEVELS)
def test_the_batch_visibility_of_invitees_agrees_with_visible_to(make_person, level):
    from meetings.models import Invitation

    person = make_person()
    meeting = MeetingFactory(visibility=level)
    invitation = Invitation.objects.create(
        meeting=meeting, user=person, name="X", email=person.email
    )

    batch = Invitation.objects.filter(pk=invitation.pk).seeing_their_meeting().exists()

    assert batch == Meeting.objects.visible_to(person).filter(pk=meeting.pk).exists()


def _public_meeting_inviting(*organizations):
    return scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Concertation publique",
        start=in_days(10),
        end=in_days(10, 12),
        visibility="public",
        organizations=list(organizations),
    )


@pytest.mark.parametrize("role", ["visitor", "representative", "checkin"])
def test_a_public_meeting_page_names_only_verified_invited_organisations(client, role):
    proposed = OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False)
    OrganizationFactory(name="Chambre de Commerce et d'Industrie du Mali", acronym="CCIM")
    meeting = _public_meeting_inviting(proposed, Organization.objects.get(acronym="CCIM"))
    user = _person(role)
    if user:
        client.force_login(user)

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Chambre de Commerce et d&#x27;Industrie du Mali" in page
    assert "Fantôme" not in page and "SOFAN" not in page


def test_officers_see_every_invited_organisation_verified_or_not(client):
    proposed = OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False)
    meeting = _public_meeting_inviting(proposed)
    client.force_login(OfficerFactory())

    assert "Société Fantôme SARL (SOFAN)" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_representative_sees_their_own_proposed_organisation_among_the_invited(client):
    proposed = OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False)
    meeting = _public_meeting_inviting(proposed)
    client.force_login(representative_of(proposed))

    assert "Société Fantôme SARL (SOFAN)" in client.get(meeting.get_absolute_url()).content.decode()


def test_an_occurrence_page_names_only_verified_invited_organisations(client):
    proposed = OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False)
    series = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Comité mensuel",
        start=in_days(10),
        end=in_days(10, 12),
        visibility="public",
        recurrence="monthly",
        recurrence_count=3,
        organizations=[proposed],
    )
    occurrence = series.occurrences()[1]

    page = client.get(occurrence.url).content.decode()

    assert "Comité mensuel" in page
    assert "Fantôme" not in page and "SOFAN" not in page


def test_a_dialogue_body_page_names_only_verified_member_organisations(client):
    body = BodyFactory()
    body.members.set(
        [
            OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False),
            OrganizationFactory(name="Conseil malien des chargeurs"),
        ]
    )

    page = client.get(body.get_absolute_url()).content.decode()

    assert "Conseil malien des chargeurs" in page
    assert "Fantôme" not in page and "SOFAN" not in page
