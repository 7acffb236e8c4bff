"""The dispatcher: it empties the notification queue.

Run every minute by Celery beat (tasks.dispatch_due) and whenever the queue nudges a worker,
it claims the due rows, renders each in its recipient's language and time zone, sends it
through one connection to the mail server per batch (or, for a row of another channel such as
a webhook's delivery, by the request its renderer returns), and marks it sent, or retries it
later and in the end marks it failed. It also gives back rows a dispatcher that died had claimed,
forgets old rows, and records its heartbeat so that a silent scheduler is noticed.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from portal.notifications import registry
from portal.notifications.models import Heartbeat, Notification, ReminderOptOut
from portal.notifications.payload import MESSAGE, deserialise

log = logging.getLogger(__name__)

DISPATCHER_HEARTBEAT = "dispatcher"


def claim_timeout():
    """How long a row may stay claimed before another dispatcher gives it back (the
    NOTIFICATIONS_CLAIM_TIMEOUT setting): long enough for a batch over a slow mail server,
    short enough that the e-mails of a worker that died are not late by much."""
    return timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)


# --- The dispatcher ---------------------------------------------------------------------


def dispatch_due(*, batch_size=None, now=None, limit=None):
    """Send every due notification; return how many were sent.

    Safe to run in several processes at once: each row is claimed by exactly one dispatcher,
    and sent only while that claim still holds (see _deliver). The heartbeat is recorded
    after each batch and when the run ends (never before the first batch is done), so a
    dispatcher that keeps crashing shows as silent on /healthz and the officers' dashboard,
    while one working through a long backlog does not.
    """
    batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
    release_stale_claims()
    sent = _dispatch(batch_size, now, limit)
    beat(DISPATCHER_HEARTBEAT)
    if sent:
        log.info("Sent %s notification(s)", sent)
    return sent


def _dispatch(batch_size, now, limit):
    sent = 0
    while limit is None or sent < limit:
        claimed_at, batch = _claim(batch_size, now)
        if not batch:
            break
        opted_out = _opted_out([n.recipient_id for n in batch if n.offset is not None])
        _prepare(batch)
        # One connection to the mail server for the batch, not one per e-mail.
        with _MailConnection() as mail:
            for index, notification in enumerate(batch):
                if timezone.now() - claimed_at > claim_timeout() / 2:
                    # This batch has taken long (a slow mail server): give the rest back
                    # rather than have release_stale_claims() in another dispatcher count a
                    # lost attempt against each. (Not needed for safety: _deliver sends a
                    # row only while this claim still holds.)
                    _release(batch[index:], claimed_at)
                    break
                if notification.offset is not None and notification.recipient_id in opted_out:
                    _drop(notification, claimed_at)
                    continue
                sent += _deliver(notification, claimed_at, mail)
        beat(DISPATCHER_HEARTBEAT)  # a long backlog is progress, not silence
    return sent


def _claim(batch_size, now=None):
    """Claim up to `batch_size` due rows for this dispatcher; return (claim time, rows).

    `skip_locked` lets concurrent dispatchers each take different rows; the claim (status
    SENDING) is committed before anything is sent, so no other dispatcher takes them later.
    """
    now = now or timezone.now()
    claimed_at = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.due(now)
            .order_by("due_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:batch_size]
        )
        if not ids:
            return claimed_at, []
        Notification.objects.filter(id__in=ids).update(
            status=Notification.Status.SENDING, claimed_at=claimed_at
        )
    rows = Notification.objects.filter(id__in=ids).select_related("recipient", "target_type")
    return claimed_at, list(rows.order_by("due_at", "id"))


def _prepare(batch):
    by_kind = {}
    for notification in batch:
        by_kind.setdefault(notification.kind, []).append(notification)
    for kind, rows in by_kind.items():
        prepare = registry.get_preparer(kind)
        if prepare is None:
            continue
        try:
            prepare(rows)
        except Exception as exc:  # the renderers then load what they need themselves
            log.warning("Preparing %s notifications failed: %s", kind, exc)


def _opted_out(user_ids):
    user_ids = {pk for pk in user_ids if pk}
    if not user_ids:
        return set()
    return set(
        ReminderOptOut.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )


def _release(rows, claimed_at):
    Notification.objects.filter(
        pk__in=[n.pk for n in rows], status=Notification.Status.SENDING, claimed_at=claimed_at
    ).update(status=Notification.Status.PENDING, claimed_at=None)


def _drop(notification, claimed_at):
    _still_claimed(notification, claimed_at).update(
        status=Notification.Status.CANCELLED, claimed_at=None
    )


def _still_claimed(notification, claimed_at):
    """The row, if this dispatcher's claim on it still holds: nobody re-planned, cancelled
    or released it since (sync_reminders and release_stale_claims clear `claimed_at`)."""
    return Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.SENDING, claimed_at=claimed_at
    )


class _MailConnection:
    """The e-mail backend's connection, opened on first use and reopened after a failure
    (which may have left it broken)."""

    def __init__(self):
        self.connection = None

    def __enter__(self):
        return self

    def send(self, message):
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        message.connection = self.connection
        try:
            message.send()
        except Exception:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception as exc:
                log.info("Closing the mail connection failed: %s", exc)
            self.connection = None

    def __exit__(self, *exc_info):
        self.close()


def _deliver(notification, claimed_at, mail):
    """Send one claimed row, in a transaction of its own that holds the row's lock from
    before rendering until the "sent" mark is committed.

    The lock and the claim check make a row go out right, or not at all:
    - A change to what the row is about (a meeting moved, its venue changed, an invitee
      gone) goes through sync_reminders, which locks the target's claimed rows too: it waits
      for the one row in flight (one exchange with the mail server), and gives the others
      back re-planned, so they are skipped here and sent later, rendered from the target as
      it is then. So no e-mail leaves with what was true before a change that has committed.
    - A slow but alive dispatcher whose rows release_stale_claims() gave back to another one
      never sends them too: their `claimed_at` is no longer this batch's (and the row in
      flight, locked, is not released at all).
    The duplicate window is the time between the mail server's acceptance and the commit of
    the mark (a synchronous commit: once it returns, the mark survives even a crash of the
    database server). A dispatcher that dies in it leaves the row `sending`; it is given back
    and sent again. So at most one duplicate per message in flight at the crash (one per
    dispatching process), and none lost.
    """
    message = None
    try:
        with transaction.atomic():
            if not _lock_if_still_claimed(notification, claimed_at):
                return 0  # re-planned, cancelled or released since the claim
            # Its occurrence and due time are still those claimed: a re-plan clears the claim.
            message = _render(notification)
            if message is None:
                _drop(notification, claimed_at)
                return 0
            _send(message, mail)
            _mark_sent(notification, claimed_at)
        return 1
    except Exception as exc:  # a failing send must not stop the batch
        log.warning("Notification %s could not be sent: %s", notification.pk, exc)
        final = _record_failure(notification, claimed_at, exc)
        if message is not None and not isinstance(message, EmailMessage):
            _tell_failed(message, exc, final)
        return 0


def _send(message, mail):
    """Send a rendered row: an e-mail through the batch's mail connection, or a request of
    another channel (a webhook's POST, portal.webhooks.sending.Outgoing) by its own `send()`,
    which raises when the other end did not take it. The row is marked sent in the same
    transaction, so what `send()` writes is committed with the mark, or not at all."""
    if isinstance(message, EmailMessage):
        mail.send(message)
    else:
        message.send()


def _tell_failed(message, exc, final):
    """Let another channel's request record a failed attempt, once the row's retry (or its
    failure, `final`) is planned: its `failed()` runs in a transaction of its own, since the
    row's was rolled back."""
    try:
        message.failed(exc, final=final)
    except Exception as error:
        log.warning("Recording a failed %s failed: %s", type(message).__name__, error)


# The two statements run for every e-mail are written in SQL: the ORM's compiling them cost
# more CPU than everything else the database side of an e-mail does (bench/dispatch_reminders).


def _lock_if_still_claimed(notification, claimed_at):
    """Lock the row (until the transaction ends) if this dispatcher's claim on it holds."""
    sql = (
        f"SELECT 1 FROM {Notification._meta.db_table}"
        " WHERE id = %s AND status = %s AND claimed_at = %s"
    )
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    params = [notification.pk, Notification.Status.SENDING, _as_column(claimed_at)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _mark_sent(notification, claimed_at):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Notification._meta.db_table} SET status = %s, sent_at = %s,"
            " attempts = attempts + 1, claimed_at = NULL, last_error = ''"
            " WHERE id = %s AND status = %s AND claimed_at = %s",
            [
                Notification.Status.SENT,
                _as_column(timezone.now()),
                notification.pk,
                Notification.Status.SENDING,
                _as_column(claimed_at),
            ],
        )


def _as_column(moment):
    return connection.ops.adapt_datetimefield_value(moment)


def _render(notification):
    recipient = notification.recipient
    language = (
        recipient.language if recipient else notification.language
    ) or settings.LANGUAGE_CODE
    zone = (recipient.time_zone if recipient else notification.time_zone) or settings.TIME_ZONE
    if notification.kind == MESSAGE:
        message = deserialise(notification)
    else:
        render = registry.get_renderer(notification.kind)
        with translation.override(language), timezone.override(zone):
            message = render(notification)
    if isinstance(message, EmailMessage):
        message.to = [notification.email]
        message.cc = []
        message.bcc = []
        # Which row an e-mail came from, for support and for the duplicate checks in tests.
        message.extra_headers["X-Portal-Notification"] = str(notification.pk)
        # One Message-ID per row, the same at every attempt: a retried send that did reach
        # the mail server the first time is recognised as the same message.
        message.extra_headers["Message-ID"] = message_id(notification)
        if not message.reply_to:
            message.reply_to = [settings.DEFAULT_REPLY_TO_EMAIL]
    return message


def message_id(notification):
    """The row's Message-ID, on the portal's domain (MESSAGE_ID_DOMAIN). The row's creation
    time keeps two databases' rows of the same number apart (a restored backup, the demo)."""
    made = int(notification.created_at.timestamp()) if notification.created_at else 0
    return f"<notification.{notification.pk}.{made}@{settings.MESSAGE_ID_DOMAIN}>"


def _record_failure(notification, claimed_at, exc):
    attempts = notification.attempts + 1
    if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        status, due_at = Notification.Status.FAILED, notification.due_at
    else:
        # Back off: 1, 2, 4, 8, ... minutes, capped at an hour.
        status = Notification.Status.PENDING
        due_at = timezone.now() + timedelta(minutes=min(2 ** (attempts - 1), 60))
    _still_claimed(notification, claimed_at).update(
        status=status, due_at=due_at, attempts=attempts, claimed_at=None, last_error=str(exc)[:2000]
    )
    return status == Notification.Status.FAILED


def release_stale_claims(now=None):
    """Give back rows claimed by a dispatcher that died before it could mark them; the normal
    path then renders them afresh from their target.

    Rows claimed longer ago than NOTIFICATIONS_CLAIM_TIMEOUT are taken, except the one a
    live dispatcher is sending at this moment (it holds its lock: `skip_locked`); a live
    but slow dispatcher then skips the others when it reaches them (see _deliver), so a
    short timeout never makes an e-mail go out twice. Each release counts as an attempt, so
    a row that kills every dispatcher that takes it is marked failed after
    NOTIFICATIONS_MAX_ATTEMPTS instead of being retried for ever.
    """
    cutoff = (now or timezone.now()) - claim_timeout()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)
        )
        if not ids:
            return 0
        stale = Notification.objects.filter(id__in=ids, status=Notification.Status.SENDING)
        failed = stale.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS - 1).update(
            status=Notification.Status.FAILED,
            attempts=F("attempts") + 1,
            claimed_at=None,
            last_error="The dispatcher stopped while sending.",
        )
        released = stale.update(
            status=Notification.Status.PENDING, claimed_at=None, attempts=F("attempts") + 1
        )
    return released + failed


def purge_old(days=180):
    """Forget sent and cancelled rows after a while; failed ones stay for the operator."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Notification.objects.filter(
        status__in=[Notification.Status.SENT, Notification.Status.CANCELLED], due_at__lt=cutoff
    ).delete()
    return deleted


# --- Heartbeats -------------------------------------------------------------------------


def beat(name):
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})


def last_beat(name):
    return Heartbeat.objects.filter(name=name).values_list("last_seen", flat=True).first()


def dispatcher_is_silent(now=None, grace=timedelta(minutes=5)):
    """True when the dispatcher has not run for `grace`: reminders are not going out."""
    seen = last_beat(DISPATCHER_HEARTBEAT)
    return seen is None or (now or timezone.now()) - seen > grace
