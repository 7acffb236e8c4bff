from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum
from forums.services import seats
from stakeholders.models import Contact
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


def test_visitors_see_public_published_forums_only(client):
    ForumFactory(title="Forum public")
    ForumFactory(title="Forum brouillon", status=Forum.Status.DRAFT)
    ForumFactory(title="Forum sur invitation", visibility=Forum.Visibility.INVITED)

    page = body(client.get(reverse("forums:list")))

    assert "Forum public" in page
    assert "Forum brouillon" not in page
    assert "Forum sur invitation" not in page


def test_officers_see_drafts_in_the_list(client):
    ForumFactory(title="Forum brouillon", status=Forum.Status.DRAFT)
    client.force_login(OfficerFactory())

    assert "Forum brouillon" in body(client.get(reverse("forums:list")))


def test_past_forums_are_listed_apart(client):
    start = timezone.now() - timedelta(days=30)
    ForumFactory(
        title="Forum de Sikasso",
        start=start,
        registration_opens_at=start - timedelta(days=20),
        registration_closes_at=start - timedelta(days=2),
        status=Forum.Status.HELD,
    )

    assert "Forum de Sikasso" not in body(client.get(reverse("forums:list")))
    assert "Forum de Sikasso" in body(client.get(reverse("forums:list") + "?when=past"))


def test_the_list_is_searchable(client):
    ForumFactory(title="Forum de Kayes", city="Kayes")
    ForumFactory(title="Forum de Gao", city="Gao")

    page = body(client.get(reverse("forums:list"), {"q": "kayes"}))

    assert "Forum de Kayes" in page and "Forum de Gao" not in page


def test_the_forum_page_shows_the_programme_to_a_visitor(client):
    forum = ForumFactory()
    SessionFactory(forum=forum, title="Guichet unique et paiement électronique")

    response = client.get(forum.get_absolute_url())

    assert response.status_code == 200
    page = body(response)
    assert "Guichet unique et paiement électronique" in page
    assert page.count("<h1") == 1
    assert reverse("account_login") in page


def test_an_invited_organisations_representative_sees_the_invited_only_forum(client):
    organization = OrganizationFactory()
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    forum.invited_organizations.add(organization)
    client.force_login(representative_of(organization))

    assert client.get(forum.get_absolute_url()).status_code == 200


def test_the_printable_programme_lists_every_session(client):
    forum = ForumFactory()
    SessionFactory(forum=forum, title="Ouverture", other_speakers="Directeur général")
    SessionFactory(forum=forum, title="Atelier OEA")

    page = body(client.get(reverse("forums:programme", args=[forum.slug])))

    assert "Ouverture" in page and "Atelier OEA" in page and "Directeur général" in page


def test_the_participants_list_shows_only_those_who_consented(client):
    forum = ForumFactory()
    seats.register(
        forum, user=RepresentativeFactory(full_name="Awa Consentante"), consent_to_list=True
    )
    seats.register(forum, user=RepresentativeFactory(full_name="Bakary Discret"))
    client.force_login(RepresentativeFactory())

    page = body(client.get(reverse("forums:participants", args=[forum.slug])))

    assert "Awa Consentante" in page
    assert "Bakary Discret" not in page


def test_the_participants_list_needs_a_signed_in_user(client):
    forum = ForumFactory()

    response = client.get(reverse("forums:participants", args=[forum.slug]))

    assert response.status_code == 302


def forum_page_queries(client, django_assert_max_num_queries, forum, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(forum.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_the_forum_page_query_count_does_not_grow_with_registrations_or_sessions(
    client, django_assert_max_num_queries
):
    organization = OrganizationFactory()
    user = representative_of(organization)
    client.force_login(user)
    small = ForumFactory(capacity=5)
    SessionFactory(forum=small)
    seats.register(small, user=user)
    big = ForumFactory(capacity=5)
    for index in range(12):
        session = SessionFactory(forum=big, other_speakers="A, B")
        session.speakers.add(
            Contact.objects.create(organization=organization, name=f"Intervenant {index}")
        )
    for _ in range(10):
        seats.register(big, user=representative_of(OrganizationFactory()))
    seats.register(big, user=user)
    big.partner_organizations.add(OrganizationFactory(), OrganizationFactory())

    small_count = forum_page_queries(client, django_assert_max_num_queries, small, 20)
    big_count = forum_page_queries(client, django_assert_max_num_queries, big, 20)

    assert big_count == small_count


def test_the_list_query_count_does_not_grow_with_forums(client, django_assert_max_num_queries):
    ForumFactory()
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("forums:list"))
    for _ in range(10):
        ForumFactory()
    with django_assert_max_num_queries(20) as many:
        client.get(reverse("forums:list"))

    assert len(many) == len(few)


def test_a_forum_page_names_only_verified_partner_organisations(client):
    forum = ForumFactory()
    forum.partner_organizations.set(
        [
            OrganizationFactory(name="Société Fantôme SARL", acronym="SOFAN", verified=False),
            OrganizationFactory(name="Conseil malien des chargeurs"),
        ]
    )

    page = body(client.get(forum.get_absolute_url()))

    assert "Conseil malien des chargeurs" in page
    assert "Fantôme" not in page and "SOFAN" not in page
