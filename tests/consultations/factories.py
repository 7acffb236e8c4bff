"""Factories and small builders for consultations' tests (through the services, as users do)."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import Consultation
from consultations.services import consultations, texts
from tests.factories import OfficerFactory

SECTIONS = [
    ("1", "Objet", "La présente instruction fixe la procédure de dédouanement des marchandises."),
    ("2", "Champ d’application", "Elle s’applique à toutes les déclarations en détail."),
    ("3", "Délais", "Le bon à enlever est délivré dans un délai de 48 heures."),
]


def section_texts(sections=SECTIONS):
    return [texts.SectionText(number=n, heading=h, body=b) for n, h, b in sections]


def draft(officer=None, *, closes_in=timedelta(days=45), now=None, **fields):
    officer = officer or OfficerFactory()
    now = now or timezone.now()
    fields.setdefault("title", "Projet d’instruction-cadre relative au dédouanement")
    fields.setdefault("summary", "Le projet modernise la procédure de dédouanement.")
    fields.setdefault("sections", section_texts())
    return consultations.create_consultation(
        acting_user=officer,
        closes_at=now + closes_in,
        responsible_officer=officer,
        now=now,
        **fields,
    )


def opened(officer=None, *, closes_in=timedelta(days=45), now=None, justification="", **fields):
    """An open consultation (opened at `now`, by default just now)."""
    officer = officer or OfficerFactory()
    now = now or timezone.now()
    consultation = draft(officer, closes_in=closes_in, now=now, **fields)
    return consultations.open_consultation(
        consultation, acting_user=officer, justification=justification, now=now
    )


def closed(officer=None, **fields):
    """A consultation whose comment period ended a day ago."""
    officer = officer or OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    return opened(officer, now=start, closes_in=timedelta(days=30), **fields)


def section(consultation, number="1"):
    return consultation.latest_version().sections.get(number=number)


def refresh(consultation):
    return Consultation.objects.get(pk=consultation.pk)
