"""The integrity app's e-mails, rendered at send time by the notification dispatcher (in the
recipient's language and time zone). One section per register; each renderer re-checks that
its e-mail still applies and returns None (the row is dropped) otherwise.
"""

from django.conf import settings
from django.urls import reverse

from integrity.models import ContactEntry
from integrity.services import complaints as _complaints
from integrity.services import register as register_services
from portal import permissions
from portal.notifications import registry
from portal.notifications.emails import render_email

# --- The register of contacts ---------------------------------------------------------------
#
# The officer who held a contact is reminded to complete its entry; nothing is sent once the
# entry is no longer a draft, its due date has moved, or someone else now holds it.


def _absolute(url):
    return f"{settings.SITE_URL}{url}"


@registry.renderer(register_services.REMINDER_KIND)
def render_entry_due(notification):
    entry = (
        ContactEntry.objects.select_related("meeting", "officer")
        .filter(pk=notification.target_id)
        .first()
    )
    if entry is None or not entry.is_draft:
        return None
    if notification.payload.get("due_on") != entry.due_on.isoformat():
        return None  # the contact's date changed: the reminder made for the new date goes
    if notification.recipient_id is None or notification.recipient_id != entry.officer_id:
        return None
    context = {
        "entry": entry,
        # The officer sees every meeting: naming the meeting to them leaks nothing.
        "label": entry.subject or (entry.meeting.title if entry.meeting else ""),
        "recipient": entry.officer,
        "url": _absolute(reverse("integrity:entry_edit", args=[entry.pk])),
    }
    return render_email("integrity-entry_due", notification.email, context)


# --- Gifts, hospitality, conflicts of interest ----------------------------------------------
#
# Each renderer re-reads its row and returns None when the e-mail no longer applies (a version
# reviewed or corrected before a supervisor was told; a supervisor no longer one).


def _gift_version(notification):
    from integrity.models import GiftVersion

    return (
        GiftVersion.objects.select_related("declaration__declarant", "organization", "unit")
        .filter(pk=notification.target_id)
        .first()
    )


@registry.renderer("integrity.gift_review_needed")
def render_gift_review_needed(notification):
    from integrity.models import GiftVersion
    from portal import permissions

    version = _gift_version(notification)
    recipient = notification.recipient
    if version is None or recipient is None or not permissions.is_gift_supervisor(recipient):
        return None
    if not GiftVersion.objects.awaiting_review().filter(pk=version.pk).exists():
        return None  # reviewed or corrected since
    context = {
        "version": version,
        "declaration": version.declaration,
        "threshold": settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD,
        "url": _absolute(reverse("integrity:gift_review", args=[version.declaration_id])),
    }
    return render_email("integrity-gift_review_needed", notification.email, context)


@registry.renderer("integrity.gift_decision")
def render_gift_decision(notification):
    from integrity.models import GiftReview

    review = (
        GiftReview.objects.select_related("version__declaration__declarant", "reviewer")
        .filter(pk=notification.target_id)
        .first()
    )
    if review is None:
        return None
    context = {
        "review": review,
        "version": review.version,
        "declaration": review.version.declaration,
        "url": _absolute(review.version.declaration.get_absolute_url()),
    }
    return render_email("integrity-gift_decision", notification.email, context)


# --- Complaints -----------------------------------------------------------------------------
#
# No e-mail about a complaint carries its content: the unit's e-mails give the case's
# reference, its deadlines and a link to the case (which only the unit can open); the
# reporter's e-mail says that the unit answered and links to "my reports". A receipt code is
# never e-mailed. Each renderer re-checks that its recipient may still be told.


def _to_unit_member(notification):
    complaint = notification.target
    recipient = notification.recipient
    if complaint is None or recipient is None or not permissions.is_integrity_unit(recipient):
        return None
    return complaint


def _render_unit(name, notification, **extra):
    complaint = _to_unit_member(notification)
    if complaint is None:
        return None
    url = settings.SITE_URL + reverse("integrity:case", args=[complaint.pk])
    return render_email(name, notification.email, {"complaint": complaint, "url": url, **extra})


@registry.renderer(_complaints.NEW)
def render_complaint_new(notification):
    return _render_unit("integrity-complaint_new", notification)


@registry.renderer(_complaints.ANSWERED)
def render_complaint_answered(notification):
    return _render_unit("integrity-complaint_answered", notification)


@registry.renderer(_complaints.REMINDER)
def render_complaint_reminder(notification):
    complaint = notification.target
    if complaint is None or complaint.is_closed:
        return None
    return _render_unit("integrity-complaint_reminder", notification)


@registry.renderer(_complaints.ESCALATED)
def render_complaint_escalated(notification):
    complaint = notification.target
    if complaint is None or complaint.is_closed:
        return None
    if notification.recipient is None or not permissions.is_integrity_head(notification.recipient):
        return None
    return _render_unit("integrity-complaint_escalated", notification)


@registry.renderer(_complaints.REPLY)
def render_complaint_reply(notification):
    complaint = notification.target
    reporter = notification.recipient
    if complaint is None or reporter is None or complaint.reporter_id != reporter.pk:
        return None
    url = settings.SITE_URL + reverse("integrity:my_report", args=[complaint.pk])
    return render_email(
        "integrity-complaint_reply", notification.email, {"complaint": complaint, "url": url}
    )


from integrity import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
