"""The preview of an announcement's e-mail (portal.emailpreview): built in memory, never
saved, with the context announcements.emails gives the real ones."""

from django.conf import settings

from announcements.models import Announcement
from portal import emailpreview
from portal.markdown import render_markdown
from stakeholders.emails import MAILINGS


@emailpreview.register("announcement")
def announcement_preview(name):
    announcement = Announcement(
        subject="Nouvelles heures d’ouverture du bureau de Bamako-Route",
        body="À partir du **1er mars**, le bureau est ouvert de 7 h 30 à 18 h.\n\n"
        "Les déclarations déposées après 17 h sont traitées le lendemain.",
    )
    context = {
        "announcement": announcement,
        "body_html": render_markdown(announcement.body),
        "url": settings.SITE_URL + "/",
    }
    return {"context": context, "unsubscribe": (MAILINGS, None)}
