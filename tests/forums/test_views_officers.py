import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forums.models import Forum, ForumMessage, Registration, Session
from forums.services import attendance, seats
from portal.notifications.models import Notification
from surveys import feedback as survey_feedback
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory, SessionFactory

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


@pytest.fixture
def officer(client):
    user = OfficerFactory(language="en")
    client.force_login(user)
    return user


OFFICER_PAGES = [
    "forums:manage",
    "forums:edit",
    "forums:registrations",
    "forums:export_csv",
    "forums:export_xlsx",
    "forums:guest_new",
    "forums:message",
    "forums:statistics",
    "forums:feedback_summary",
    "forums:session_new",
]


@pytest.mark.parametrize("name", OFFICER_PAGES)
def test_officer_pages_answer_officers(client, officer, name):
    assert client.get(reverse(name, args=[ForumFactory().slug])).status_code == 200


def test_an_officer_creates_a_forum_as_a_draft(client, officer):
    start = (timezone.now() + timedelta(days=60)).replace(second=0, microsecond=0)
    fmt = "%Y-%m-%dT%H:%M"
    local = timezone.localtime

    response = client.post(
        reverse("forums:new"),
        {
            "title": "Forum de Mopti",
            "slug": "forum-mopti-2027",
            "scale": "national",
            "start": local(start).strftime(fmt),
            "end": local(start + timedelta(hours=8)).strftime(fmt),
            "city": "Mopti",
            "country": "ML",
            "working_languages": "Français",
            "organiser": "Direction générale des Douanes",
            "capacity": "50",
            "registration_opens_at": local(start - timedelta(days=30)).strftime(fmt),
            "registration_closes_at": local(start - timedelta(days=2)).strftime(fmt),
            "visibility": "public",
        },
    )

    forum = Forum.objects.get(slug="forum-mopti-2027")
    assert response["Location"] == reverse("forums:manage", args=[forum.slug])
    assert forum.status == Forum.Status.DRAFT and forum.created_by == officer
    assert forum.start == start


def test_a_reserved_slug_is_refused(client, officer):
    response = client.post(reverse("forums:new"), {"title": "X", "slug": "new"})

    assert "This short name is reserved" in body(response)


def test_an_officer_publishes_a_forum(client, officer):
    forum = ForumFactory(status=Forum.Status.DRAFT)

    client.post(reverse("forums:status", args=[forum.slug]), {"status": "published"})

    assert Forum.objects.get(pk=forum.pk).status == Forum.Status.PUBLISHED


def test_an_officer_adds_a_session(client, officer):
    forum = ForumFactory()
    start = timezone.localtime(forum.start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(forum.start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    client.post(
        reverse("forums:session_new", args=[forum.slug]),
        {"title": "Atelier OEA", "format": "workshop", "start": start, "end": end},
    )

    assert Session.objects.get(forum=forum).title == "Atelier OEA"


def test_a_session_outside_the_forum_is_refused(client, officer):
    forum = ForumFactory()
    start = timezone.localtime(forum.start - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(forum.start - timedelta(days=3, hours=-1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("forums:session_new", args=[forum.slug]),
        {"title": "Atelier OEA", "format": "workshop", "start": start, "end": end},
    )

    assert "The session must take place during the forum." in body(response)
    assert not Session.objects.exists()


def test_an_officer_holds_seats(client, officer):
    forum = ForumFactory(capacity=10)

    client.post(reverse("forums:hold_seats", args=[forum.slug]), {"seats": "3"})

    assert Forum.objects.get(pk=forum.pk).reserved_seats == 3


def test_an_officer_registers_a_guest_on_a_reserved_seat(client, officer):
    forum = ForumFactory(capacity=1, reserved_seats=1)

    client.post(
        reverse("forums:guest_new", args=[forum.slug]),
        {
            "name": "Dr Kofi Mensah",
            "email": "kofi@afdb.org",
            "language": "en",
            "attendance_mode": "in_person",
            "use_reserved_seat": "on",
        },
    )

    guest = Registration.objects.get(forum=forum)
    assert (guest.guest_name, guest.status, guest.registered_by) == (
        "Dr Kofi Mensah",
        "confirmed",
        officer,
    )


def test_an_officer_cancels_a_registration_and_the_history_shows_it(client, officer):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())

    client.post(
        reverse("forums:officer_cancel", args=[forum.slug, registration.pk]),
        {"note": "doublon"},
    )
    page = body(
        client.get(reverse("forums:registration_admin", args=[forum.slug, registration.pk]))
    )

    assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    assert "doublon" in page and officer.full_name in page


def test_a_cancellation_note_too_long_is_refused_whole_and_kept_on_the_page(client, officer):
    # It used to be cut at 300 characters without a word.
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    note = "Inscription faite en double par le secrétariat. " * 8

    response = client.post(
        reverse("forums:officer_cancel", args=[forum.slug, registration.pk]), {"note": note}
    )

    assert response.status_code == 200
    assert "at most 300 characters" in body(response)
    assert note.strip() in body(response)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def registered_forum():
    forum = ForumFactory(capacity=2)
    chamber = OrganizationFactory(
        name="Chambre de Commerce de Sikasso", category="chamber", region="sikasso"
    )
    senegal = OrganizationFactory(
        name="Union des Chargeurs", category="transport", country="SN", region=""
    )
    seats.register(forum, user=representative_of(chamber, full_name="Awa Traoré"))
    seats.register(forum, user=representative_of(senegal, full_name="Moussa Ndiaye"))
    seats.register(forum, user=representative_of(chamber, full_name="Bakary Coulibaly"))
    return forum, chamber, senegal


@pytest.mark.parametrize(
    "filters, names",
    [
        ({"status": "waiting"}, ["Bakary Coulibaly"]),
        ({"category": "transport"}, ["Moussa Ndiaye"]),
        ({"country": "SN"}, ["Moussa Ndiaye"]),
        ({"q": "awa"}, ["Awa Traoré"]),
    ],
)
def test_the_registrations_list_filters(client, officer, filters, names):
    forum, _chamber, _senegal = registered_forum()

    response = client.get(reverse("forums:registrations", args=[forum.slug]), filters)

    shown = [r.person_name for r in response.context["page"].object_list]
    assert shown == names


def test_the_registrations_list_filters_by_organisation(client, officer):
    forum, chamber, _senegal = registered_forum()

    response = client.get(
        reverse("forums:registrations", args=[forum.slug]), {"organization": chamber.pk}
    )

    assert {r.person_name for r in response.context["page"].object_list} == {
        "Awa Traoré",
        "Bakary Coulibaly",
    }


def test_the_registrations_list_query_count_does_not_grow(
    client, officer, django_assert_max_num_queries
):
    forum = ForumFactory(capacity=50)
    SessionFactory(forum=forum)
    seats.register(forum, user=representative_of(OrganizationFactory()))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("forums:registrations", args=[forum.slug]))
    for _ in range(20):
        seats.register(
            forum,
            user=representative_of(OrganizationFactory()),
            sessions=list(forum.sessions.all()),
        )
    with django_assert_max_num_queries(30) as many:
        client.get(reverse("forums:registrations", args=[forum.slug]))

    assert len(many) == len(few)


def test_the_csv_export_holds_the_filtered_registrations(client, officer):
    forum, _chamber, _senegal = registered_forum()

    response = client.get(reverse("forums:export_csv", args=[forum.slug]), {"status": "confirmed"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Organisation"]
    assert [(row[0], row[2], row[5], row[6]) for row in rows[1:]] == [
        ("Awa Traoré", "Chambre de Commerce de Sikasso", "Mali", "confirmed"),
        ("Moussa Ndiaye", "Union des Chargeurs", "Senegal", "confirmed"),
    ]


def test_the_xlsx_export_holds_every_registration(client, officer):
    forum, _chamber, _senegal = registered_forum()

    response = client.get(reverse("forums:export_xlsx", args=[forum.slug]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert [(row[0], row[6], row[8]) for row in rows[1:]] == [
        ("Awa Traoré", "confirmed", None),
        ("Moussa Ndiaye", "confirmed", None),
        ("Bakary Coulibaly", "waiting list", 1),
    ]


def test_exports_do_not_let_a_cell_become_a_formula(client, officer):
    forum = ForumFactory()
    seats.register(forum, user=RepresentativeFactory(full_name='=HYPERLINK("x")'))

    response = client.get(reverse("forums:export_xlsx", args=[forum.slug]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")'


def test_a_message_is_queued_once_per_chosen_registrant(client, officer):
    forum, _chamber, _senegal = registered_forum()
    before = Notification.objects.count()

    client.post(
        reverse("forums:message", args=[forum.slug]),
        {"statuses": ["waiting"], "subject": "Liste d’attente", "body": "Patience !"},
    )

    assert Notification.objects.count() - before == 1
    assert ForumMessage.objects.get().recipients == 1


def test_statistics_are_drawn_as_svg_with_their_table(client, officer):
    forum, _chamber, _senegal = registered_forum()

    page = body(client.get(reverse("forums:statistics", args=[forum.slug])))

    assert page.count("<svg") == 3
    assert "Chamber of commerce" in page and "Senegal" in page and "Sikasso" in page
    assert "<table" in page
    assert 'style="' not in page


def test_the_feedback_page_leads_to_the_feedback_surveys_results(client, officer):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())
    attendance.check_in(forum, registration.code, acting_user=officer, now=forum.start)
    url = reverse("forums:feedback_summary", args=[forum.slug])
    assert "made and sent to the attendees automatically" in body(client.get(url))

    survey = survey_feedback.forum_survey(forum, now=forum.end + timedelta(hours=3))
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/surveys/manage/{survey.pk}/results/"
