"""Previews of the integrity e-mails (portal.emailpreview): demo data built in memory, never
saved, with the context integrity.emails gives the real ones. Like the real ones, none
carries anything of a complaint but its reference and deadlines."""

from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from integrity.models.gifts import GiftVersion
from integrity.models.register import ContactEntry
from portal import emailpreview

COMPLAINT_NAMES = (
    "integrity-complaint_new",
    "integrity-complaint_answered",
    "integrity-complaint_reminder",
    "integrity-complaint_escalated",
    "integrity-complaint_reply",
)


@emailpreview.register(*COMPLAINT_NAMES)
def complaint_previews(name):
    complaint = SimpleNamespace(
        reference="INT-2026-0042",
        acknowledge_by=emailpreview.moment(3).date(),
        decide_by=emailpreview.moment(40).date(),
        acknowledged_at=None,
    )
    context = {"complaint": complaint, "url": settings.SITE_URL + reverse("home")}
    return {"context": context}


@emailpreview.register("integrity-entry_due")
def entry_due_preview(name):
    entry = SimpleNamespace(
        due_on=emailpreview.moment(5).date(),
        contact_date=timezone.localdate(),
        get_kind_display=str(ContactEntry.Kind.MEETING.label),
    )
    context = {
        "entry": entry,
        "label": "Réunion avec l’Association des transitaires",
        "recipient": SimpleNamespace(get_short_name="Seydou"),
        "url": settings.SITE_URL + reverse("home"),
    }
    return {"context": context}


@emailpreview.register("integrity-gift_review_needed", "integrity-gift_decision")
def gift_previews(name):
    declaration = SimpleNamespace(
        reference="CAD-2026-0017", declarant=SimpleNamespace(get_short_name="Seydou")
    )
    version = SimpleNamespace(
        get_kind_display=str(GiftVersion.Kind.GIFT.label),
        estimated_value=75000,
        description="Coffret de thé offert à l’issue d’un séminaire.",
        offered_by_name="Société malienne de transit",
    )
    context = {
        "declaration": declaration,
        "version": version,
        "review": SimpleNamespace(decision="approved", note="Peut être conservé."),
        "threshold": settings.INTEGRITY_GIFT_APPROVAL_THRESHOLD,
        "url": settings.SITE_URL + reverse("home"),
    }
    return {"context": context}
