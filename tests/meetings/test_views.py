from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Commitment, Invitation, Meeting, MeetingRequest
from meetings.services import feeds, invitations, minutes, reminders, scheduling
from meetings.services import requests as meeting_requests
from portal.notifications.models import Notification
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.meetings.factories import BodyFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Cadre de concertation – session ordinaire",
        "kind": "plenary",
        "visibility": "partners",
        "start": in_days(12).strftime("%Y-%m-%dT%H:%M"),
        "end": in_days(12, 13).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Hôtel de l’Amitié, Bamako",
        "online_url": "",
        "description": "",
        "agenda": "Ouverture\nPoint sur les engagements",
        "recurrence": "",
        "recurrence_until": "",
        "recurrence_count": "",
        "reminder_offsets": ["1440", "60"],
    }
    data.update(overrides)
    return data


def test_an_officer_schedules_a_meeting_with_invitees_from_the_browser(client):
    officer = OfficerFactory()
    organization = OrganizationFactory()
    representative_of(organization)
    client.force_login(officer)

    response = client.post(reverse("meetings:create"), _form(organizations=[organization.pk]))

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.organiser == officer
    assert meeting.invitations.count() == 1
    assert Notification.objects.filter(kind=invitations.INVITATION_KIND).count() == 1


def test_a_meeting_form_with_errors_keeps_what_was_typed_and_explains_in_french(client):
    client.force_login(OfficerFactory())

    response = client.post(
        reverse("meetings:create"),
        _form(end=in_days(11).strftime("%Y-%m-%dT%H:%M"), venue=""),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "La réunion doit se terminer après son début." in body
    assert "Indiquez un lieu, un lien de réunion en ligne, ou les deux." in body
    assert "Cadre de concertation" in body


def test_a_series_needs_an_end(client):
    client.force_login(OfficerFactory())

    response = client.post(reverse("meetings:create"), _form(recurrence="quarterly"))

    assert "Une série a besoin d’une date de fin" in response.content.decode()
    assert not Meeting.objects.exists()


def test_rescheduling_from_the_edit_page_increases_the_sequence(client):
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer, title="Bilatérale", start=in_days(3), end=in_days(3, 11), venue="DGD"
    )
    client.force_login(officer)

    client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        _form(
            title="Bilatérale",
            kind="bilateral",
            start=in_days(4).strftime("%Y-%m-%dT%H:%M"),
            end=in_days(4, 11).strftime("%Y-%m-%dT%H:%M"),
        ),
    )

    meeting.refresh_from_db()
    assert meeting.start == in_days(4)
    assert meeting.sequence == 1


def test_cancelling_from_the_page_marks_the_meeting_cancelled(client):
    officer = OfficerFactory()
    meeting = MeetingFactory()
    client.force_login(officer)

    client.post(reverse("meetings:status", args=[meeting.pk]), {"action": "cancel"})

    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_minutes_are_rendered_from_markdown_and_sanitised(client):
    officer = OfficerFactory()
    meeting = MeetingFactory(start=in_days(-2), end=in_days(-2, 12), visibility="public")
    client.force_login(officer)

    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {
            "minutes": "## Décisions\n\n- **Guichet unique** ouvert\n\n<script>alert(1)</script>"
            "[x](javascript:alert(1))"
        },
    )
    client.logout()
    body = client.get(meeting.get_absolute_url()).content.decode()

    meeting.refresh_from_db()
    assert meeting.status == "held"
    assert "<strong>Guichet unique</strong>" in body
    assert "<script>alert(1)</script>" not in body
    assert "javascript:" not in body


def test_minutes_of_a_partners_meeting_are_shared_with_participants_only(client):
    participant = RepresentativeFactory()
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Atelier",
        start=in_days(-3),
        end=in_days(-3, 12),
        venue="DGD",
        visibility="partners",
        users=[participant],
    )
    minutes.record_minutes(meeting, acting_user=OfficerFactory(), minutes="Texte **confidentiel**")

    client.force_login(participant)
    assert (
        "<strong>confidentiel</strong>" in client.get(meeting.get_absolute_url()).content.decode()
    )
    client.force_login(RepresentativeFactory())
    assert "confidentiel" not in client.get(meeting.get_absolute_url()).content.decode()


def test_attendance_marks_organisations_present(client):
    organization = OrganizationFactory()
    member = representative_of(organization)
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Bilatérale",
        start=in_days(-1),
        end=in_days(-1, 12),
        venue="DGD",
        users=[member],
    )
    invitation = meeting.invitations.get()
    client.force_login(OfficerFactory())

    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"minutes": "RAS", "present_invitations": [invitation.pk]},
    )

    assert meeting.invited_orgs.get(organization=organization).attended
    assert Invitation.objects.get(pk=invitation.pk).attended


def test_an_officer_records_a_commitment(client):
    meeting = MeetingFactory(start=in_days(-1), end=in_days(-1, 12))
    organization = OrganizationFactory()
    client.force_login(OfficerFactory())

    client.post(
        reverse("meetings:commitment_create", args=[meeting.pk]),
        {
            "description": "Publier la note sur la valeur en douane",
            "organization": organization.pk,
            "responsible": "",
            "due_date": "2027-03-31",
            "status": "open",
        },
    )

    commitment = Commitment.objects.get()
    assert (commitment.meeting, commitment.organization) == (meeting, organization)


def test_a_commitment_without_anyone_responsible_is_refused(client):
    meeting = MeetingFactory()
    client.force_login(OfficerFactory())

    response = client.post(
        reverse("meetings:commitment_create", args=[meeting.pk]),
        {"description": "Quelque chose", "status": "open"},
    )

    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_held_with_private_sector_means_an_organisation_or_a_person_of_it_took_part():
    trader = OrganizationFactory(category="trader")
    agency = OrganizationFactory(category="agency")
    present = MeetingFactory(title="Trader present", status="held", start=in_days(-9))
    present.invited_orgs.create(organization=trader, attended=True)
    present.invited_orgs.create(organization=agency, attended=True)
    absent = MeetingFactory(title="Trader absent", status="held", start=in_days(-8))
    absent.invited_orgs.create(organization=trader, attended=False)
    absent.invited_orgs.create(organization=agency, attended=True)
    not_recorded = MeetingFactory(title="Attendance not recorded", status="held", start=in_days(-7))
    not_recorded.invited_orgs.create(organization=trader)
    agencies = MeetingFactory(title="Agencies only", status="held", start=in_days(-6))
    agencies.invited_orgs.create(organization=agency)
    MeetingFactory(title="Nobody from outside", status="held", start=in_days(-5))
    person = MeetingFactory(title="A private person", status="held", start=in_days(-4))
    person.invitations.create(
        user=RepresentativeFactory(), name="Awa", email="awa@example.ml", attended=True
    )
    internal = MeetingFactory(
        title="Internal", status="held", visibility="internal", start=in_days(-3)
    )
    internal.invited_orgs.create(organization=trader, attended=True)

    body = " ".join(Meeting.objects.held_with_private_sector().values_list("title", flat=True))

    assert "A private person" in body and "Internal" not in body
    assert "Trader present" in body
    assert "Attendance not recorded" in body
    assert "Trader absent" not in body
    assert "Agencies only" not in body
    assert "Nobody from outside" not in body


def test_a_representative_requests_a_meeting_and_an_officer_accepts_it(client, deliver):
    organization = OrganizationFactory(name="Chambre de commerce et d’industrie du Mali")
    requester = representative_of(organization)
    client.force_login(requester)
    client.post(
        reverse("meetings:request_create"),
        {
            "subject": "Délais de dédouanement au port sec",
            "details": "",
            "first_choice": in_days(15).strftime("%Y-%m-%dT%H:%M"),
            "second_choice": "",
            "participants": "Président, DG",
        },
    )
    meeting_request = MeetingRequest.objects.get()
    assert meeting_request.organization == organization

    officer = OfficerFactory()
    client.force_login(officer)
    form_page = client.get(reverse("meetings:create"), {"request": meeting_request.pk})
    assert "Délais de dédouanement au port sec" in form_page.content.decode()
    client.post(
        reverse("meetings:create"),
        _form(
            title="Délais de dédouanement au port sec",
            kind="bilateral",
            visibility="invitees",
            request=meeting_request.pk,
        ),
    )

    meeting_request.refresh_from_db()
    assert meeting_request.status == "accepted"
    meeting = meeting_request.meeting
    assert meeting.invitations.filter(user=requester).exists()
    assert meeting.invited_orgs.filter(organization=organization).exists()
    subjects = [m.subject for m in deliver()]
    assert any("acceptée" in s for s in subjects)
    client.force_login(requester)
    assert "accepté" in client.get(meeting_request.get_absolute_url()).content.decode()


def test_an_officer_declines_a_request_with_a_reason_the_requester_sees(client, deliver):
    requester = representative_of(OrganizationFactory())
    meeting_request = meeting_requests.request_meeting(
        acting_user=requester, subject="Visite d’entrepôt", first_choice=in_days(9)
    )
    client.force_login(OfficerFactory())

    client.post(
        reverse("meetings:request_decline", args=[meeting_request.pk]),
        {"reason": "Sujet traité en plénière."},
    )

    client.force_login(requester)
    body = client.get(meeting_request.get_absolute_url()).content.decode()
    assert "Sujet traité en plénière." in body
    (message,) = deliver()
    assert "Sujet traité en plénière." in message.body


def test_navigation_shows_each_role_its_meeting_items(client):
    calendar, meetings, requests = (
        reverse("meetings:calendar"),
        reverse("meetings:list"),
        reverse("meetings:requests"),
    )
    visitor = client.get(reverse("home")).content.decode()
    assert f'href="{calendar}"' in visitor and f'href="{meetings}"' not in visitor

    client.force_login(OfficerFactory())
    officer = client.get(reverse("dashboard")).content.decode()
    assert f'href="{meetings}"' in officer

    client.force_login(representative_of(OrganizationFactory()))
    representative = client.get(reverse("dashboard")).content.decode()
    assert f'href="{requests}"' in representative and f'href="{meetings}"' not in representative


def test_dashboard_lists_invitations_to_answer_and_for_officers_waiting_requests(client):
    invitee = representative_of(OrganizationFactory())
    scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Réunion à confirmer",
        start=in_days(4),
        end=in_days(4, 11),
        venue="DGD",
        users=[invitee],
    )
    meeting_requests.request_meeting(
        acting_user=invitee, subject="Demande en attente", first_choice=in_days(9)
    )

    client.force_login(invitee)
    assert "Réunion à confirmer" in client.get(reverse("dashboard")).content.decode()
    client.force_login(OfficerFactory())
    assert "Demande en attente" in client.get(reverse("dashboard")).content.decode()


def test_calendar_filters_by_kind_and_body(client):
    body = BodyFactory(name="Comité national de facilitation des échanges")
    MeetingFactory(title="Plénière CNFE", kind="plenary", body=body)
    MeetingFactory(title="Atelier douane", kind="workshop")
    start = in_days(7).date().isoformat()

    by_kind = client.get(
        reverse("meetings:agenda"), {"start": start, "kind": "workshop"}
    ).content.decode()
    by_body = client.get(
        reverse("meetings:agenda"), {"start": start, "body": body.pk}
    ).content.decode()
    forums_only = client.get(
        reverse("meetings:agenda"), {"start": start, "kind": "forum"}
    ).content.decode()

    assert "Atelier douane" in by_kind and "Plénière CNFE" not in by_kind
    assert "Plénière CNFE" in by_body and "Atelier douane" not in by_body
    assert "Atelier douane" not in forums_only


def test_calendar_body_filter_leaves_out_forums_which_belong_to_no_body(client):
    from tests.forums.factories import ForumFactory

    body = BodyFactory()
    MeetingFactory(title="Plénière du comité", body=body)
    ForumFactory(title="Forum national")

    page = client.get(
        reverse("meetings:agenda"), {"start": in_days(1).date().isoformat(), "body": body.pk}
    ).content.decode()

    assert "Plénière du comité" in page
    assert "Forum national" not in page


def test_calendar_organisation_filter_shows_the_forums_linked_to_that_organisation(client):
    from tests.forums.factories import ForumFactory

    chamber = OrganizationFactory()
    MeetingFactory(title="Bilatérale avec la chambre").invited_orgs.create(organization=chamber)
    ForumFactory(title="Forum en partenariat").partner_organizations.add(chamber)
    ForumFactory(title="Forum sur invitation").invited_organizations.add(chamber)
    ForumFactory(title="Forum sans la chambre").partner_organizations.add(OrganizationFactory())

    page = client.get(
        reverse("meetings:agenda"),
        {"start": in_days(1).date().isoformat(), "organization": chamber.pk},
    ).content.decode()

    assert "Bilatérale avec la chambre" in page
    assert "Forum en partenariat" in page
    assert "Forum sur invitation" in page
    assert "Forum sans la chambre" not in page


def test_month_grid_links_each_entry_and_navigates_between_months(client):
    meeting = MeetingFactory(title="Réunion du mois")
    local = timezone.localtime(meeting.start)

    body = client.get(
        reverse("meetings:calendar"), {"year": local.year, "month": local.month}
    ).content.decode()

    assert meeting.get_absolute_url() in body
    assert body.count("<h1") == 1
    assert 'rel="next"' in body and 'rel="prev"' in body


def test_calendar_offers_only_the_organisations_taking_part_in_the_period_shown(client):
    present = OrganizationFactory(name="Chambre de commerce invitée")
    later = OrganizationFactory(name="Transporteur invité plus tard")
    OrganizationFactory(name="Entreprise sans réunion")
    MeetingFactory(start=in_days(7), end=in_days(7, 11)).invited_orgs.create(organization=present)
    MeetingFactory(start=in_days(150), end=in_days(150, 11)).invited_orgs.create(organization=later)
    start = in_days(7).date().isoformat()

    agenda = client.get(reverse("meetings:agenda"), {"start": start}).content.decode()
    chosen = client.get(
        reverse("meetings:agenda"), {"start": start, "organization": later.pk}
    ).content.decode()

    options = agenda[agenda.index('name="organization"') :]
    assert "Chambre de commerce invitée" in options
    assert "Transporteur invité plus tard" not in options
    assert "Entreprise sans réunion" not in options
    assert f'value="{later.pk}" selected' in chosen  # the chosen one stays while paging


def test_calendar_rejects_a_nonsense_month(client):
    assert client.get(reverse("meetings:calendar"), {"year": "x", "month": 13}).status_code == 404


def test_list_pages_query_counts_do_not_grow_with_data(client, django_assert_max_num_queries):
    officer = OfficerFactory()
    client.force_login(officer)
    for n in range(30):
        meeting = MeetingFactory(status="held", start=in_days(-n - 1), end=in_days(-n - 1, 12))
        meeting.invited_orgs.create(organization=OrganizationFactory(), attended=True)
        Commitment.objects.create(meeting=meeting, description=f"Engagement {n}", responsible="DG")
    series = MeetingFactory(
        recurrence="weekly", recurrence_count=30, start=in_days(1), end=in_days(1, 11)
    )
    series.exceptions.create(original_start=series.start, cancelled=True)

    for url in [
        reverse("meetings:list"),
        reverse("meetings:commitments"),
        reverse("meetings:agenda") + f"?start={in_days(-40).date().isoformat()}",
        reverse("meetings:calendar"),
        reverse("meetings:requests"),
        reverse("meetings:public_feed"),
    ]:
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, url


def test_a_meeting_can_be_created_while_the_broker_is_unreachable(
    client, settings, django_capture_on_commit_callbacks
):
    from portal.celery import app
    from portal.notifications import queue as notifications

    settings.NOTIFICATIONS_NUDGE = True
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    client.force_login(OfficerFactory())
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("meetings:create"), _form(users=[RepresentativeFactory().pk])
            )
        nudged = notifications.send_nudge()  # what the background thread tried
    finally:
        app.conf.broker_url = original

    assert response.status_code == 302
    assert Meeting.objects.count() == 1
    assert nudged is False
    assert Notification.objects.filter(status="pending").count() == 3  # invitation, 2 reminders


def test_an_officer_records_a_held_occurrence_of_a_series(client):
    officer = OfficerFactory()
    series = scheduling.create_meeting(
        acting_user=officer,
        title="Plénière trimestrielle",
        start=in_days(-40),
        end=in_days(-40, 13),
        venue="DGD",
        recurrence="quarterly",
        recurrence_count=4,
        visibility="public",
    )
    first = series.occurrences()[0]
    client.force_login(officer)

    response = client.post(reverse("meetings:occurrence_detach", args=[series.pk, first.stamp]))
    held = Meeting.objects.get(series=series)
    client.post(reverse("meetings:minutes", args=[held.pk]), {"minutes": "Séance tenue."})

    assert response["Location"] == reverse("meetings:minutes", args=[held.pk])
    held.refresh_from_db()
    assert held.status == "held" and held.uid() == series.uid()
    assert held.series_occurrence == first.original_start
    occurrence_url = reverse("meetings:occurrence", args=[series.pk, first.stamp])
    assert client.get(occurrence_url)["Location"] == held.get_absolute_url()


def test_an_officer_moves_one_occurrence_from_its_page(client):
    officer = OfficerFactory()
    series = MeetingFactory(
        recurrence="monthly", recurrence_count=3, start=in_days(5), end=in_days(5, 11)
    )
    second = series.occurrences()[1]
    client.force_login(officer)

    form = client.get(reverse("meetings:occurrence_move", args=[series.pk, second.stamp]))
    client.post(
        reverse("meetings:occurrence_move", args=[series.pk, second.stamp]),
        {
            "start": (second.start + timedelta(days=1))
            .astimezone(timezone.get_default_timezone())
            .strftime("%Y-%m-%dT%H:%M"),
            "end": (second.end + timedelta(days=1))
            .astimezone(timezone.get_default_timezone())
            .strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert form.status_code == 200
    moved = Meeting.objects.get(pk=series.pk).occurrence(second.original_start)
    assert moved.moved and moved.start == second.start + timedelta(days=1)


def test_an_officer_creates_a_dialogue_body_with_members(client):
    members = [OrganizationFactory(), OrganizationFactory()]
    client.force_login(OfficerFactory())

    client.post(
        reverse("meetings:body_create"),
        {
            "name": "Comité national de facilitation des échanges",
            "acronym": "CNFE",
            "description": "",
            "members": [m.pk for m in members],
        },
    )

    from meetings.models import DialogueBody

    body = DialogueBody.objects.get()
    assert set(body.members.all()) == set(members)
    assert "CNFE" in client.get(reverse("meetings:bodies")).content.decode()


def test_commitments_page_lists_only_those_of_minutes_the_viewer_may_read(client):
    public = MeetingFactory(visibility="public", status="held")
    internal = MeetingFactory(visibility="internal", status="held")
    Commitment.objects.create(meeting=public, description="Engagement public", responsible="DGD")
    Commitment.objects.create(meeting=internal, description="Engagement interne", responsible="DGD")

    body = client.get(reverse("meetings:commitments")).content.decode()

    assert "Engagement public" in body and "Engagement interne" not in body


def test_subscription_page_shows_the_personal_feed_address(client):
    user = RepresentativeFactory()
    client.force_login(user)

    body = client.get(reverse("meetings:subscribe")).content.decode()

    assert feeds.feed_for(user).get_absolute_url() in body


def test_the_daily_refresh_extends_a_long_series_reminders():
    officer = OfficerFactory()
    series = scheduling.create_meeting(
        acting_user=officer,
        title="Hebdomadaire",
        start=in_days(1),
        end=in_days(1, 11),
        venue="DGD",
        recurrence="weekly",
        recurrence_count=100,
        users=[RepresentativeFactory()],
        reminder_offsets=[60],
    )
    horizon_rows = Notification.objects.filter(kind=reminders.REMINDER_KIND).count()

    import time_machine

    with time_machine.travel(timezone.now() + timedelta(days=60), tick=False):
        assert reminders.refresh_reminders() == 1
    assert Notification.objects.filter(kind=reminders.REMINDER_KIND).count() > horizon_rows
    assert series.pk


def test_every_meetings_page_has_exactly_one_h1_and_works_for_an_officer(client):
    officer = OfficerFactory()
    requester = representative_of(OrganizationFactory())
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Réunion",
        start=in_days(3),
        end=in_days(3, 11),
        venue="DGD",
        users=[requester],
    )
    series = MeetingFactory(recurrence="weekly", recurrence_count=3)
    meeting_request = meeting_requests.request_meeting(
        acting_user=requester, subject="Demande", first_choice=in_days(9)
    )
    commitment = Commitment.objects.create(meeting=meeting, description="X", responsible="DGD")
    body = BodyFactory()
    stamp = series.occurrences()[0].stamp
    client.force_login(officer)

    for url in [
        reverse("meetings:calendar"),
        reverse("meetings:agenda"),
        reverse("meetings:subscribe"),
        reverse("meetings:list"),
        reverse("meetings:create"),
        reverse("meetings:commitments"),
        reverse("meetings:commitment_edit", args=[commitment.pk]),
        reverse("meetings:rsvp_token", args=[meeting.invitations.get().token]),
        reverse("meetings:bodies"),
        reverse("meetings:body_create"),
        reverse("meetings:body", args=[body.pk]),
        reverse("meetings:body_edit", args=[body.pk]),
        reverse("meetings:requests"),
        reverse("meetings:request", args=[meeting_request.pk]),
        meeting.get_absolute_url(),
        reverse("meetings:edit", args=[meeting.pk]),
        reverse("meetings:invitations", args=[meeting.pk]),
        reverse("meetings:minutes", args=[meeting.pk]),
        reverse("meetings:commitment_create", args=[meeting.pk]),
        series.get_absolute_url(),
        reverse("meetings:occurrence", args=[series.pk, stamp]),
        reverse("meetings:occurrence_move", args=[series.pk, stamp]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_a_representative_reaches_the_request_form_and_the_proposal_form(client):
    invitee = representative_of(OrganizationFactory())
    meeting = scheduling.create_meeting(
        acting_user=OfficerFactory(),
        title="Réunion",
        start=in_days(3),
        end=in_days(3, 11),
        venue="DGD",
        users=[invitee],
    )
    client.force_login(invitee)

    for url in [reverse("meetings:request_create"), reverse("meetings:propose", args=[meeting.pk])]:
        response = client.get(url)
        assert response.status_code == 200 and response.content.decode().count("<h1") == 1


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _commitments_of_portal_users(meeting, count):
    for n in range(count):
        Commitment.objects.create(
            meeting=meeting,
            description=f"Engagement {meeting.pk}-{n}",
            responsible="",
            responsible_user=OfficerFactory(),
        )


def test_commitments_page_query_count_does_not_grow_with_commitments_of_portal_users(client):
    client.force_login(OfficerFactory())
    meeting = MeetingFactory(status="held", start=in_days(-3), end=in_days(-3, 12))
    _commitments_of_portal_users(meeting, 1)
    url = reverse("meetings:commitments")
    few = _queries(client, url)

    _commitments_of_portal_users(meeting, 5)

    assert _queries(client, url) == few


def test_meeting_page_query_count_does_not_grow_with_commitments_of_portal_users(client):
    client.force_login(OfficerFactory())
    meeting = MeetingFactory(
        status="held", minutes="Compte rendu", start=in_days(-3), end=in_days(-3, 12)
    )
    _commitments_of_portal_users(meeting, 1)
    url = meeting.get_absolute_url()
    few = _queries(client, url)

    _commitments_of_portal_users(meeting, 5)

    assert _queries(client, url) == few


def test_making_a_meeting_internal_is_refused_while_private_sector_people_are_invited(client):
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
        acting_user=officer,
        title="Bilatérale",
        start=in_days(3),
        end=in_days(3, 11),
        venue="DGD",
        users=[RepresentativeFactory(full_name="Awa Traoré"), OfficerFactory()],
    )
    client.force_login(officer)

    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        _form(
            title="Bilatérale devenue interne",
            kind="bilateral",
            visibility="internal",
            start=in_days(3).strftime("%Y-%m-%dT%H:%M"),
            end=in_days(3, 11).strftime("%Y-%m-%dT%H:%M"),
        ),
    )

    meeting.refresh_from_db()
    assert meeting.visibility == "partners"
    assert meeting.title == "Bilatérale"
    assert response.status_code == 200
    page = response.content.decode()
    assert "Awa Traoré" in page
    assert "Bilatérale devenue interne" in page  # what was typed is kept
