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
