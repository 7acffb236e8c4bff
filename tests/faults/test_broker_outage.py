"""With Redis down the portal keeps working, and the queued e-mails go out once it is back.

The tests run the real gunicorn, a real Celery worker and beat against a Redis of their own:
one stops that Redis under the running processes (their connections drop) and starts it again;
the other starts the portal while Redis is not running at all. The e-mails are files written
by the worker's mail backend, counted per notification.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Registration
from meetings.services import invitations, scheduling
from meetings.services import reminders as meeting_reminders
from portal.notifications import dispatcher as notifications
from portal.notifications.models import Notification
from tests import servers
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.faults.backends import delivered
from tests.faults.forms import SIGN_UP
from tests.forums.factories import ForumFactory, SessionFactory
from tests.meetings.factories import in_days

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FILE_PER_MESSAGE = "tests.faults.backends.FilePerMessageBackend"


def test_a_portal_started_while_redis_is_down_signs_people_up_and_the_email_leaves_once_it_is_up(
    broker_port, tmp_path
):
    broker = f"redis://127.0.0.1:{broker_port}/0"
    mails = tmp_path / "mails"
    with servers.gunicorn(REDIS_URL=broker, EMAIL_URL=f"filemail:///{mails}") as base:
        browser = servers.Browser(base)
        status, headers, page = browser.post_form("/accounts/signup/", SIGN_UP)
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


def test_redis_stopped_under_the_running_portal_delays_every_email_and_loses_none(
    broker_port, tmp_path
):
    """gunicorn, a worker and beat run against Redis, which is stopped under them and later
    started again: pages, sign-up, forum registration and a meeting change work meanwhile,
    and once Redis is back every e-mail queued meanwhile goes out exactly once."""
    redis = servers.RedisServer(broker_port)
    mails = tmp_path / "mails"
    env = {
        "REDIS_URL": redis.url,
        "EMAIL_URL": f"filemail:///{mails}",
        "EMAIL_BACKEND": FILE_PER_MESSAGE,
        "NOTIFICATIONS_DISPATCH_SECONDS": 1,  # beat's period, a minute in production
    }
    forum = ForumFactory(title="Forum de la facilitation des échanges")
    session = SessionFactory(forum=forum)
    representative = representative_of(OrganizationFactory(), email="moussa@example.ml")
    officer = OfficerFactory()
    meeting = scheduling.create_meeting(
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
    invitation = Notification.objects.get(kind=invitations.INVITATION_KIND)
    reminders = Notification.objects.filter(kind=meeting_reminders.REMINDER_KIND, status="pending")
    before = set(reminders.values_list("pk", "due_at"))
    assert len(before) == 2

    with (
        redis,
        servers.gunicorn(**env) as base,
        servers.celery_worker(log=tmp_path / "worker.log", **env),
        servers.celery_beat(tmp_path / "beat-schedule", log=tmp_path / "beat.log", **env),
    ):
        # Before the outage: every process is connected, and beat's runs send the invitation.
        assert servers.wait_for(lambda: status_of(invitation) == "sent")
        status, body = servers.get(f"{base}/healthz")
        assert status == 200 and b'"broker": "ok"' in body

        redis.stop()
        assert not redis.answers()

        status, body = servers.get(f"{base}/healthz")
        assert status == 200 and b'"broker": "error' in body
        for path in ("/", "/calendar/", f"/forums/{forum.slug}/"):
            assert servers.get(f"{base}{path}")[0] == 200, path

        status, headers, page = servers.Browser(base).post_form("/accounts/signup/", SIGN_UP)
        assert status == 302, page[page.find("<main") : page.find("</main>")]
        assert headers["Location"] == "/accounts/confirm-email/"

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
        meeting.refresh_from_db()
        assert meeting.start == in_days(6)
        # The reminders moved with the meeting.
        assert set(reminders.values_list("pk", "due_at")) == {
            (pk, due_at + timedelta(days=1)) for pk, due_at in before
        }

        # Time passes: the meeting's reminders fall due (the forum's, weeks ahead, do not).
        reminders.update(due_at=timezone.now())
        waiting = Notification.objects.due(timezone.now())
        kinds = Counter(waiting.values_list("kind", flat=True))
        assert kinds == {
            "message": 1,  # the sign-up's confirmation e-mail
            "forums.confirmation": 1,
            scheduling.NOTICE_KIND: 1,  # "the meeting has moved"
            meeting_reminders.REMINDER_KIND: 2,
        }
        due = set(waiting.values_list("pk", flat=True))
        # Everything the outage produced waits in the database; nothing went out meanwhile.
        assert {pk for pk, _ in delivered(mails)} == {invitation.pk}

        redis.start()
        # Beat's runs reach the worker again (both reconnect by themselves) and send them all.
        assert servers.wait_for(
            lambda: not Notification.objects.filter(pk__in=due).exclude(status="sent").exists(),
            timeout=60,
        )
        # Let one more whole dispatcher run pass: it finds nothing more to send.
        all_sent = timezone.now()
        assert servers.wait_for(
            lambda: notifications.last_beat(notifications.DISPATCHER_HEARTBEAT) > all_sent
        )

    assert not Notification.objects.filter(status="sending").exists()
    assert not Notification.objects.due(timezone.now()).exists()
    copies = Counter(pk for pk, _ in delivered(mails))
    assert copies == dict.fromkeys({invitation.pk, *due}, 1)
    sent_to = {address for _, address in delivered(mails)}
    assert sent_to == {representative.email, SIGN_UP["email"]}


def status_of(notification):
    return Notification.objects.values_list("status", flat=True).get(pk=notification.pk)
