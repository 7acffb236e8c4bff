"""The preview of the weekly digest (portal.emailpreview): demo actions built in memory,
never saved, with the context actionplans.digest gives the real one."""

from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actionplans.digest import DUE_SOON_DAYS, Digest
from portal import emailpreview


def _action(code, title, days, progress):
    return SimpleNamespace(
        code=code,
        title=title,
        due_date=emailpreview.moment(days).date(),
        progress=progress,
        plan=SimpleNamespace(title="Plan d’action 2026 du partenariat Douane–secteur privé"),
        url=settings.SITE_URL + reverse("actionplans:my_actions"),
    )


@emailpreview.register("actionplans-digest")
def digest_preview(name):
    digest = Digest(
        overdue=[_action("A1.2", "Publier les délais moyens de dédouanement", -5, 40)],
        at_risk=[_action("A2.1", "Former les commissionnaires au guichet unique", 10, 20)],
        due_soon=[_action("A3.4", "Ouvrir le bureau de Kati le samedi", 12, 80)],
    )
    context = {
        "user": SimpleNamespace(get_short_name="Seydou"),
        "digest": digest,
        "today": timezone.localdate(),
        "due_soon_days": DUE_SOON_DAYS,
        "mine_url": settings.SITE_URL + reverse("actionplans:my_actions"),
    }
    return {"context": context}


def _contestation():
    from actionplans.models import Action, Contestation
    from stakeholders.models import Organization

    action = Action(pk=1, code="A1.2", title="Publier les délais moyens de dédouanement")
    return Contestation(
        pk=1,
        action=action,
        organization=Organization(name="Chambre de commerce et d’industrie du Mali"),
        subject=Contestation.Subject.PROGRESS,
        statement="Les délais publiés ne couvrent que le bureau de Bamako : Kati et Sikasso "
        "n’affichent rien depuis trois mois.",
        answer="Les délais de Kati et de Sikasso seront publiés à la fin du mois ; le taux "
        "d’avancement a été corrigé à 60 %.",
        status=Contestation.Status.ANSWERED,
    )


@emailpreview.register("actionplans-contestation-filed", "actionplans-contestation-answered")
def contestation_previews(name):
    contestation = _contestation()
    context = {
        "recipient": SimpleNamespace(get_short_name="Seydou"),
        "contestation": contestation,
        "action": contestation.action,
        "url": settings.SITE_URL + reverse("actionplans:board_action", args=[1]),
    }
    return {"context": context}
