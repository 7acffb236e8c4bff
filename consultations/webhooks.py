"""What the outgoing webhooks say about consultations (portal.webhooks): public consultations
only (an invited audience's text is not told to other systems), with what their public page
and report show."""

from django.urls import reverse

from consultations.models import Consultation
from portal.webhooks import events as webhooks


def _public(consultation):
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "summary": consultation.summary,
        "status": consultation.status,
        "opens_at": consultation.opens_at and consultation.opens_at.isoformat(),
        "closes_at": consultation.closes_at.isoformat(),
        "entry_into_force": consultation.entry_into_force
        and consultation.entry_into_force.isoformat(),
        "url": webhooks.public_url(consultation.get_absolute_url()),
    }


def opened(consultation):
    if consultation.audience == Consultation.Audience.PUBLIC:
        webhooks.emit("consultation.opened", {"consultation": _public(consultation)})


def report_published(consultation):
    if consultation.audience != Consultation.Audience.PUBLIC:
        return
    report = {
        "published_at": consultation.report_published_at.isoformat(),
        "conclusions": consultation.report_summary,
        "url": webhooks.public_url(reverse("consultations:report", args=[consultation.pk])),
        "pdf_url": webhooks.public_url(reverse("consultations:report_pdf", args=[consultation.pk])),
    }
    webhooks.emit(
        "consultation.report_published",
        {"consultation": _public(consultation), "report": report},
    )
