"""Which changes the services tell of, once, and with public data only."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import handling
from forums import webhooks as forum_webhooks
from forums.models import Forum
from forums.services.editing import set_forum_status
from portal.webhooks.models import Delivery, Event
from tests.consultations.factories import closed, opened
from tests.factories import OfficerFactory
from tests.forums.factories import ForumFactory
from tests.webhooks.conftest import endpoint_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("webhooks_on")]

FORUM = "forum.registration_opened"


def test_publishing_a_forum_whose_registration_is_open_tells_once(manager):
    endpoint_for("https://partenaire.example.org/", [FORUM], manager=manager)
    forum = ForumFactory(status=Forum.Status.DRAFT)

    set_forum_status(forum, Forum.Status.PUBLISHED, acting_user=OfficerFactory())
    assert forum_webhooks.announce_opened_registrations() == 0  # beat: already told

    event = Event.objects.get(name=FORUM)
    assert event.data["forum"]["slug"] == forum.slug
    assert event.data["forum"]["url"].endswith(reverse("forums:detail", args=[forum.slug]))
    assert event.data["forum"]["in_person_seats_left"] == 20
    assert "online_url" not in event.data["forum"]
    assert Delivery.objects.count() == 1


def test_beat_tells_when_a_published_forums_registration_opens(manager):
    endpoint_for("https://partenaire.example.org/", [FORUM], manager=manager)
    opens = timezone.now() + timedelta(hours=2)
    ForumFactory(registration_opens_at=opens)
    ForumFactory(registration_opens_at=opens, visibility=Forum.Visibility.INVITED)

    assert forum_webhooks.announce_opened_registrations() == 0  # not open yet
    with time_machine.travel(opens + timedelta(minutes=3), tick=False):
        assert forum_webhooks.announce_opened_registrations() == 1  # the public one
        assert forum_webhooks.announce_opened_registrations() == 0  # once
    assert Event.objects.filter(name=FORUM).count() == 1


def test_consultations_tell_their_opening_and_their_report(manager, settings):
    endpoint_for(
        "https://partenaire.example.org/",
        ["consultation.opened", "consultation.report_published"],
        manager=manager,
    )
    officer = OfficerFactory()
    consultation = closed(officer)
    handling.publish_report(consultation, acting_user=officer, summary="Conclusions publiques.")
    opened(officer, audience=Consultation.Audience.INVITED)

    opening = Event.objects.get(name="consultation.opened")
    report = Event.objects.get(name="consultation.report_published")
    assert opening.data["consultation"]["id"] == consultation.pk
    assert report.data["report"]["conclusions"] == "Conclusions publiques."
    assert report.data["report"]["url"] == settings.SITE_URL + reverse(
        "consultations:report", args=[consultation.pk]
    )
    # The invited-audience consultation told nobody.
    assert Event.objects.filter(name="consultation.opened").count() == 1


def test_an_endpoint_hears_only_the_events_it_chose(manager):
    endpoint_for("https://partenaire.example.org/", ["consultation.opened"], manager=manager)

    set_forum_status(
        ForumFactory(status=Forum.Status.DRAFT),
        Forum.Status.PUBLISHED,
        acting_user=OfficerFactory(),
    )

    assert not Event.objects.exists()
