"""The e-mails of consultations, through the portal's one notification queue.

Invited organisations are those of Consultation.invitees: listed directly, or members of an
invited dialogue body.

- When a consultation opens, each consenting contact of an invited organisation is told (one
  e-mail per address, made once whatever happens next: the row's key makes it unique, and
  `notify_opened` skips an address that already has a row, even a cancelled one). A contact
  invited later, while it is open, is told then.
- A week before it closes they are reminded: a reminder row per address, kept in step with the
  closing time by `sync_reminders` and dropped at send time if the consultation closed or its
  closing moved.
- When the report is published, those contacts and every commenter are told, once per address.

Renderers run at send time in the recipient's language and time zone, and re-check that the
recipient may still be written to (consent can be withdrawn, an invitation can be removed).
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from consultations.models import Comment, Consultation
from portal.notifications import queue as notifications
from portal.notifications import registry
from portal.notifications.emails import render_email
from portal.notifications.models import Notification
from stakeholders.emails import MAILINGS
from stakeholders.models import Contact

OPENED = "consultations.opened"
CLOSING_REMINDER = "consultations.closing_reminder"
REPORT = "consultations.report"
REMINDER_BEFORE_CLOSING = timedelta(days=7)


def invited_contacts(consultation):
    """The contacts of invited organisations (listed, or members of an invited dialogue body:
    Consultation.invitees) who agreed to be contacted, one per address."""
    return Contact.objects.filter(organization__in=consultation.invitees()).mailing_list()


def _is_invited_contact(consultation, email):
    return Contact.objects.filter(
        organization__in=consultation.invitees(),
        consent=True,
        email__iexact=email,
    ).exists()


def _addresses_told(kind, consultation):
    """The addresses that already have a `kind` e-mail about `consultation`, whatever became of
    it: sent, pending, failed, or cancelled (the demo cancels its e-mails; the dispatcher drops
    the one of an invitee removed before it went out, who is then not told if invited again:
    the opening is news once)."""
    return set(
        Notification.objects.about(consultation).filter(kind=kind).values_list("email", flat=True)
    )


def notify_opened(consultation):
    """Tell the consenting invited contacts who have not been told yet that it is open.

    Called again whenever the invitees may have changed (an edit, a body's new member): only a
    newly invited address gets an e-mail. An address that already has one is left alone, so an
    opening e-mail sent or cancelled earlier is never queued again, days late.
    """
    told = _addresses_told(OPENED, consultation)
    for contact in invited_contacts(consultation):
        email = contact.email.lower()
        if email in told:
            continue
        notifications.notify(
            OPENED,
            target=consultation,
            email=email,
            recipient=contact.user,
            language=contact.mail_language,
            key=f"{OPENED}:{consultation.pk}:{email}",
        )


def sync_closing_reminders(consultation):
    """Make the pending closing reminders match the consultation as it is now."""
    wanted = []
    if consultation.status == Consultation.Status.OPEN:
        for contact in invited_contacts(consultation):
            wanted.append(
                notifications.Reminder(
                    email=contact.email.lower(),
                    occurrence=consultation.closes_at,
                    offset=REMINDER_BEFORE_CLOSING,
                    recipient=contact.user,
                    language=contact.mail_language,
                )
            )
    return notifications.sync_reminders(CLOSING_REMINDER, consultation, wanted)


def notify_report(consultation):
    """Tell invited contacts and every commenter that the report is out, once per address."""
    recipients = {}
    for contact in invited_contacts(consultation):
        recipients.setdefault(contact.email.lower(), (contact.user, contact.mail_language))
    commenters = (
        Comment.objects.filter(consultation=consultation)
        .active()
        .select_related("author")
        .order_by("pk")
    )
    for comment in commenters:
        author = comment.author
        recipients.setdefault(author.email.lower(), (author, author.language))
    for email, (user, language) in recipients.items():
        notifications.notify(
            REPORT,
            target=consultation,
            email=email,
            recipient=user,
            language=language,
            key=f"{REPORT}:{consultation.pk}:{email}",
        )


def _url(name, consultation):
    from django.conf import settings

    return settings.SITE_URL + reverse(name, args=[consultation.pk])


@registry.renderer(OPENED)
def render_opened(notification):
    consultation = notification.target
    if consultation is None or consultation.phase() != Consultation.Status.OPEN:
        return None
    if not _is_invited_contact(consultation, notification.email):
        return None
    return render_email(
        "consultations-opened",
        notification.email,
        {"consultation": consultation, "url": _url("consultations:detail", consultation)},
        unsubscribe=(MAILINGS, None),
    )


@registry.renderer(CLOSING_REMINDER)
def render_closing_reminder(notification):
    consultation = notification.target
    if consultation is None or consultation.phase() != Consultation.Status.OPEN:
        return None
    if notification.occurrence != consultation.closes_at:
        return None  # the closing moved: the reminder made for the new time will go instead
    if not _is_invited_contact(consultation, notification.email):
        return None
    return render_email(
        "consultations-closing_reminder",
        notification.email,
        {"consultation": consultation, "url": _url("consultations:detail", consultation)},
        unsubscribe=(MAILINGS, None),
    )


@registry.renderer(REPORT)
def render_report(notification):
    consultation = notification.target
    if consultation is None or not consultation.report_is_published:
        return None
    # Only the recipient's own comments are listed: nobody else's, whatever their publication.
    own = list(
        Comment.objects.filter(consultation=consultation, author__email__iexact=notification.email)
        .active()
        .select_related("section")
        .order_by("created_at", "pk")
    )
    if not own and not _is_invited_contact(consultation, notification.email):
        return None
    totals = (
        Comment.objects.filter(consultation=consultation)
        .active()
        .aggregate(
            comments=Count("pk"),
            organizations=Count("organization", distinct=True),
            accepted=Count("pk", filter=Q(decision=Comment.Decision.ACCEPTED)),
            partly=Count("pk", filter=Q(decision=Comment.Decision.PARTLY)),
        )
    )
    return render_email(
        "consultations-report",
        notification.email,
        {
            "consultation": consultation,
            "own_comments": own,
            "totals": totals,
            "url": _url("consultations:report", consultation),
        },
        unsubscribe=(MAILINGS, None),
    )


from consultations import email_previews  # noqa: E402,F401  (registers the e-mails' previews)
