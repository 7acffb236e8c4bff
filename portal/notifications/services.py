"""Writes to the notification queue, and the dispatcher that empties it.

Apps never send e-mail themselves: they add rows here (`notify` for an e-mail rendered at send
time from its target, `queue_message` for one already rendered) and the dispatcher sends them.
The rows are the source of truth; Redis only carries the "dispatch now" nudge and beat's
once-a-minute run, so an outage of the broker delays e-mails but loses none.
"""

import base64
import hashlib
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from portal.notifications import registry
from portal.notifications.models import Heartbeat, Notification, ReminderOptOut

log = logging.getLogger(__name__)

MESSAGE = "message"
# A row claimed by a dispatcher that then died is given back after this long.
CLAIM_TIMEOUT = timedelta(minutes=10)
DISPATCHER_HEARTBEAT = "dispatcher"


# --- Adding rows ------------------------------------------------------------------------


def notify(
    kind,
    *,
    target,
    email,
    recipient=None,
    due_at=None,
    occurrence=None,
    offset=None,
    key=None,
    language="",
    time_zone="",
    payload=None,
):
    """Add a notification of a registered kind, rendered at send time from `target`.

    With a `key`, making the same notification again returns the existing row (a reminder is
    unique per entry, occurrence, recipient and offset), and a cancelled one is revived.
    """
    fields = {
        "kind": kind,
        "recipient": recipient,
        "email": email,
        "language": language,
        "time_zone": time_zone,
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
        "occurrence": occurrence,
        "offset": offset,
        "due_at": due_at or timezone.now(),
        "payload": payload or {},
    }
    if key is None:
        row = Notification.objects.create(**fields)
    else:
        row = _create_or_revive(key, fields)
    _nudge_after_commit(row.due_at)
    return row


def _create_or_revive(key, fields):
    key = _fit_key(key)
    # The outer atomic block: select_for_update() below needs a transaction even when the
    # caller has none (PostgreSQL refuses it in autocommit mode).
    with transaction.atomic():
        try:
            with transaction.atomic():
                return Notification.objects.create(key=key, **fields)
        except IntegrityError:
            row = Notification.objects.select_for_update().get(key=key)
            if row.status in (Notification.Status.PENDING, Notification.Status.CANCELLED):
                row.status = Notification.Status.PENDING
                row.due_at = fields["due_at"]
                row.attempts = 0
                row.save(update_fields=["status", "due_at", "attempts"])
            return row


KEY_LENGTH = 255


def _fit_key(key):
    """Keys carry e-mail addresses, which can be long: past the column's width, the tail is
    replaced by its hash (still unique, still the same for the same reminder)."""
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_LENGTH - len(digest) - 1]}#{digest}"


@dataclass(frozen=True)
class Reminder:
    """One wanted reminder: who, about which occurrence, how long before it."""

    email: str
    occurrence: datetime  # the occurrence's current start
    offset: timedelta
    occurrence_id: str = ""  # stable for the occurrence even when it moves ("" if single)
    recipient: object = None  # the User, when the person has an account
    language: str = ""
    time_zone: str = ""


def sync_reminders(kind, target, wanted, *, now=None):
    """Make the pending reminders of `kind` about `target` exactly those `wanted`.

    The one way reminders are computed: call it when an entry is created, moved, cancelled
    (with nothing wanted), or its invitees change. Each reminder is unique per (entry,
    occurrence, recipient, offset); a moved occurrence keeps its rows with a new due time, a
    recipient no longer wanted has theirs cancelled, and reminders already due are not made.
    Sent rows are never touched. Returns (created, updated, cancelled).
    """
    now = now or timezone.now()
    target_type = ContentType.objects.get_for_model(target)
    prefix = f"{kind}:{target_type.pk}:{target.pk}:"
    desired = {}
    # Reminders whose time has come but that the dispatcher has not sent yet: a re-sync must
    # neither make them (too late) nor cancel them (they are still right).
    overdue = {}
    for reminder in wanted:
        due_at = reminder.occurrence - reminder.offset
        key = _fit_key(
            f"{prefix}{reminder.occurrence_id}:{reminder.email.lower()}:"
            f"{int(reminder.offset.total_seconds())}"
        )
        if due_at <= now:
            overdue[key] = (due_at, reminder.occurrence)
            continue
        desired[key] = (reminder, due_at)

    created = updated = cancelled = 0
    with transaction.atomic():
        existing = {
            row.key: row
            for row in Notification.objects.select_for_update().filter(
                target_type=target_type,
                target_id=target.pk,
                kind=kind,
                status__in=[Notification.Status.PENDING, Notification.Status.CANCELLED],
            )
        }
        for key, row in existing.items():
            if overdue.get(key) == (row.due_at, row.occurrence):
                continue
            if key not in desired and row.status == Notification.Status.PENDING:
                row.status = Notification.Status.CANCELLED
                row.save(update_fields=["status"])
                cancelled += 1
        sent_keys = set(
            Notification.objects.filter(key__in=list(desired))
            .exclude(status__in=[Notification.Status.PENDING, Notification.Status.CANCELLED])
            .values_list("key", flat=True)
        )
        for key, (reminder, due_at) in desired.items():
            if key in sent_keys:
                continue
            row = existing.get(key)
            if row is None:
                Notification.objects.create(
                    key=key,
                    kind=kind,
                    target_type=target_type,
                    target_id=target.pk,
                    recipient=reminder.recipient,
                    email=reminder.email,
                    language=reminder.language,
                    time_zone=reminder.time_zone,
                    occurrence=reminder.occurrence,
                    offset=reminder.offset,
                    due_at=due_at,
                )
                created += 1
            elif (row.status, row.due_at, row.occurrence) != (
                Notification.Status.PENDING,
                due_at,
                reminder.occurrence,
            ):
                row.status = Notification.Status.PENDING
                row.due_at = due_at
                row.occurrence = reminder.occurrence
                row.attempts = 0
                row.save(update_fields=["status", "due_at", "occurrence", "attempts"])
                updated += 1
    return created, updated, cancelled


def queue_message(message, *, recipient=None, kind=MESSAGE):
    """Queue an already-rendered EmailMessage: one row (so one e-mail) per addressee."""
    rows = []
    for address in [*message.to, *message.cc, *message.bcc]:
        rows.append(
            Notification.objects.create(
                kind=kind,
                recipient=recipient,
                email=address,
                due_at=timezone.now(),
                payload=_serialise(message),
            )
        )
    _nudge_after_commit(timezone.now())
    return rows


def cancel_for(target, *, kind=None, recipient=None, email=None):
    """Cancel the pending notifications about `target` (optionally of one kind or person)."""
    rows = Notification.objects.pending().about(target)
    if kind:
        rows = rows.filter(kind=kind)
    if recipient is not None:
        rows = rows.filter(recipient=recipient)
    if email is not None:
        rows = rows.filter(email__iexact=email)
    return rows.update(status=Notification.Status.CANCELLED)


def _serialise(message):
    data = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "headers": dict(message.extra_headers),
        "alternatives": [],
        "attachments": [],
    }
    for content, mimetype in getattr(message, "alternatives", []):
        data["alternatives"].append([content, mimetype])
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        data["attachments"].append([filename, base64.b64encode(content).decode(), mimetype])
    return data


def _deserialise(notification):
    data = notification.payload
    msg = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        [notification.email],
        headers=data.get("headers") or {},
    )
    for content, mimetype in data.get("alternatives", []):
        msg.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", []):
        msg.attach(filename, base64.b64decode(content), mimetype)
    return msg


# --- The dispatcher ---------------------------------------------------------------------


def dispatch_due(*, batch_size=None, now=None, limit=None):
    """Send every due notification; return how many were sent.

    Safe to run in several processes at once: each row is claimed by exactly one dispatcher.
    The heartbeat is recorded after each batch and when the run ends (never before the first
    batch is done), so a dispatcher that keeps crashing shows as silent on /healthz and the
    officers' dashboard, while one working through a long backlog does not.
    """
    batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
    release_stale_claims()
    with _asynchronous_commit():
        sent = _dispatch(batch_size, now, limit)
    beat(DISPATCHER_HEARTBEAT)
    return sent


@contextmanager
def _asynchronous_commit():
    """The dispatcher's own writes (claims, "sent" marks) do not wait for the disk: each
    commit would otherwise cost an fsync per e-mail, and throughput would be the disk's.
    Only a crash of the database server or of the machine can lose the last fraction of a
    second of them, and a lost "sent" mark means that e-mail goes out once more (see
    _deliver). PostgreSQL: synchronous_commit off; SQLite in WAL mode: synchronous NORMAL.
    """
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        setting, restore = "SET synchronous_commit TO OFF", "RESET synchronous_commit"
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            wal = cursor.fetchone()[0].lower() == "wal"
            cursor.execute("PRAGMA synchronous")
            previous = cursor.fetchone()[0]
        if not wal:
            yield
            return
        setting, restore = "PRAGMA synchronous = NORMAL", f"PRAGMA synchronous = {int(previous)}"
    else:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(setting)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(restore)


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
                if timezone.now() - claimed_at > CLAIM_TIMEOUT / 2:
                    # This batch has taken long (a slow mail server): give the rest back
                    # before release_stale_claims() in another dispatcher could, so that no
                    # row is ever sent by two dispatchers.
                    _release(batch[index:], claimed_at)
                    break
                if notification.offset is not None and notification.recipient_id in opted_out:
                    _drop(notification)
                    continue
                sent += _deliver(notification, mail)
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


def _drop(notification):
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.CANCELLED, claimed_at=None
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


def _deliver(notification, mail=None):
    try:
        message = _render(notification)
        if message is None:
            _drop(notification)
            return 0
        if mail is None:
            message.send()
        else:
            mail.send(message)
    except Exception as exc:  # a failing send must not stop the batch
        log.warning("Notification %s could not be sent: %s", notification.pk, exc)
        _record_failure(notification, exc)
        return 0
    # The duplicate window: a crash between send() above and this update leaves the row
    # SENDING; release_stale_claims() then gives it back and it is sent a second time. That
    # window is one SMTP exchange wide, the smallest an e-mail (which cannot be rolled back)
    # allows. (Only a crash of the PostgreSQL server itself widens it, to the fraction of a
    # second of asynchronous commits it may lose: see _asynchronous_commit.)
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claimed_at=None,
        last_error="",
    )
    return 1


def _render(notification):
    recipient = notification.recipient
    language = (
        recipient.language if recipient else notification.language
    ) or settings.LANGUAGE_CODE
    zone = (recipient.time_zone if recipient else notification.time_zone) or settings.TIME_ZONE
    if notification.kind == MESSAGE:
        message = _deserialise(notification)
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
    return message


def _record_failure(notification, exc):
    attempts = notification.attempts + 1
    if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        status, due_at = Notification.Status.FAILED, notification.due_at
    else:
        # Back off: 1, 2, 4, 8, ... minutes, capped at an hour.
        status = Notification.Status.PENDING
        due_at = timezone.now() + timedelta(minutes=min(2 ** (attempts - 1), 60))
    Notification.objects.filter(pk=notification.pk).update(
        status=status, due_at=due_at, attempts=attempts, claimed_at=None, last_error=str(exc)[:2000]
    )


def release_stale_claims(now=None):
    """Give back rows claimed by a dispatcher that died before it could mark them.

    Each release counts as an attempt, so a row that kills every dispatcher that takes it is
    marked failed after NOTIFICATIONS_MAX_ATTEMPTS instead of being retried for ever.
    """
    cutoff = (now or timezone.now()) - CLAIM_TIMEOUT
    stale = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=cutoff)
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


# --- Preferences ------------------------------------------------------------------------


def set_reminders(user, *, enabled):
    """Opt a person in or out of reminders (every kind). Rows are kept: the dispatcher drops
    an opted-out person's reminders when they fall due, so opting back in needs no re-sync."""
    if enabled:
        ReminderOptOut.objects.filter(user=user).delete()
    else:
        ReminderOptOut.objects.get_or_create(user=user)


def wants_reminders(user):
    return not ReminderOptOut.objects.filter(user=user).exists()


# --- Heartbeats -------------------------------------------------------------------------


def beat(name):
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})


def last_beat(name):
    return Heartbeat.objects.filter(name=name).values_list("last_seen", flat=True).first()


def dispatcher_is_silent(now=None, grace=timedelta(minutes=5)):
    """True when the dispatcher has not run for `grace`: reminders are not going out."""
    seen = last_beat(DISPATCHER_HEARTBEAT)
    return seen is None or (now or timezone.now()) - seen > grace


# --- Nudging the worker -----------------------------------------------------------------


def _nudge_after_commit(due_at):
    if not getattr(settings, "NOTIFICATIONS_NUDGE", True):
        return
    if due_at > timezone.now() + timedelta(seconds=30):
        return  # beat's once-a-minute run will find it when it is due
    transaction.on_commit(_nudge)


# One nudge a second per process is plenty: a dispatcher run sends everything that is due,
# so a burst of rows (an announcement, a seeded demo) needs one nudge, not one each.
NUDGE_INTERVAL = 1.0
_last_nudge = [float("-inf")]
_nudge_lock = threading.Lock()


def _nudge():
    """Ask a worker to dispatch now, off the request's thread: a request never waits on Redis.

    If the broker is down the nudge is lost, which is fine: the row stays pending and beat's
    next run after the broker is back sends it.
    """
    with _nudge_lock:
        now = time.monotonic()
        if now - _last_nudge[0] < NUDGE_INTERVAL:
            return
        _last_nudge[0] = now
    threading.Thread(target=send_nudge, daemon=True).start()


def send_nudge():
    """Send the "dispatch now" task; never raises. A fresh connection each time, with the
    broker's short connect timeout, so a broker that is down costs little even here."""
    from portal.celery import app
    from portal.notifications.tasks import dispatch_due as task

    try:
        with app.connection_for_write() as connection:
            task.apply_async(connection=connection, retry=False)
        return True
    except Exception as exc:
        log.info("Could not nudge the dispatcher (the broker may be down): %s", exc)
        return False
