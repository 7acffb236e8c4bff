"""Complaints: reporting, the reporter's follow-up, and the integrity unit's handling.

- A report is written with its deadlines (acknowledgement and decision, in working days of
  its receipt: INTEGRITY_ACKNOWLEDGE_DAYS, INTEGRITY_DECISION_DAYS) and a receipt code, of
  which only the hash is kept; the unit is told of it without its content.
- Every write of the unit locks the case's row, checks, then writes, and leaves a CaseEvent.
  The first answer of the unit (acknowledgement, a change of status, a reply, the closing)
  acknowledges the case if it was not yet.
- A closed case takes no more change of status nor messages.
- `complaint_deadlines` (daily) reminds the unit of cases whose deadline is today or the
  next working day, and tells the unit's heads once of a case past each of its deadlines.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity import receipts
from integrity.models import CaseAttachment, CaseEvent, CaseMessage, CaseRead, Complaint
from integrity.workdays import add_working_days
from portal import permissions, uploads
from portal.notifications import queue as notifications

NEW = "integrity.complaint_new"
ANSWERED = "integrity.complaint_answered"
REPLY = "integrity.complaint_reply"
REMINDER = "integrity.complaint_reminder"
ESCALATED = "integrity.complaint_escalated"


def _check_unit(user):
    if not permissions.is_integrity_unit(user):
        raise PermissionDenied


def _lock(complaint):
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _next_reference(year):
    prefix = f"PL-{year}-"
    last = (
        Complaint.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _attach(complaint, files, message=None):
    for upload in files:
        content_type = uploads.check_upload(upload, limit=settings.INTEGRITY_MAX_UPLOAD_BYTES)
        CaseAttachment.objects.create(
            complaint=complaint,
            message=message,
            file=upload,
            original_name=uploads.clean_name(upload.name),
            content_type=content_type,
            size=upload.size,
        )


def _tell_unit(kind, complaint, key):
    for member in permissions.integrity_unit_members().order_by("pk"):
        notifications.notify(
            kind,
            target=complaint,
            email=member.email,
            recipient=member,
            language=member.language,
            key=f"{key}:{member.pk}",
        )


def submit_complaint(
    *, acting_user, category, occurred_on, place, description, anonymous, files=(), now=None
):
    """Record a report; return (complaint, receipt code). The code is returned once, here,
    and kept nowhere: only its hash is stored.

    `anonymous` (always, for a visitor) links the case to no account. Nothing about the
    request (address, browser) is kept either way.
    """
    now = now or timezone.now()
    if occurred_on > timezone.localdate(now):
        raise ValidationError({"occurred_on": _("The date of the facts cannot be in the future.")})
    received = timezone.localdate(now)
    reporter = None
    if not anonymous and acting_user is not None and acting_user.is_authenticated:
        reporter = acting_user
    code = receipts.new_code()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    reference=_next_reference(received.year),
                    category=category,
                    occurred_on=occurred_on,
                    place=place,
                    description=description,
                    receipt_hash=receipts.hash_code(code),
                    reporter=reporter,
                    received_at=now,
                    acknowledge_by=add_working_days(received, settings.INTEGRITY_ACKNOWLEDGE_DAYS),
                    decide_by=add_working_days(received, settings.INTEGRITY_DECISION_DAYS),
                )
                _attach(complaint, files)
                CaseEvent.objects.create(complaint=complaint, kind=CaseEvent.Kind.RECEIVED, at=now)
                _tell_unit(NEW, complaint, f"{NEW}:{complaint.pk}")
        except IntegrityError:  # two reports took the same reference at once: take the next
            continue
        return complaint, code
    raise IntegrityError("no free complaint reference")


def find_by_code(typed):
    """The case whose receipt code was typed, or None."""
    if not receipts.normalise(typed):
        return None
    return Complaint.objects.filter(receipt_hash=receipts.hash_code(typed)).first()


@transaction.atomic
def add_reporter_message(complaint, *, body, files=(), acting_user=None):
    """The reporter answers the unit or adds information (and files)."""
    complaint = _lock(complaint)
    if complaint.is_closed:
        raise ValidationError(_("This case is closed: it takes no more messages."))
    author = (
        complaint.reporter if complaint.reporter_id == getattr(acting_user, "pk", None) else None
    )
    message = CaseMessage.objects.create(
        complaint=complaint, sender=CaseMessage.Sender.REPORTER, author=author, body=body
    )
    _attach(complaint, files, message)
    _tell_unit(ANSWERED, complaint, f"{ANSWERED}:{message.pk}")
    return message


def record_read(complaint, *, acting_user):
    _check_unit(acting_user)
    return CaseRead.objects.create(complaint=complaint, user=acting_user)


def _acknowledge(complaint, acting_user, now):
    if complaint.acknowledged_at is None:
        complaint.acknowledged_at = now
        if complaint.status == Complaint.Status.RECEIVED:
            complaint.status = Complaint.Status.REVIEW
        CaseEvent.objects.create(
            complaint=complaint, kind=CaseEvent.Kind.ACKNOWLEDGED, actor=acting_user, at=now
        )


def _open_case(complaint, acting_user):
    _check_unit(acting_user)
    complaint = _lock(complaint)
    if complaint.is_closed:
        raise ValidationError(_("This case is closed: it can no longer be changed."))
    return complaint


@transaction.atomic
def acknowledge(complaint, *, acting_user, now=None):
    complaint = _open_case(complaint, acting_user)
    if complaint.acknowledged_at is not None:
        raise ValidationError(_("This case has already been acknowledged."))
    _acknowledge(complaint, acting_user, now or timezone.now())
    complaint.save()
    return complaint


@transaction.atomic
def change_status(complaint, *, acting_user, status, now=None):
    """Under review or referred (closing is `close`, with its finding)."""
    if status not in (Complaint.Status.REVIEW, Complaint.Status.REFERRED):
        raise ValidationError({"status": _("Choose “under review” or “referred”.")})
    now = now or timezone.now()
    complaint = _open_case(complaint, acting_user)
    _acknowledge(complaint, acting_user, now)
    if complaint.status != status:
        complaint.status = status
        CaseEvent.objects.create(
            complaint=complaint,
            kind=CaseEvent.Kind.STATUS,
            detail=Complaint.Status(status).label,
            actor=acting_user,
            at=now,
        )
    complaint.save()
    return complaint


@transaction.atomic
def close(complaint, *, acting_user, finding, reply="", now=None):
    """Close the case with its finding, and (optionally) say so to the reporter."""
    if finding not in Complaint.Finding.values:
        raise ValidationError({"finding": _("Choose the finding that closes the case.")})
    now = now or timezone.now()
    complaint = _open_case(complaint, acting_user)
    _acknowledge(complaint, acting_user, now)
    if reply:
        _reply(complaint, acting_user, reply, now)
    complaint.status = Complaint.Status.CLOSED
    complaint.finding = finding
    complaint.closed_at = now
    complaint.save()
    CaseEvent.objects.create(
        complaint=complaint,
        kind=CaseEvent.Kind.CLOSED,
        detail=Complaint.Finding(finding).label,
        actor=acting_user,
        at=now,
    )
    return complaint


def _reply(complaint, acting_user, body, now):
    message = CaseMessage.objects.create(
        complaint=complaint,
        sender=CaseMessage.Sender.UNIT,
        author=acting_user,
        body=body,
        created_at=now,
    )
    reporter = complaint.reporter
    if reporter is not None and reporter.is_active:
        notifications.notify(
            REPLY,
            target=complaint,
            email=reporter.email,
            recipient=reporter,
            language=reporter.language,
            key=f"{REPLY}:{message.pk}",
        )
    return message


@transaction.atomic
def reply(complaint, *, acting_user, body, now=None):
    """A message to the reporter: read through the receipt code, or in "my reports" (and
    announced by e-mail, without its content, to a reporter who gave their name)."""
    now = now or timezone.now()
    complaint = _open_case(complaint, acting_user)
    _acknowledge(complaint, acting_user, now)
    complaint.save()
    return _reply(complaint, acting_user, body, now)


@transaction.atomic
def add_note(complaint, *, acting_user, body):
    """An internal note of the unit, never shown to the reporter (allowed on closed cases)."""
    _check_unit(acting_user)
    complaint = _lock(complaint)
    return CaseMessage.objects.create(
        complaint=complaint,
        sender=CaseMessage.Sender.UNIT,
        author=acting_user,
        body=body,
        internal=True,
    )


@transaction.atomic
def link_actions(complaint, *, acting_user, actions):
    """The action-plan actions that answer the case ("what we changed"); allowed after it
    closed, since the change often comes later."""
    _check_unit(acting_user)
    complaint = _lock(complaint)
    complaint.actions.set(actions)
    CaseEvent.objects.create(
        complaint=complaint,
        kind=CaseEvent.Kind.ACTIONS,
        detail=", ".join(str(a.pk) for a in actions)[:300],
        actor=acting_user,
    )
    return complaint


# --- Deadlines ----------------------------------------------------------------------------


def complaint_deadlines(*, today=None, now=None):
    """Remind the unit of open cases whose next deadline is today or the next working day
    (once per case and deadline), and tell the heads of cases past a deadline, once per
    deadline (`escalated_at` keeps the last one). Returns (reminded, escalated) counts."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    soon = add_working_days(today, 1)
    reminded = escalated = 0
    for complaint in Complaint.objects.open().order_by("pk"):
        if complaint.acknowledged_at is None:
            deadline, which = complaint.acknowledge_by, "acknowledge"
        else:
            deadline, which = complaint.decide_by, "decide"
        if today <= deadline <= soon:
            _tell_unit(REMINDER, complaint, f"{REMINDER}:{complaint.pk}:{which}")
            reminded += 1
        elif today > deadline and _escalate(complaint, deadline, now):
            escalated += 1
    return reminded, escalated


@transaction.atomic
def _escalate(complaint, deadline, now):
    complaint = _lock(complaint)
    if complaint.escalated_at is not None and timezone.localdate(complaint.escalated_at) > deadline:
        return False  # already told about this deadline
    complaint.escalated_at = now
    complaint.save(update_fields=["escalated_at"])
    CaseEvent.objects.create(complaint=complaint, kind=CaseEvent.Kind.ESCALATED, at=now)
    for head in permissions.integrity_heads().order_by("pk"):
        notifications.notify(
            ESCALATED,
            target=complaint,
            email=head.email,
            recipient=head,
            language=head.language,
            key=f"{ESCALATED}:{complaint.pk}:{deadline.isoformat()}:{head.pk}",
        )
    return True
