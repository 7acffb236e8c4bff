"""A demo announcement: Customs writes to the members of the consultative framework about
the next plenary.

Idempotent: an announcement with the same subject is left alone. Sent through
services.send_announcement, as an officer would from the announcements page; demo data sends
no e-mail, so its rows are then marked as delivered ten days ago (the detail page shows a sent
announcement) without ever reaching the mail server.
"""

from datetime import timedelta

from django.utils import timezone

from announcements import emails as announcements
from announcements import services
from announcements.models import Announcement
from meetings.models import DialogueBody
from portal.accounts.models import User
from portal.notifications.models import Notification

SUBJECT = "Cadre de concertation : préparation de la prochaine session plénière"
BODY = """Madame, Monsieur,

La Direction générale des Douanes prépare la prochaine **session plénière** du Cadre de
concertation Douane–Secteur privé. Vos propositions de points à inscrire à l'ordre du jour sont
les bienvenues :

- difficultés rencontrées au dédouanement ;
- suivi des engagements de la dernière session ;
- propositions de simplification des procédures.

Vous pouvez les proposer depuis le portail, sur la page de la réunion.

La Direction générale des Douanes
"""
FRAMEWORK_ACRONYM = "CCDSP"  # made by demo.meetings


def seed(stdout):
    if Announcement.objects.filter(subject=SUBJECT).exists():
        stdout.write("Announcements: already there.")
        return
    officer = (
        User.objects.filter(email="agent@douane.gouv.ml").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    framework = DialogueBody.objects.filter(acronym=FRAMEWORK_ACRONYM).first()
    if officer is None or framework is None:
        stdout.write("Announcements: no officer or consultative framework, skipped.")
        return
    announcement = services.send_announcement(
        acting_user=officer, subject=SUBJECT, body=BODY, filters={"body": framework.pk}
    )
    sent_at = timezone.now() - timedelta(days=10)
    Announcement.objects.filter(pk=announcement.pk).update(created_at=sent_at, sent_at=sent_at)
    Notification.objects.filter(
        kind=announcements.KIND, target_id=announcement.pk, status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENT, due_at=sent_at, sent_at=sent_at, attempts=1)
    stdout.write(f"Announcements: 1 sent to {announcement.recipients} address(es).")
