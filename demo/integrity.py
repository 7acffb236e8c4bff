"""Demo integrity data in a Malian setting: a year of the register of contacts (entries of the
demo's held meetings and contacts logged outside meetings, some late, some withheld for a
legal reason), of gifts and hospitality declarations (refused, accepted, approved by a
supervisor, returned, one corrected, one awaiting review), a declared conflict of interest, and
of complaints in every status.

Everything goes through the integrity services, with the moment each step happened (`now=`),
so the deadlines, the statistics and the dashboard's indicators read as they would after a
year of use. The e-mails those steps queue are cancelled: demo data sends none.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from actionplans.models import Action
from integrity.models import (
    Complaint,
    ConflictOfInterest,
    ContactEntry,
    GiftDeclaration,
    GiftReview,
    GiftVersion,
    WithholdingReason,
)
from integrity.services import complaints, conflicts, gifts, register
from portal import permissions
from portal.accounts.models import User
from portal.notifications.models import Notification
from stakeholders.models import Organization

# The legal reasons an entry may be withheld for, as the administrators keep them.
WITHHOLDING_REASONS = [
    (
        "Enquête douanière en cours",
        "Secret de l’enquête : publier le contact compromettrait une enquête ou un contrôle a "
        "posteriori en cours.",
    ),
    (
        "Secret des affaires de l’opérateur",
        "Le contact porte sur des informations commerciales confidentielles de l’opérateur "
        "(prix, fournisseurs, procédés).",
    ),
    (
        "Sécurité des personnes",
        "Publier le contact exposerait un agent, un opérateur ou un informateur à un risque "
        "pour sa sécurité.",
    ),
]
# kind, subject, outcome
CONTACTS = [
    (
        ContactEntry.Kind.VISIT,
        "Visite des entrepôts sous douane de l’opérateur",
        "Les conditions de stockage ont été vérifiées ; l’opérateur mettra à jour son registre "
        "d’entrées et de sorties avant la fin du mois.",
    ),
    (
        ContactEntry.Kind.CALL,
        "Retard de mainlevée d’un lot de médicaments",
        "Le dossier était incomplet (certificat d’origine manquant) ; la pièce a été transmise "
        "et la mainlevée accordée le lendemain.",
    ),
    (
        ContactEntry.Kind.SITE_INSPECTION,
        "Inspection préalable au statut d’opérateur économique agréé",
        "Inspection des procédures internes de l’entreprise ; trois recommandations lui ont été "
        "remises par écrit.",
    ),
    (
        ContactEntry.Kind.EMAIL,
        "Contestation de la valeur en douane d’une importation de tissus",
        "Les justificatifs de prix ont été examinés ; la valeur déclarée a été retenue.",
    ),
    (
        ContactEntry.Kind.VISIT,
        "Présentation du guichet unique aux membres de l’association",
        "Démonstration des téléprocédures ; l’association relaiera le calendrier des "
        "formations à ses membres.",
    ),
    (
        ContactEntry.Kind.CALL,
        "Immobilisation de camions au poste de Diboli",
        "Le bureau a renforcé l’équipe de visite pendant deux semaines pour résorber l’attente.",
    ),
]

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
# kind, what was offered, by whom when not an organisation, estimated value (CFA francs)
OFFERS = [
    (GiftVersion.Kind.GIFT, "Un carton de thé vert et deux pains de sucre", "", 12000),
    (GiftVersion.Kind.HOSPITALITY, "Déjeuner offert après la visite d’entrepôt", "", 18000),
    (GiftVersion.Kind.GIFT, "Un boubou en bazin brodé", "", 45000),
    (GiftVersion.Kind.INVITATION, "Invitation au dîner de gala annuel de l’association", "", 60000),
    (GiftVersion.Kind.GIFT, "Une enveloppe contenant de l’argent liquide", "Un voyageur", 100000),
    (GiftVersion.Kind.GIFT, "Un téléphone portable neuf", "", 150000),
    (GiftVersion.Kind.HOSPITALITY, "Deux nuits d’hôtel à Sikasso pendant une mission", "", 70000),
    (GiftVersion.Kind.GIFT, "Un agenda et un stylo aux couleurs de l’entreprise", "", 5000),
]


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
    stdout.write(f"Integrity: {len(made)} complaints over the past year.")


def _complete_meeting_entries(rng, reasons, today):
    """The entries the demo's held meetings made: most completed within the delay, one
    withheld, the older ones left incomplete published late."""
    register.sync_from_meetings()
    for number, entry in enumerate(
        ContactEntry.objects.filter(meeting__isnull=False, status=ContactEntry.Status.DRAFT)
        .select_related("meeting", "officer")
        .order_by("contact_date", "pk")
    ):
        if entry.officer is None or entry.due_on >= today:
            continue
        if number % 7 == 3:
            register.withhold(
                entry, acting_user=entry.officer, reason=reasons[0], today=entry.contact_date
            )
        elif number % 5 != 4:
            register.update_entry(
                entry,
                acting_user=entry.officer,
                subject=entry.subject or entry.meeting.title[:200],
                outcome="Les engagements pris et leurs échéances figurent au compte rendu ; "
                "ils sont suivis sur le tableau public des engagements.",
                publish=True,
                today=entry.contact_date + timedelta(days=rng.randint(1, 12)),
            )


def _log_contacts(rng, reasons, today):
    officers = list(
        User.objects.filter(kind=User.Kind.CUSTOMS, unit__isnull=False)
        .exclude(position="")
        .filter(permissions.customs_officers_q())
        .order_by("pk")
    )
    organizations = list(Organization.objects.directory().private_sector().order_by("pk")[:30])
    if not officers or not organizations:
        return 0
    made = 0
    for number in range(48):
        kind, subject, outcome = CONTACTS[number % len(CONTACTS)]
        officer = officers[number % len(officers)]
        day = today - timedelta(days=7 * (48 - number) + rng.randint(0, 5))
        fields = dict(
            acting_user=officer,
            kind=kind,
            contact_date=day,
            organizations=rng.sample(organizations, rng.choice([1, 1, 2])),
            private_individuals=1 if number % 11 == 5 else 0,
            unit=officer.unit,
            officer_role=officer.position,
            subject=subject,
        )
        if number % 9 == 4:  # withheld, for a reason the register counts
            register.withhold(
                register.log_contact(**fields),
                acting_user=officer,
                reason=reasons[(number // 9) % len(reasons)],
                today=day + timedelta(days=2),
            )
        elif number % 8 == 6 or day > today - timedelta(days=10):
            register.log_contact(**fields)  # late (published as it stands) or still due
        else:
            register.log_contact(
                **fields,
                outcome=outcome,
                publish=True,
                today=day + timedelta(days=rng.choice([0, 1, 3, 6, 13, 18])),
            )
        made += 1
    return made


def _register(stdout):
    if ContactEntry.objects.filter(meeting__isnull=True).exists():
        return
    rng = random.Random(14)
    today = timezone.localdate()
    reasons = [
        WithholdingReason.objects.get_or_create(title=title, defaults={"legal_basis": basis})[0]
        for title, basis in WITHHOLDING_REASONS
    ]
    _complete_meeting_entries(rng, reasons, today)
    made = _log_contacts(rng, reasons, today)
    register.publish_overdue(today=today)
    stdout.write(f"Integrity: {made} contacts logged outside meetings in the register.")


def _gifts(stdout):
    if GiftDeclaration.objects.exists():
        return
    supervisor = permissions.gift_supervisors().order_by("pk").first()
    declarants = [
        user
        for user in User.objects.filter(kind=User.Kind.CUSTOMS, unit__isnull=False).order_by("pk")
        if permissions.is_customs(user) and user != supervisor
    ]
    organizations = list(Organization.objects.directory().private_sector().order_by("pk")[:20])
    if supervisor is None or not declarants or not organizations:
        return
    today = timezone.localdate()
    zone = timezone.get_default_timezone()
    for number in range(32):
        kind, description, offered_by, value = OFFERS[number % len(OFFERS)]
        officer = declarants[number % len(declarants)]
        day = today - timedelta(days=11 * (32 - number) + number % 4)
        # Money and the costliest gifts are refused; most of the rest accepted.
        refused = value >= 100000 or number % 5 == 2
        version = gifts.declare(
            acting_user=officer,
            kind=kind,
            description=description,
            organization=None if offered_by else organizations[number % len(organizations)],
            offered_by=offered_by,
            estimated_value=value,
            offered_on=day,
            decision=GiftVersion.Decision.REFUSED if refused else GiftVersion.Decision.ACCEPTED,
        )
        if number == 9:  # the value was overestimated: a corrected second version
            version = gifts.correct(
                version.declaration,
                acting_user=officer,
                correction_note="La valeur indiquée était celle d’un article neuf ; estimation "
                "corrigée d’après le prix du marché de Bamako.",
                kind=kind,
                description=description,
                organization=version.organization,
                estimated_value=value // 2,
                offered_on=day,
                decision=version.decision,
            )
        if version.needs_review and number < 30:  # the newest one still awaits its review
            gifts.review(
                version,
                decision=GiftReview.Decision.RETURN_ORDERED
                if kind == GiftVersion.Kind.HOSPITALITY
                else GiftReview.Decision.APPROVED,
                note="Valeur vérifiée ; décision notifiée à l’agent.",
                acting_user=supervisor,
            )
        # The registers count declarations by the day they were made: a year of them.
        moment = datetime.combine(day + timedelta(days=1), time(10), tzinfo=zone)
        GiftDeclaration.objects.filter(pk=version.declaration_id).update(created_at=moment)
        GiftVersion.objects.filter(declaration_id=version.declaration_id).update(recorded_at=moment)
        GiftReview.objects.filter(version__declaration_id=version.declaration_id).update(
            reviewed_at=moment + timedelta(days=2)
        )
    if not ConflictOfInterest.objects.exists():
        conflicts.declare_conflict(
            acting_user=declarants[0],
            organization=organizations[3],
            description="Mon beau-frère est associé gérant de cette société.",
        )
    stdout.write("Integrity: 32 gift and hospitality declarations, one conflict of interest.")


def seed(stdout):
    _register(stdout)
    _gifts(stdout)
    _complaints(stdout)
    # Demo data sends no e-mail: the reminders and notices its steps queued are dropped.
    Notification.objects.filter(
        kind__startswith="integrity.", status=Notification.Status.PENDING
    ).update(status=Notification.Status.CANCELLED)
