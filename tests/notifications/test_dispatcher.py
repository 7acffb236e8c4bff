from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from portal.notifications import dispatcher, registry
from portal.notifications.models import Notification
from portal.notifications.queue import notify
from tests.factories import RepresentativeFactory
from tests.notifications.factories import queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_backend(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"


def test_a_rendered_email_is_addressed_to_its_row_only(deliver):
    @registry.renderer("tests.wide")
    def render(notification):
        return EmailMultiAlternatives(
            "Objet", "Texte", to=["x@example.ml", "y@example.ml"], bcc=["z@example.ml"]
        )

    user = RepresentativeFactory(email="seul@example.ml")
    notify("tests.wide", target=user, email=user.email, recipient=user)

    (message,) = deliver()
    assert (message.to, message.cc, message.bcc) == (["seul@example.ml"], [], [])


def test_a_sent_row_is_marked_sent_and_never_sent_again(deliver):
    row = queue()

    assert len(deliver()) == 1
    assert deliver() == []
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None


def test_a_failed_send_is_retried_with_back_off_then_marked_failed(failing_backend, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    row = queue()
    start = timezone.now()

    dispatcher.dispatch_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    first_delay = row.due_at - start
    assert "refused" in row.last_error

    with time_machine.travel(row.due_at + timedelta(seconds=1), tick=False):
        dispatcher.dispatch_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 2)
    second_delay = row.due_at - (start + first_delay)
    assert second_delay > first_delay  # the back-off grows

    with time_machine.travel(row.due_at + timedelta(seconds=1), tick=False):
        dispatcher.dispatch_due()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 3)


def test_a_retry_is_not_attempted_before_its_back_off(failing_backend):
    row = queue()
    dispatcher.dispatch_due()

    dispatcher.dispatch_due()  # immediately again: not due yet

    row.refresh_from_db()
    assert row.attempts == 1


def test_a_stale_claim_is_released_and_then_sent(deliver):
    row = queue()
    # A dispatcher claimed it, then died before sending.
    Notification.objects.filter(pk=row.pk).update(
        status="sending",
        claimed_at=timezone.now() - dispatcher.claim_timeout() - timedelta(seconds=1),
    )

    (message,) = deliver()

    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 2  # the lost try counts


def test_a_fresh_claim_is_left_to_its_dispatcher(deliver):
    row = queue()
    Notification.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())

    assert deliver() == []
    row.refresh_from_db()
    assert row.status == "sending"


def test_a_row_that_keeps_killing_dispatchers_is_failed_in_the_end(settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    row = queue()
    Notification.objects.filter(pk=row.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(hours=1)
    )

    dispatcher.release_stale_claims()

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)


def test_a_batch_that_runs_long_gives_back_its_unsent_rows(monkeypatch):
    rows = [queue(f"p{n}@example.ml") for n in range(3)]
    real_now = timezone.now
    calls = {"n": 0}

    def slow_now():
        # After the first send, pretend half the claim timeout has passed.
        calls["n"] += 1
        return real_now() + (dispatcher.claim_timeout() if len(mail.outbox) >= 1 else timedelta())

    monkeypatch.setattr(dispatcher.timezone, "now", slow_now)
    dispatcher.dispatch_due(batch_size=10, limit=1)
    monkeypatch.undo()

    statuses = sorted(
        Notification.objects.filter(pk__in=[r.pk for r in rows]).values_list("status", flat=True)
    )
    assert statuses == ["pending", "pending", "sent"]


def test_a_renderer_returning_none_drops_the_row(deliver):
    registry.renderer("tests.gone")(lambda notification: None)
    user = RepresentativeFactory()
    row = notify("tests.gone", target=user, email=user.email)

    assert deliver() == []
    row.refresh_from_db()
    assert row.status == "cancelled"


def test_an_unknown_kind_fails_after_its_retries_instead_of_blocking_the_queue(settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    user = RepresentativeFactory()
    row = notify("tests.nobody-renders-this", target=user, email=user.email)
    ok = queue()

    dispatcher.dispatch_due()

    row.refresh_from_db()
    ok.refresh_from_db()
    assert row.status == "failed" and ok.status == "sent"
