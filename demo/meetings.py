"""Demo meetings: the consultative framework's quarterly plenaries, monthly bilaterals with the
chamber of commerce (CCIM), internal preparatory meetings, some held with minutes and
commitments, and meeting requests. Idempotent: each meeting is found by its title and start.

Organisations come from demo.stakeholders when it ran; the few needed here are otherwise
created (found by acronym first, then by name).
"""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from demo import stakeholders as stakeholders_demo
from meetings.models import Commitment, DialogueBody, Meeting, MeetingRequest, MinutesReview
from meetings.services import cosign as cosigning
from meetings.services import minutes as meeting_minutes
from meetings.services import requests, scheduling
from portal.accounts.models import User
from stakeholders.models import Category, Contact, Organization, Region

ORGANISATIONS = [
    ("CCIM", "Chambre de Commerce et d’Industrie du Mali", Category.CHAMBER),
    ("CNPM", "Conseil National du Patronat du Mali", Category.EMPLOYERS),
    ("CMC", "Conseil Malien des Chargeurs", Category.TRANSPORT),
    (
        "APBEF",
        "Association Professionnelle des Banques et Établissements Financiers",
        Category.BANK,
    ),
    ("OCDA", "Ordre des Commissionnaires en Douane Agréés du Mali", Category.BROKER),
]

PLENARY_TITLE = "Session plénière du Cadre de concertation Douane–Secteur privé"
BILATERAL_TITLE = "Rencontre bilatérale Douane – CCIM"
DGD = "Direction générale des Douanes, Bamako (salle de conférence)"


def _organisation(acronym, name, category):
    found = Organization.objects.filter(acronym__iexact=acronym).first()
    if found:
        return found
    organisation, _ = Organization.objects.get_or_create(
        name=name,
        defaults={
            "acronym": acronym,
            "category": category,
            "region": Region.BAMAKO,
            "verified": True,
            "verified_at": timezone.now(),
        },
    )
    return organisation


def _at(day, hour, minute=0):
    zone = timezone.get_default_timezone()
    return datetime.combine(day, time(hour, minute), zone)


def _meeting(title, start, **fields):
    """Find the meeting by title and start, or schedule it through the services."""
    existing = Meeting.objects.filter(title=title, start=start, series__isnull=True).first()
    if existing:
        return existing
    return scheduling.create_meeting(title=title, start=start, **fields)


def _hold(meeting, officer, minutes, commitments, present, *, cosigned_by=None, cosign=False):
    """Hold the meeting with its minutes. `cosign`: the minutes await the private-sector
    co-chair; `cosigned_by` (the co-chair): and they validated them."""
    if meeting.status != Meeting.Status.HELD:
        meeting_minutes.record_minutes(
            meeting,
            acting_user=officer,
            minutes=minutes,
            present_invitations=list(meeting.invitations.all()[:6]),
            present_organizations=present,
            cosign=bool(cosign or cosigned_by),
        )
        if cosigned_by is not None:
            version = meeting.minutes_versions.order_by("-number").first()
            cosigning.review_minutes(
                version, acting_user=cosigned_by, decision=MinutesReview.Decision.APPROVED
            )
    for description, organisation, responsible, due, status in commitments:
        if not Commitment.objects.filter(meeting=meeting, description=description).exists():
            meeting_minutes.add_commitment(
                meeting,
                acting_user=officer,
                description=description,
                organization=organisation,
                responsible=responsible,
                due_date=due,
                status=status,
            )


def seed(stdout):
    officer = User.objects.filter(email="agent@douane.gouv.ml").first()
    editor = User.objects.filter(email="editeur@douane.gouv.ml").first()
    representative = User.objects.filter(email="representant@ccim.ml").first()
    if officer is None:
        stdout.write("Meetings demo skipped: the demo accounts are missing.")
        return
    orgs = {acronym: _organisation(acronym, name, cat) for acronym, name, cat in ORGANISATIONS}
    for organisation in orgs.values():
        if organisation.verified:
            stakeholders_demo.give_administrator(organisation, officer)
    ccim = orgs["CCIM"]
    chair = None
    if representative:
        chair, _ = Contact.objects.get_or_create(
            user=representative,
            defaults={
                "organization": ccim,
                "name": representative.full_name,
                "position": "Secrétaire général adjoint",
                "email": representative.email,
                "consent": True,
                "consent_date": timezone.now(),
            },
        )

    framework, _ = DialogueBody.objects.get_or_create(
        name="Cadre de concertation Douane–Secteur privé",
        defaults={
            "acronym": "CCDSP",
            "description": (
                "Cadre permanent de dialogue entre la Direction générale des Douanes et les "
                "organisations du secteur privé : suivi des réformes, difficultés de "
                "dédouanement, engagements réciproques."
            ),
            "customs_chair": officer,
            "private_chair": chair,
        },
    )
    framework.members.add(*orgs.values())
    DialogueBody.objects.get_or_create(
        name="Comité national de facilitation des échanges",
        defaults={
            "acronym": "CNFE",
            "description": "Comité prévu par l’Accord de l’OMC sur la facilitation des échanges.",
            "customs_chair": editor,
        },
    )

    today = timezone.localdate()
    month = today.replace(day=1)
    now = timezone.now()

    # The quarterly plenaries: a series that began some ten months ago.
    plenary_day = month - relativedelta(months=10) + timedelta(days=14)
    plenary = _meeting(
        PLENARY_TITLE,
        _at(plenary_day, 9),
        acting_user=officer,
        end=_at(plenary_day, 13),
        kind=Meeting.Kind.PLENARY,
        body=framework,
        visibility=Meeting.Visibility.PUBLIC,
        venue=DGD,
        description="Session ordinaire trimestrielle du cadre de concertation.",
        agenda=(
            "Ouverture par le Directeur général des Douanes\n"
            "Suivi des engagements de la session précédente\n"
            "Point sur la dématérialisation des procédures (SYDONIA World)\n"
            "Difficultés rencontrées par les opérateurs\n"
            "Divers"
        ),
        recurrence=Meeting.Recurrence.QUARTERLY,
        recurrence_count=8,
        organizations=list(orgs.values()),
        users=[u for u in (editor,) if u],
    )
    # The last two past occurrences were held (detached ones count: this runs again).
    past = [s for s in plenary.original_starts() if s + plenary.duration < now]
    for original in past[-2:]:
        held = scheduling.detach_occurrence(plenary, original, acting_user=officer)
        occurrence = held.occurrences()[0]
        _hold(
            held,
            officer,
            (
                "## Présents\n\nLa Douane, la CCIM, le CNPM, le CMC et l’OCDA.\n\n"
                "## Décisions\n\n"
                "- La mainlevée anticipée sera étendue aux opérateurs économiques agréés.\n"
                "- Un guichet d’information sera ouvert au bureau des douanes de Kati.\n\n"
                "## Prochaine session\n\nLa prochaine session se tiendra au trimestre suivant."
            ),
            [
                (
                    "Publier la note de service sur la mainlevée anticipée",
                    None,
                    "Direction de la législation et de la réglementation",
                    (occurrence.start + timedelta(days=60)).date(),
                    Commitment.Status.IN_PROGRESS,
                ),
                (
                    "Transmettre la liste des difficultés rencontrées au bureau de Kati",
                    ccim,
                    "",
                    (occurrence.start + timedelta(days=30)).date(),
                    Commitment.Status.DONE,
                ),
                (
                    "Organiser une formation SYDONIA World pour les commissionnaires agréés",
                    orgs["OCDA"],
                    "Bureau de la formation de la DGD",
                    (occurrence.start + timedelta(days=90)).date(),
                    Commitment.Status.OPEN,
                ),
            ],
            [orgs["CCIM"], orgs["CNPM"], orgs["CMC"], orgs["OCDA"]],
            # The latest session's minutes are validated by both co-chairs.
            cosigned_by=representative if original == past[-1] else None,
        )

    # Monthly bilaterals with the chamber of commerce, from three months ago.
    bilateral_day = month - relativedelta(months=3) + timedelta(days=2)
    bilateral = _meeting(
        BILATERAL_TITLE,
        _at(bilateral_day, 10),
        acting_user=officer,
        end=_at(bilateral_day, 12),
        kind=Meeting.Kind.BILATERAL,
        body=framework,
        visibility=Meeting.Visibility.INVITEES,
        venue="Siège de la CCIM, place de la Liberté, Bamako",
        online_url="https://visio.douane.gouv.ml/bilaterale-ccim",
        agenda="Suivi des dossiers en instance\nQuestions des ressortissants de la CCIM",
        recurrence=Meeting.Recurrence.MONTHLY,
        recurrence_until=month + relativedelta(months=7),
        organizations=[ccim],
        users=[u for u in (representative,) if u],
    )
    done = [s for s in bilateral.original_starts() if s + bilateral.duration < now]
    if done:
        held = scheduling.detach_occurrence(bilateral, done[-1], acting_user=officer)
        _hold(
            held,
            officer,
            "## Points examinés\n\n- Délais de traitement des déclarations au bureau de Kati.\n"
            "- Calendrier de la prochaine session plénière.",
            [
                (
                    "Réduire à 48 heures le délai de traitement des recours sur la valeur",
                    None,
                    "Direction du renseignement et des enquêtes douanières",
                    (done[-1] + timedelta(days=45)).date(),
                    Commitment.Status.OPEN,
                ),
            ],
            [ccim],
            # Its minutes await the private-sector co-chair.
            cosign=representative is not None,
        )
    coming = [o for o in bilateral.occurrences() if o.start > now and not o.cancelled]
    if len(coming) >= 3 and not bilateral.exceptions.exists():
        # One moved (a public holiday), one cancelled.
        scheduling.move_occurrence(
            bilateral,
            coming[0].original_start,
            acting_user=officer,
            start=coming[0].start + timedelta(days=1),
            end=coming[0].end + timedelta(days=1),
        )
        scheduling.cancel_occurrence(bilateral, coming[2].original_start, acting_user=officer)

    # Internal preparatory meetings (Customs only).
    next_plenary = next((o for o in plenary.occurrences() if o.start > now), None)
    if next_plenary:
        prep_day = (next_plenary.start - timedelta(days=7)).date()
        _meeting(
            "Réunion préparatoire interne de la session plénière",
            _at(prep_day, 9),
            acting_user=officer,
            end=_at(prep_day, 11),
            kind=Meeting.Kind.OTHER,
            visibility=Meeting.Visibility.INTERNAL,
            venue=DGD,
            agenda="Bilan des engagements de la Douane\nPositions à défendre",
            users=[u for u in (officer, editor) if u],
        )
    internal_past = _meeting(
        "Revue interne des engagements du cadre de concertation",
        _at(today - timedelta(days=20), 15),
        acting_user=officer,
        end=_at(today - timedelta(days=20), 17),
        kind=Meeting.Kind.OTHER,
        visibility=Meeting.Visibility.INTERNAL,
        venue=DGD,
        users=[u for u in (officer, editor) if u],
    )
    _hold(internal_past, officer, "Revue des engagements en retard ; relances à faire.", [], [])

    _meeting(
        "Groupe de travail sur la valeur en douane",
        _at(today + timedelta(days=11), 14),
        acting_user=officer,
        end=_at(today + timedelta(days=11), 17),
        kind=Meeting.Kind.WORKING_GROUP,
        body=framework,
        visibility=Meeting.Visibility.PARTNERS,
        venue=DGD,
        description="Travaux sur les valeurs de référence et le contrôle a posteriori.",
        organizations=[orgs["CNPM"], orgs["OCDA"]],
    )
    _meeting(
        "Atelier d’information sur le statut d’opérateur économique agréé",
        _at(today + timedelta(days=25), 9),
        acting_user=officer,
        end=_at(today + timedelta(days=25), 12, 30),
        kind=Meeting.Kind.WORKSHOP,
        visibility=Meeting.Visibility.PUBLIC,
        venue="Centre international de conférences de Bamako",
        description="Ouvert à tous les opérateurs : conditions, avantages et procédure.",
    )

    if representative:
        if not MeetingRequest.objects.filter(requested_by=representative).exists():
            requests.request_meeting(
                acting_user=representative,
                subject="Délais de dédouanement au bureau de Kati",
                details="Plusieurs ressortissants signalent des délais de plus de cinq jours.",
                first_choice=_at(today + timedelta(days=17), 10),
                second_choice=_at(today + timedelta(days=18), 15),
                participants="Le président de la commission transport\nLe secrétaire général",
            )
            declined = requests.request_meeting(
                acting_user=representative,
                subject="Présentation du nouveau tarif extérieur commun",
                first_choice=_at(today + timedelta(days=5), 10),
            )
            requests.decline_request(
                declined,
                acting_user=officer,
                reason="Ce sujet sera traité lors de la prochaine session plénière.",
            )

    stdout.write(
        f"Meetings: {Meeting.objects.count()} meetings, "
        f"{Commitment.objects.count()} commitments ({settings.TIME_ZONE} times)."
    )
