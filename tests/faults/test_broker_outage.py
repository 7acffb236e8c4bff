"""With Redis down the portal keeps working, and the queued e-mails go out once it is back.

The tests run the real gunicorn and a real Celery worker against a Redis of their own, which
is simply not started during the outage (a stopped Redis and one never started look the same
to a client: the connection is refused).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Registration
from portal.meetings import services as meetings
from portal.notifications.models import Notification
from tests import servers
from tests.factories import PASSWORD, OfficerFactory
from tests.faults.backends import delivered
from tests.forums.factories import (
    ForumFactory,
    OrganizationFactory,
    SessionFactory,
    representative_of,
)
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILE_PER_MESSAGE = "tests.faults.backends.FilePerMessageBackend"


def test_sign_up_works_while_the_broker_is_down_and_the_email_leaves_once_it_is_back(
    broker_port, tmp_path
):
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    with servers.gunicorn(REDIS_URL=broker, EMAIL_URL=f"filemail:///{mails}") as base:
        browser = servers.Browser(base)
        status, headers, page = browser.post_form(
            "/accounts/signup/",
            {
                "full_name": "Awa Konaté",
                "email": "awa@example.ml",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "new_organization_name": "Transports Konaté et Fils",
                "new_organization_category": "transport",
            },
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        assert headers["Location"] == "/accounts/confirm-email/"
        assert servers.get(f"{base}/")[0] == 200
        status, body = servers.get(f"{base}/healthz")
        assert status == 200 and b'"broker": "error' in body

    (queued,) = Notification.objects.filter(email="awa@example.ml")
    assert queued.status == Notification.Status.PENDING

    with (
        servers.redis_server(broker_port),
        servers.celery_worker(REDIS_URL=broker, EMAIL_URL=f"filemail:///{mails}"),
    ):
        servers.dispatch_via(broker)
        assert servers.wait_for(
            lambda: Notification.objects.get(pk=queued.pk).status == Notification.Status.SENT
        )

    (sent,) = list(mails.iterdir())
    assert "awa@example.ml" in sent.read_text()
    assert "/accounts/confirm-email/" in sent.read_text()


def meeting_form(meeting, start, end):
    """The edit form as the officer submits it, with only the time changed."""
    return {
        "title": meeting.title,
        "kind": meeting.kind,
        "visibility": meeting.visibility,
        "start": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M"),
        "venue": meeting.venue,
        "online_url": "",
        "description": "",
        "agenda": "",
        "recurrence": "",
        "recurrence_until": "",
        "recurrence_count": "",
        "reminder_offsets": ["1440", "60"],
    }


def test_pages_registration_and_meeting_changes_work_while_the_broker_is_down_and_every_email_leaves_once_after(  # noqa: E501
    broker_port, tmp_path
):
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    mail_env = {"EMAIL_URL": f"filemail:///{mails}", "EMAIL_BACKEND": FILE_PER_MESSAGE}
    forum = ForumFactory(title="Forum de la facilitation des échanges")
    session = SessionFactory(forum=forum)
    representative = representative_of(OrganizationFactory(), email="moussa@example.ml")
    officer = OfficerFactory()
    meeting = meetings.create_meeting(
        acting_user=officer,
        title="Bilatérale CCIM",
        kind="bilateral",
        visibility="partners",
        start=in_days(5),
        end=in_days(5, 12),
        venue="DGD, Bamako",
        users=[representative],
        reminder_offsets=[1440, 60],
    )
    # The invitation went out before the outage.
    Notification.objects.filter(kind=meetings.INVITATION_KIND).update(status="sent")
    reminders = Notification.objects.filter(kind=meetings.REMINDER_KIND, status="pending")
    before = set(reminders.values_list("pk", "due_at"))
    assert len(before) == 2

    with servers.gunicorn(REDIS_URL=broker, **mail_env) as base:
        for path in ("/", "/calendar/", f"/forums/{forum.slug}/"):
            assert servers.get(f"{base}{path}")[0] == 200, path

        visitor = servers.Browser(base)
        visitor.sign_in(representative.email)
        status, headers, page = visitor.post_form(
            f"/forums/{forum.slug}/register/",
            {"attendance_mode": "in_person", "sessions": [session.pk], "consent_to_list": "on"},
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        status, _, page = visitor.request(headers["Location"])
        registration = Registration.objects.get(forum=forum, user=representative)
        assert status == 200 and registration.display_code in page

        staff = servers.Browser(base)
        staff.sign_in(officer.email)
        status, _, page = staff.post_form(
            f"/meetings/{meeting.pk}/edit/", meeting_form(meeting, in_days(6), in_days(6, 12))
        )
        assert status == 302, page[page.find("<main") : page.find("</main>")]

        status, body = servers.get(f"{base}/healthz")
        assert status == 200 and b'"broker": "error' in body

    # Everything the outage produced waits in the database.
    confirmation = Notification.objects.get(kind="forums.confirmation", email=representative.email)
    assert confirmation.status == Notification.Status.PENDING
    meeting.refresh_from_db()
    assert meeting.start == in_days(6)
    assert set(reminders.values_list("pk", "due_at")) == {
        (pk, due_at + timedelta(days=1)) for pk, due_at in before
    }
    # Time passes: the meeting's reminders fall due (the forum's, weeks ahead, do not).
    reminders.update(due_at=timezone.now())
    due = set(Notification.objects.due(timezone.now()).values_list("pk", flat=True))
    assert {confirmation.pk, *(pk for pk, _ in before)} <= due

    with (
        servers.redis_server(broker_port),
        servers.celery_worker(REDIS_URL=broker, **mail_env),
    ):
        servers.dispatch_via(broker)
        assert servers.wait_for(
            lambda: not Notification.objects.filter(pk__in=due).exclude(status="sent").exists()
        )
        # A second run of beat finds nothing more to send.
        servers.dispatch_via(broker)
        assert servers.wait_for(
            lambda: not Notification.objects.filter(status="sending").exists(), timeout=10
        )

    sent = delivered(mails)
    assert Counter(pk for pk, _ in sent) == dict.fromkeys(due, 1)
    per_recipient = Counter(address for _, address in sent)
    assert per_recipient == {representative.email: len(due)}
