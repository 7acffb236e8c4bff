"""The notification queue: what to send, to whom, and when.

Apps never send e-mail themselves: they add rows here (`notify` for an e-mail rendered at send
time from its target, `queue_message` for one already rendered, `sync_reminders` for the
reminders of an entry) and the dispatcher (dispatcher.py) sends them when they are due. People
can opt out of reminders here too. Each write nudges a worker after the commit so that what is
due now leaves now; the rows are the source of truth, and Redis only carries that nudge and
beat's once-a-minute run, so an outage of the broker delays e-mails but loses none.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import logs
from portal.notifications.models import Notification, ReminderOptOut
from portal.notifications.payload import MESSAGE, serialise

log = logging.getLogger(__name__)


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
    """Make the reminders of `kind` about `target` exactly those `wanted`.

    The one way reminders are computed: call it when an entry is created, moved, cancelled
    (with nothing wanted), or anything a reminder shows changes (its invitees among it).
    Each reminder is unique per (entry, occurrence, recipient, offset); a moved occurrence
    keeps its rows with a new due time, a recipient no longer wanted has theirs cancelled,
    and reminders already due are not made. Returns (created, updated, cancelled).

    Rows a dispatcher has claimed (`sending`) are re-checked like pending ones, so that none
    goes out with what was true before this change: the one being sent at this moment is
    waited for (its lock, see dispatcher._deliver); the others are re-planned, cancelled, or,
    when still right, given back `pending` to be rendered afresh. A reminder already sent
    for an occurrence that has moved since, and is due again at a time still to come, is
    made again for the new time; other sent rows are never touched.
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

    Status = Notification.Status
    created = updated = cancelled = 0
    with transaction.atomic():
        existing = {
            row.key: row
            for row in Notification.objects.select_for_update().filter(
                target_type=target_type,
                target_id=target.pk,
                kind=kind,
                status__in=[Status.PENDING, Status.CANCELLED, Status.SENDING],
            )
        }
        # Sent (or failed) rows of the wanted reminders, the one just sent (waited for
        # above) among them: a sent one whose occurrence has moved is made again.
        existing.update(
            (row.key, row)
            for row in Notification.objects.select_for_update().filter(
                key__in=list(desired), status__in=[Status.SENT, Status.FAILED]
            )
        )
        for key, row in existing.items():
            if key in desired or row.status == Status.CANCELLED:
                continue
            if overdue.get(key) == (row.due_at, row.occurrence):
                if row.status == Status.SENDING:  # still right: rendered afresh, later
                    row.status, row.claimed_at = Status.PENDING, None
                    row.save(update_fields=["status", "claimed_at"])
                    updated += 1
                continue
            row.status, row.claimed_at = Status.CANCELLED, None
            row.save(update_fields=["status", "claimed_at"])
            cancelled += 1
        for key, (reminder, due_at) in desired.items():
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
            elif row.status == Status.FAILED or (
                row.status == Status.SENT and row.occurrence == reminder.occurrence
            ):
                continue  # sent for this very time, or failed: left as it is
            elif (row.status, row.due_at, row.occurrence) != (
                Status.PENDING,
                due_at,
                reminder.occurrence,
            ):
                row.status = Status.PENDING
                row.due_at = due_at
                row.occurrence = reminder.occurrence
                row.attempts = 0
                row.claimed_at = None
                row.save(update_fields=["status", "due_at", "occurrence", "attempts", "claimed_at"])
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
                payload=serialise(message),
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


# --- Nudging the worker -----------------------------------------------------------------


def _nudge_after_commit(due_at):
    if not settings.NOTIFICATIONS_NUDGE:
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
    # In a copy of the request's context: the task carries the request's id (portal.logs).
    logs.send_in_thread(send_nudge)


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
