"""Previews of the consultations' e-mails (portal.emailpreview): demo data built in memory,
never saved, with the context consultations.notifications gives the real ones."""

from django.conf import settings
from django.urls import reverse

from consultations.models import Comment, Consultation, Section
from portal import emailpreview
from stakeholders.emails import MAILINGS


@emailpreview.register(
    "consultations-opened", "consultations-closing_reminder", "consultations-report"
)
def consultation_previews(name):
    consultation = Consultation(
        pk=1,
        title="Projet d’arrêté sur le guichet unique du commerce extérieur",
        summary="Le texte fixe les délais de traitement des déclarations en ligne.",
        status=Consultation.Status.OPEN,
        closes_at=emailpreview.moment(30, 18),
    )
    route = "consultations:report" if name == "consultations-report" else "consultations:detail"
    context = {
        "consultation": consultation,
        "url": settings.SITE_URL + reverse(route, args=[1]),
    }
    if name == "consultations-report":
        comment = Comment(
            body="Le délai de 48 heures paraît court pour les petits commissionnaires.",
            decision=Comment.Decision.PARTLY,
            reason="Le délai est porté à 72 heures pour les déclarations simplifiées.",
        )
        comment.section = Section(position=4, number="4")
        context["own_comments"] = [comment]
        context["totals"] = {"comments": 27, "organizations": 9, "accepted": 8, "partly": 6}
    return {"context": context, "unsubscribe": (MAILINGS, None)}
