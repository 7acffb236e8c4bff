from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from forums.models import Forum, Registration
from forums.services import attendance, editing, followups, messaging, seats
from portal.notifications import queue as notifications
from portal.notifications.models import Notification
from tests.email_links import link_after, sign_in_from, sign_in_page_for
from tests.factories import (
    OfficerFactory,
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory

pytestmark = pytest.mark.django_db


def attachment(message, suffix):
    return next(
        (name, content, mimetype)
        for name, content, mimetype in message.attachments
        if name.endswith(suffix)
    )


def test_the_confirmation_carries_the_code_and_a_calendar_file_that_parses(deliver):
    forum = ForumFactory(title="Forum JID 2027")
    registration = seats.register(forum, user=RepresentativeFactory(email="awa@ccim.ml"))

    (message,) = deliver()

    assert message.to == ["awa@ccim.ml"]
    assert registration.display_code in message.body
    _name, content, mimetype = attachment(message, ".ics")
    assert mimetype == "text/calendar"
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]) == "Forum JID 2027"
    assert str(event["uid"]) == f"forum-{forum.pk}@portail.douane.gouv.ml"
    assert event.decoded("dtstart") == forum.start


def test_the_confirmation_shows_the_qr_code_as_an_inline_png(deliver):
    registration = seats.register(ForumFactory(), user=RepresentativeFactory())

    (message,) = deliver()

    # Many mail programs show no SVG: a PNG part of the HTML (tests/portal/test_email_standards.py
    # checks the MIME structure and the cid).
    ((cid, content, mimetype),) = message.related
    assert mimetype == "image/png" and content.startswith(b"\x89PNG")
    assert registration.code in cid
    assert not any(name.endswith(".svg") for name, _c, _m in message.attachments)


def test_the_confirmation_is_in_the_registrants_language(deliver):
    forum = ForumFactory()
    seats.register(forum, user=RepresentativeFactory(language="en"))
    seats.register(forum, user=RepresentativeFactory(language="fr"))

    english, french = deliver()

    assert english.subject.startswith("Registration confirmed")
    assert french.subject.startswith("Inscription confirmée")


def test_a_waitlisted_registrant_is_told_their_position(deliver):
    forum = ForumFactory(capacity=1)
    seats.register(forum, user=RepresentativeFactory())
    seats.register(forum, user=RepresentativeFactory(language="en"))

    _confirmation, waiting = deliver()

    assert "number 1 on the waiting list" in waiting.body


def test_promotion_from_the_waiting_list_is_announced_by_email(deliver):
    forum = ForumFactory(capacity=1)
    first = seats.register(forum, user=RepresentativeFactory())
    seats.register(forum, user=RepresentativeFactory(email="next@cmc.ml", language="en"))
    deliver()

    seats.cancel(first, acting_user=first.user)
    sent = {message.to[0]: message for message in deliver()}

    assert "A seat is free for you" in sent["next@cmc.ml"].subject
    assert any(name.endswith(".ics") for name, *_ in sent["next@cmc.ml"].attachments)


def test_a_confirmation_queued_before_a_cancellation_is_not_sent(deliver):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(email="a@x.ml"))
    seats.cancel(registration, acting_user=registration.user)

    sent = deliver()

    assert [m.subject for m in sent if m.to == ["a@x.ml"]] == [
        "Inscription annulée\u00a0: " + forum.title
    ]


def test_confirmed_registrants_get_reminders_before_the_forum():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())

    reminders = Notification.objects.filter(
        kind=followups.REMINDER_KIND, target_id=registration.pk, status="pending"
    )

    assert sorted(r.due_at for r in reminders) == [
        forum.start - timedelta(days=7),
        forum.start - timedelta(days=1),
    ]


def test_a_reminder_is_sent_with_the_code_when_it_is_due(deliver):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(language="en"))
    deliver()

    with time_machine.travel(forum.start - timedelta(hours=23)):
        sent = deliver()

    assert [m.subject.split(":")[0] for m in sent] == ["Reminder", "Reminder"]
    assert registration.display_code in sent[0].body


def test_cancelling_cancels_the_reminders():
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory())

    seats.cancel(registration, acting_user=registration.user)

    assert not Notification.objects.filter(
        kind=followups.REMINDER_KIND, target_id=registration.pk, status="pending"
    ).exists()


def test_a_reminder_for_a_cancelled_forum_is_dropped_at_send_time(deliver):
    forum = ForumFactory()
    seats.register(forum, user=RepresentativeFactory())
    deliver()
    Forum.objects.filter(pk=forum.pk).update(status=Forum.Status.CANCELLED)

    with time_machine.travel(forum.start - timedelta(hours=1)):
        assert deliver() == []


def test_moving_the_forum_moves_the_reminders_and_tells_registrants(deliver):
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(language="en"))
    deliver()
    forum.start += timedelta(days=2)
    forum.end += timedelta(days=2)

    editing.save_forum(forum, acting_user=OfficerFactory())

    due = sorted(
        Notification.objects.filter(
            kind=followups.REMINDER_KIND, target_id=registration.pk, status="pending"
        ).values_list("due_at", flat=True)
    )
    assert due == [forum.start - timedelta(days=7), forum.start - timedelta(days=1)]
    (changed,) = deliver()
    assert changed.subject.startswith("Change of date or place")
    (event,) = Calendar.from_ical(changed.attachments[0][1]).walk("VEVENT")
    assert event["sequence"] == 1


def test_cancelling_a_forum_tells_every_registrant(deliver):
    forum = ForumFactory(capacity=1)
    seats.register(forum, user=RepresentativeFactory(email="one@x.ml"))
    seats.register(forum, user=RepresentativeFactory(email="two@x.ml"))
    deliver()

    editing.set_forum_status(forum, Forum.Status.CANCELLED, acting_user=OfficerFactory())
    sent = deliver()

    assert sorted(m.to[0] for m in sent) == ["one@x.ml", "two@x.ml"]
    (event,) = Calendar.from_ical(sent[0].attachments[0][1]).walk("VEVENT")
    assert event["status"] == "CANCELLED"


def test_a_check_in_queues_no_forum_feedback_e_mail_and_old_rows_are_dropped(deliver):
    """The survey after a forum is the surveys app's now (its own invitation): checking in
    queues nothing of the former kind, and a row of it queued before the change is dropped
    unsent."""
    forum = ForumFactory()
    registration = seats.register(forum, user=RepresentativeFactory(language="en"))
    attendance.check_in(forum, registration.code, acting_user=OfficerFactory(), now=forum.start)
    deliver()
    assert not Notification.objects.filter(kind="forums.feedback").exists()
    old = notifications.notify(
        "forums.feedback", target=registration, email=registration.email, due_at=forum.end
    )

    with time_machine.travel(forum.end + timedelta(hours=3)):
        assert deliver() == []

    old.refresh_from_db()
    assert old.status == Notification.Status.CANCELLED


def test_a_message_goes_to_each_registrant_of_the_chosen_statuses(deliver):
    forum = ForumFactory(capacity=1)
    seats.register(forum, user=RepresentativeFactory(email="confirmed@x.ml"))
    seats.register(forum, user=RepresentativeFactory(email="waiting@x.ml"))
    cancelled = seats.register(forum, user=RepresentativeFactory(email="gone@x.ml"))
    seats.cancel(cancelled, acting_user=cancelled.user)
    deliver()

    record = messaging.message_registrants(
        forum,
        statuses=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        subject="Changement de salle",
        body="Le forum se tiendra en salle 2.",
        acting_user=OfficerFactory(),
    )
    sent = deliver()

    assert record.recipients == 2
    assert sorted(m.to[0] for m in sent) == ["confirmed@x.ml", "waiting@x.ml"]
    assert all(len(m.to) == 1 and m.subject == "Changement de salle" for m in sent)
    assert "salle 2" in sent[0].body


def test_a_guest_without_an_account_gets_the_confirmation_in_their_language(deliver):
    seats.register_guest(
        ForumFactory(),
        acting_user=OfficerFactory(),
        name="Dr Kofi Mensah",
        email="kofi@afdb.org",
        language="en",
    )

    (message,) = deliver()

    assert message.to == ["kofi@afdb.org"]
    assert message.subject.startswith("Registration confirmed")
    assert "Dr Kofi Mensah" in message.body


def test_a_signed_out_registrant_of_an_invited_only_forum_reaches_its_page_after_signing_in(
    client, deliver
):
    organization = OrganizationFactory()
    forum = ForumFactory(visibility=Forum.Visibility.INVITED)
    forum.invited_organizations.add(organization)
    registrant = representative_of(organization, email="awa@ccim.ml")
    seats.register(forum, user=registrant)
    (message,) = deliver()
    page = link_after("La page du forum\u00a0:", message)

    login = sign_in_page_for(client.get(page), page)

    assert sign_in_from(client, login, registrant)["Location"] == page
    assert client.get(page).context["forum"] == forum
