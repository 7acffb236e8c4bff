"""Demo integrity data: a year of complaints in every status, in a Malian setting.

Everything goes through the integrity services, with the moment each step happened (`now=`),
so the deadlines, the statistics and the dashboard's indicators read as they would after a
year of use. The e-mails those steps queue are cancelled: demo data sends none.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from actionplans.models import Action
from integrity.models import Complaint
from integrity.services import complaints
from portal import permissions
from portal.notifications import queue as notifications

# category, place, what the trader says happened
REPORTS = [
    (
        Complaint.Category.PAYMENT,
        "Poste de contrôle de Kati",
        "Un agent a demandé 50 000 FCFA pour laisser passer sans visite un camion de ciment "
        "en provenance de Dakar. J’ai refusé ; le camion a été retenu jusqu’au lendemain.",
    ),
    (
        Complaint.Category.DELAY,
        "Bureau des douanes de Bamako-Route",
        "Ma déclaration en détail est bloquée depuis trois semaines sans qu’aucun motif ne me "
        "soit communiqué. Les marchandises sont périssables.",
    ),
    (
        Complaint.Category.FAVOURITISM,
        "Bureau des douanes de Kayes",
        "Les camions d’un même transitaire passent systématiquement en circuit vert, alors que "
        "les nôtres, pour la même marchandise, sont toujours orientés en circuit rouge.",
    ),
    (
        Complaint.Category.DISCRETION,
        "Bureau des douanes de Sikasso",
        "La valeur de nos tissus a été relevée de 40 % sans référence ni explication, alors "
        "que nous avons présenté la facture et le contrat.",
    ),
    (
        Complaint.Category.UNFAIR,
        "Aéroport international Modibo Keïta",
        "Un agent nous a parlé de manière insultante devant les voyageurs et a refusé de "
        "donner son nom quand nous l’avons demandé.",
    ),
    (
        Complaint.Category.PAYMENT,
        "Bureau des douanes de Bamako-Route",
        "On m’a fait comprendre qu’un « geste » accélérerait la mainlevée de mon conteneur.",
    ),
    (
        Complaint.Category.DELAY,
        "Poste frontière de Diboli",
        "Attente de plus de 48 heures à la frontière pour un simple contrôle documentaire, "
        "sans explication.",
    ),
    (
        Complaint.Category.CONFLICT,
        "Direction régionale de Ségou",
        "L’agent chargé de notre dossier est, semble-t-il, associé d’une société concurrente.",
    ),
    (
        Complaint.Category.OTHER,
        "Bureau des douanes de Mopti",
        "Des quittances nous ont été remises sans le cachet du bureau pour des droits payés "
        "en espèces.",
    ),
]
FINDINGS = [
    Complaint.Finding.SUBSTANTIATED,
    Complaint.Finding.PARTLY,
    Complaint.Finding.NOT_SUBSTANTIATED,
    Complaint.Finding.INSUFFICIENT,
    Complaint.Finding.OUTSIDE_REMIT,
]
REPLIES = [
    "Nous avons bien reçu votre signalement et ouvert un dossier. Pouvez-vous préciser l’heure "
    "des faits et, si possible, le numéro du camion ?",
    "Merci pour ces précisions. Le dossier a été transmis à l’Inspection des services.",
    "Les vérifications sont terminées. Des mesures ont été prises à l’égard de l’agent en cause "
    "et la procédure du bureau a été rappelée à l’ensemble du personnel.",
]
HOW_MANY = 60


def _moment(day, hour):
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_default_timezone())


def _complaints(stdout):
    if Complaint.objects.exists():
        return
    unit = permissions.integrity_unit_members().order_by("pk").first()
    if unit is None:
        return
    rng = random.Random(15)
    today = timezone.localdate()
    what_we_changed = list(Action.objects.filter(title__icontains="réclamations")[:1])
    made = []
    for number in range(HOW_MANY):
        category, place, description = REPORTS[number % len(REPORTS)]
        received = today - timedelta(days=365 * (HOW_MANY - number) // HOW_MANY)
        now = _moment(received, 9 + number % 8)
        complaint, _code = complaints.submit_complaint(
            acting_user=None,
            category=category,
            occurred_on=received - timedelta(days=rng.randint(0, 10)),
            place=place,
            description=description,
            anonymous=True,
            now=now,
        )
        age = (today - received).days
        # Most are acknowledged within the five working days, some late; the two newest not
        # yet (one of them already late).
        if number < HOW_MANY - 2:
            acknowledged = now + timedelta(days=rng.choice([1, 2, 3, 4, 6, 9]))
            complaints.reply(complaint, acting_user=unit, body=REPLIES[0], now=acknowledged)
            if age > 20 and number % 5 == 1:
                complaints.change_status(
                    complaint,
                    acting_user=unit,
                    status=Complaint.Status.REFERRED,
                    now=acknowledged + timedelta(days=7),
                )
            elif age > 30 and number % 5 != 2:
                closed = acknowledged + timedelta(days=rng.randint(12, 55))
                finding = FINDINGS[number % len(FINDINGS)]
                complaints.close(
                    complaint,
                    acting_user=unit,
                    finding=finding,
                    reply=REPLIES[2] if finding == Complaint.Finding.SUBSTANTIATED else "",
                    now=min(closed, timezone.now()),
                )
                if finding == Complaint.Finding.SUBSTANTIATED and what_we_changed:
                    complaints.link_actions(complaint, acting_user=unit, actions=what_we_changed)
        made.append(complaint)
    for complaint in made:
        notifications.cancel_for(complaint)  # demo data sends no e-mail
    stdout.write(f"Integrity: {len(made)} complaints over the past year.")


def seed(stdout):
    _complaints(stdout)
