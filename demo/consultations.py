"""Demo consultations: the draft framework instruction on clearance procedures, open for
comments, and a closed consultation on authorised economic operators with its published report.

Idempotent: a consultation already there (same title) is left alone. Organisations, people and
contacts are found by acronym, name or e-mail before being made, so this works whether or not
demo.stakeholders made them first. Everything is written through consultations.services, and
the e-mails those services queue are cancelled: demo data sends nothing. The clearance
instruction invites the consultative framework (a dialogue body) and is put on the agenda of
its plenaries and of a forum session, through the meetings' and forums' services.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from consultations.models import Consultation, represented_organization
from consultations.services import comments, consultations, handling, texts
from demo import stakeholders as stakeholders_demo
from demo.accounts import DEMO_PASSWORD
from demo.meetings import PLENARY_TITLE
from forums.models import Session
from forums.services import editing
from meetings.models import DialogueBody, Meeting
from meetings.services import scheduling
from portal.accounts.models import User
from portal.notifications import queue as notifications
from stakeholders.models import Category, Organization, Region

CLEARANCE_TITLE = (
    "Projet d’instruction-cadre relative à la procédure de dédouanement des marchandises"
)
AEO_TITLE = "Projet de décision relative au statut d’opérateur économique agréé (OEA)"
# Made by demo.meetings and demo.forums, which run first.
FRAMEWORK_ACRONYM = "CCDSP"
FORUM_SLUG = "forum-jid-2027"
CLEARANCE_SESSION = "Dédouanement rapide : guichet unique et paiement électronique"
AEO_SESSION = "Atelier : opérateur économique agréé (OEA)"

ORGANIZATIONS = [
    # acronym, name, category
    ("CCIM", "Chambre de commerce et d’industrie du Mali", Category.CHAMBER),
    ("CNPM", "Conseil national du patronat du Mali", Category.EMPLOYERS),
    ("OCDAM", "Ordre des commissionnaires en douane agréés du Mali", Category.BROKER),
    ("CMC", "Conseil malien des chargeurs", Category.ASSOCIATION),
    (
        "APBEF",
        "Association professionnelle des banques et établissements financiers",
        Category.BANK,
    ),
    ("CMTR", "Conseil malien des transporteurs routiers", Category.TRANSPORT),
    ("CDM", "Chambre des mines du Mali", Category.CHAMBER),
    ("GCM", "Groupement des commerçants du Mali", Category.ASSOCIATION),
    ("SIE", "Sahel Import-Export SARL", Category.TRADER),
    ("KKL", "Kankou Logistique SA", Category.TRANSPORT),
]

PEOPLE = [
    # e-mail, full name, organisation acronym (None: no organisation)
    ("representant@ccim.ml", "Oumar Sidibé", "CCIM"),
    ("awa.diallo@cnpm.ml", "Awa Diallo", "CNPM"),
    ("seydou.traore@ocdam.ml", "Seydou Traoré", "OCDAM"),
    ("mariam.konate@cmc.ml", "Mariam Konaté", "CMC"),
    ("boubacar.cisse@apbef.ml", "Boubacar Cissé", "APBEF"),
    ("hawa.sangare@sahel-import.ml", "Hawa Sangaré", "SIE"),
    ("modibo.kone@cmtr.ml", "Modibo Koné", "CMTR"),
    ("salif.dembele@chambredesmines.ml", "Salif Dembélé", "CDM"),
    ("kadiatou.maiga@gcm.ml", "Kadiatou Maïga", "GCM"),
    ("issa.berthe@consultant.ml", "Issa Berthé", None),
    ("fanta.camara@kankou-logistique.ml", "Fanta Camara", "KKL"),
]

CLEARANCE_SECTIONS = [
    (
        "1",
        "Objet",
        "La présente instruction-cadre fixe les règles et les étapes de la procédure de "
        "dédouanement des marchandises à l’importation, à l’exportation et en transit, dans "
        "tous les bureaux de la Direction générale des Douanes.",
    ),
    (
        "2",
        "Champ d’application",
        "Elle s’applique à toute déclaration en détail déposée dans le système informatique "
        "SYDONIA World, quel que soit le régime douanier demandé.\n\nLes envois postaux et les "
        "effets personnels des voyageurs relèvent d’instructions particulières.",
    ),
    (
        "3",
        "Définitions",
        "Au sens de la présente instruction :\n\n"
        "- **déclarant** : la personne qui dépose la déclaration en détail en son nom ou pour "
        "le compte d’autrui ;\n"
        "- **bon à enlever (BAE)** : l’autorisation donnée par le service de disposer des "
        "marchandises ;\n"
        "- **circuit de contrôle** : l’orientation de la déclaration (vert, jaune, orange ou "
        "rouge) par le système de gestion des risques.",
    ),
    (
        "4",
        "Dépôt de la déclaration",
        "La déclaration en détail est déposée par voie électronique, accompagnée des "
        "documents exigibles numérisés : facture, connaissement ou lettre de voiture, "
        "certificat d’origine et, le cas échéant, attestation de vérification.\n\nElle peut "
        "être déposée par anticipation, avant l’arrivée des marchandises au bureau, dès "
        "réception des documents de transport.",
    ),
    (
        "5",
        "Circuits de contrôle",
        "Le système de gestion des risques oriente chaque déclaration :\n\n"
        "- circuit vert : BAE sans contrôle documentaire ni physique ;\n"
        "- circuit jaune : contrôle documentaire ;\n"
        "- circuit orange : contrôle par scanner ;\n"
        "- circuit rouge : visite physique des marchandises, en présence du déclarant.",
    ),
    (
        "6",
        "Délais de traitement",
        "Le service traite la déclaration dans les délais suivants, à compter de son "
        "enregistrement : 4 heures pour le circuit vert, 24 heures pour le circuit jaune et "
        "48 heures pour les circuits orange et rouge. Tout dépassement est motivé par écrit.",
    ),
    (
        "7",
        "Paiement des droits et taxes",
        "Les droits et taxes sont acquittés par virement ou paiement électronique auprès des "
        "banques partenaires. Le BAE est délivré dès que la banque a confirmé le paiement dans "
        "le système.",
    ),
    (
        "8",
        "Enlèvement des marchandises",
        "Les marchandises sont enlevées sur présentation du BAE électronique. L’exploitant de "
        "l’aire de dédouanement vérifie le BAE dans le système avant toute sortie.",
    ),
    (
        "9",
        "Voies de recours",
        "Le déclarant qui conteste une décision du service peut former un recours gracieux "
        "auprès du chef de bureau dans un délai de 15 jours. À défaut de réponse dans les 30 "
        "jours, il peut saisir le Directeur général des Douanes.",
    ),
    (
        "10",
        "Entrée en vigueur",
        "La présente instruction-cadre entre en vigueur le 1er mars 2027. Elle abroge toutes "
        "dispositions antérieures contraires.",
    ),
]

# e-mail of the author, section number (None: the whole text), publication, body,
# days after opening, decision and reason (None: not answered yet)
CLEARANCE_COMMENTS = [
    (
        "representant@ccim.ml",
        "6",
        "named",
        "Les délais de 48 heures pour les circuits orange et rouge sont trop longs pour les "
        "denrées périssables. Nous proposons 24 heures et un traitement prioritaire pour ces "
        "produits.",
        1,
        (
            "partly",
            "Un traitement prioritaire des denrées périssables sera ajouté à l’article 6 ; le "
            "délai général de 48 heures est maintenu compte tenu des effectifs des bureaux "
            "frontaliers.",
        ),
    ),
    (
        "awa.diallo@cnpm.ml",
        None,
        "named",
        "Le CNPM salue ce projet, attendu de longue date par les entreprises. Nous demandons "
        "une période transitoire de six mois et des sessions de formation pour les déclarants.",
        2,
        (
            "accepted",
            "Des sessions de formation seront organisées avec les chambres consulaires avant "
            "l’entrée en vigueur, qui sera reportée en conséquence.",
        ),
    ),
    (
        "seydou.traore@ocdam.ml",
        "4",
        "named",
        "Le dépôt anticipé devrait être possible dès l’enregistrement du manifeste, sans "
        "attendre la réception matérielle des documents de transport.",
        3,
        (
            "accepted",
            "L’article 4 sera modifié : le dépôt anticipé sera possible dès l’enregistrement "
            "du manifeste.",
        ),
    ),
    (
        "mariam.konate@cmc.ml",
        "5",
        "anonymous",
        "Il faudrait préciser les critères d’orientation vers le circuit rouge et informer le "
        "déclarant du motif de la visite physique.",
        4,
        None,
    ),
    (
        "boubacar.cisse@apbef.ml",
        "7",
        "named",
        "Les banques confirment les paiements en temps réel pendant les heures ouvrables. "
        "Nous proposons de préciser que les paiements reçus après 16 heures sont confirmés le "
        "jour ouvrable suivant.",
        5,
        (
            "accepted",
            "La précision sera ajoutée à l’article 7, en accord avec les banques partenaires.",
        ),
    ),
    (
        "hawa.sangare@sahel-import.ml",
        "9",
        "private",
        "Le délai de 15 jours pour le recours gracieux est trop court pour les entreprises "
        "dont le siège est loin du bureau de dédouanement. Nous proposons 30 jours.",
        5,
        None,
    ),
    (
        "modibo.kone@cmtr.ml",
        "8",
        "named",
        "Les aires de dédouanement ferment à 18 heures alors que le BAE peut être délivré plus "
        "tard : les camions attendent toute la nuit. Nous demandons l’ouverture des aires "
        "jusqu’à 22 heures.",
        6,
        None,
    ),
    (
        "salif.dembele@chambredesmines.ml",
        "2",
        "named",
        "Les régimes économiques propres aux sociétés minières (admission temporaire des "
        "équipements) doivent être expressément mentionnés.",
        7,
        (
            "noted",
            "Les régimes miniers relèvent du code minier et d’une instruction particulière, "
            "en cours de révision : la remarque lui sera transmise.",
        ),
    ),
    (
        "kadiatou.maiga@gcm.ml",
        "6",
        "anonymous",
        "Le dépassement des délais devrait donner lieu à une information automatique du "
        "déclarant, par SMS ou par courriel.",
        8,
        None,
    ),
    (
        "issa.berthe@consultant.ml",
        "3",
        "named",
        "Il serait utile de définir aussi la « déclaration par anticipation », employée à "
        "l’article 4.",
        9,
        None,
    ),
    (
        "fanta.camara@kankou-logistique.ml",
        "5",
        "named",
        "Le passage au scanner entraîne des frais de manutention : l’instruction devrait dire "
        "qui les supporte lorsque le contrôle ne relève aucune irrégularité.",
        10,
        None,
    ),
    (
        "representant@ccim.ml",
        "10",
        "named",
        "Une entrée en vigueur au 1er mars 2027 laisse peu de temps pour former les "
        "déclarants et adapter les logiciels des commissionnaires.",
        11,
        None,
    ),
]

AEO_SECTIONS_V1 = [
    (
        "1",
        "Objet",
        "La présente décision définit les conditions d’octroi du statut d’opérateur "
        "économique agréé (OEA) et les facilités qui y sont attachées.",
    ),
    (
        "2",
        "Conditions d’octroi",
        "Le demandeur justifie d’au moins cinq années d’activité, d’un historique de "
        "conformité douanière et fiscale satisfaisant et d’une solvabilité financière établie.",
    ),
    (
        "3",
        "Facilités accordées",
        "L’OEA bénéficie d’un taux réduit de contrôles physiques et du dédouanement à domicile.",
    ),
    (
        "4",
        "Suspension et retrait",
        "Le statut est suspendu en cas de manquement grave constaté par le service.",
    ),
]

AEO_SECTIONS_V2 = [
    AEO_SECTIONS_V1[0],
    (
        "2",
        "Conditions d’octroi",
        "Le demandeur justifie d’au moins trois années d’activité, d’un historique de "
        "conformité douanière et fiscale satisfaisant et d’une solvabilité financière établie.",
    ),
    (
        "3",
        "Facilités accordées",
        "L’OEA bénéficie d’un taux réduit de contrôles physiques, du dédouanement à domicile "
        "et d’un interlocuteur dédié au sein de la Direction générale des Douanes.",
    ),
    (
        "4",
        "Suspension et retrait",
        "Le statut est suspendu en cas de manquement grave constaté par le service, après que "
        "l’opérateur a été entendu.",
    ),
]

AEO_COMMENTS = [
    (
        "awa.diallo@cnpm.ml",
        "2",
        "named",
        "Cinq années d’activité excluent les jeunes entreprises bien organisées. Trois ans "
        "suffiraient.",
        3,
        ("accepted", "La durée minimale d’activité est ramenée à trois ans."),
    ),
    (
        "seydou.traore@ocdam.ml",
        "3",
        "named",
        "Les OEA devraient disposer d’un interlocuteur dédié pour traiter leurs difficultés.",
        5,
        ("accepted", "Un interlocuteur dédié est prévu à l’article 3."),
    ),
    (
        "representant@ccim.ml",
        "4",
        "anonymous",
        "La suspension doit être précédée d’une procédure contradictoire.",
        8,
        ("accepted", "L’article 4 prévoit désormais que l’opérateur est entendu."),
    ),
    (
        "hawa.sangare@sahel-import.ml",
        None,
        "private",
        "Nous souhaitons connaître le coût de l’audit préalable à l’octroi du statut.",
        10,
        ("noted", "L’audit est gratuit ; la précision figurera dans le guide de l’OEA."),
    ),
    (
        "boubacar.cisse@apbef.ml",
        "2",
        "named",
        "La solvabilité pourrait être attestée par une garantie bancaire.",
        12,
        (
            "partly",
            "La garantie bancaire sera acceptée comme l’un des justificatifs, sans être exigée.",
        ),
    ),
    (
        "fanta.camara@kankou-logistique.ml",
        "3",
        "named",
        "Le dédouanement à domicile devrait être étendu aux entrepôts des transitaires.",
        14,
        (
            "not_accepted",
            "Le dédouanement à domicile suppose que les marchandises restent sous la garde de "
            "l’opérateur agréé lui-même.",
        ),
    ),
]


def _organizations():
    found = {}
    for acronym, name, category in ORGANIZATIONS:
        organization = (
            Organization.objects.filter(acronym__iexact=acronym).first()
            or Organization.objects.filter(name__iexact=name).first()
        )
        if organization is None:
            organization = Organization.objects.create(
                acronym=acronym,
                name=name,
                category=category,
                region=Region.BAMAKO,
                verified=True,
                verified_at=timezone.now(),
            )
            stakeholders_demo.give_administrator(organization, _officer())
        found[acronym] = organization
    return found


def _people(organizations):
    people = {}
    for email, name, acronym in PEOPLE:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, kind=User.Kind.PRIVATE
            )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if acronym:
            stakeholders_demo.enrol(user, organizations[acronym], _officer(), consent=True)
        people[email] = user
    return people


def _officer():
    return (
        User.objects.filter(email="agent@douane.gouv.ml").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def _texts(sections):
    return [texts.SectionText(number=n, heading=h, body=b) for n, h, b in sections]


def _comment(consultation, people, row, opened_at, officer):
    email, number, publication, body, day, decision = row
    author = people[email]
    section = (
        consultation.latest_version().sections.get(number=number) if number is not None else None
    )
    when = opened_at + timedelta(days=day, hours=3)
    comment = comments.submit_comment(
        consultation,
        author=author,
        body=body,
        publication=publication,
        section=section,
        on_behalf=represented_organization(author) is not None,
        now=when,
    )
    if decision is not None:
        handling.decide_comment(
            comment,
            acting_user=officer,
            decision=decision[0],
            reason=decision[1],
            now=when + timedelta(days=2),
        )


def _clearance(officer, organizations, people, now):
    opened_at = now - timedelta(days=12)
    consultation = consultations.create_consultation(
        acting_user=officer,
        title=CLEARANCE_TITLE,
        summary=(
            "Ce projet précise les étapes du dédouanement des marchandises au Mali, du dépôt "
            "de la déclaration en détail dans SYDONIA World à la délivrance du bon à enlever : "
            "circuits de contrôle, délais de traitement, paiement et voies de recours. Il vise "
            "des délais plus courts et plus prévisibles pour les opérateurs."
        ),
        closes_at=opened_at + timedelta(days=35),
        responsible_officer=officer,
        invited_organizations=list(organizations.values()),
        # The consultative framework's members, as they are now and as they will be.
        invited_bodies=list(DialogueBody.objects.filter(acronym=FRAMEWORK_ACRONYM)),
        entry_into_force=(now + timedelta(days=93)).date(),
        sections=_texts(CLEARANCE_SECTIONS),
        now=opened_at - timedelta(days=3),
    )
    consultation = consultations.open_consultation(consultation, acting_user=officer, now=opened_at)
    for row in CLEARANCE_COMMENTS:
        _comment(consultation, people, row, opened_at, officer)
    return consultation


def _aeo(officer, organizations, people, now):
    opened_at = now - timedelta(days=95)
    consultation = consultations.create_consultation(
        acting_user=officer,
        title=AEO_TITLE,
        summary=(
            "Le statut d’opérateur économique agréé (OEA) reconnaît les entreprises fiables "
            "et leur accorde des facilités de dédouanement. Le projet en fixe les conditions, "
            "les avantages et les cas de suspension."
        ),
        closes_at=opened_at + timedelta(days=35),
        responsible_officer=officer,
        invited_organizations=[organizations[a] for a in ("CCIM", "CNPM", "OCDAM", "APBEF")],
        entry_into_force=(now + timedelta(days=34)).date(),
        sections=_texts(AEO_SECTIONS_V1),
        now=opened_at - timedelta(days=5),
    )
    consultation = consultations.open_consultation(consultation, acting_user=officer, now=opened_at)
    for row in AEO_COMMENTS:
        _comment(consultation, people, row, opened_at, officer)
    previous = {s.number: s.key for s in consultation.latest_version().sections.all()}
    revised = [
        texts.SectionText(number=n, heading=h, body=b, key=previous[n])
        for n, h, b in AEO_SECTIONS_V2
    ]
    texts.publish_revision(
        consultation,
        acting_user=officer,
        sections=revised,
        note=(
            "Texte révisé après la consultation : durée d’activité ramenée à trois ans, "
            "interlocuteur dédié, procédure contradictoire avant suspension."
        ),
        now=now - timedelta(days=25),
    )
    handling.publish_report(
        consultation,
        acting_user=officer,
        summary=(
            "La consultation a réuni six contributions. Trois propositions ont été retenues et "
            "ont modifié le texte ; la garantie bancaire sera acceptée comme justificatif de "
            "solvabilité. Le guide de l’OEA sera publié avant l’entrée en vigueur."
        ),
        now=now - timedelta(days=20),
    )
    return consultation


def _put_on_agendas(officer):
    """The clearance instruction on the agenda of the framework's plenary series and of the
    forum's clearance panel; the AEO decision on the forum's AEO workshop. Left as it is when
    the meetings or forums demo did not run, or when the link is already there."""
    texts = {
        c.title: c for c in Consultation.objects.filter(title__in=[CLEARANCE_TITLE, AEO_TITLE])
    }
    clearance, aeo = texts.get(CLEARANCE_TITLE), texts.get(AEO_TITLE)
    plenary = Meeting.objects.filter(
        title=PLENARY_TITLE, series__isnull=True, status=Meeting.Status.SCHEDULED
    ).first()
    if clearance and plenary and clearance not in plenary.consultations.all():
        scheduling.update_meeting(
            plenary, acting_user=officer, consultations=[*plenary.consultations.all(), clearance]
        )
    for title, text in ((CLEARANCE_SESSION, clearance), (AEO_SESSION, aeo)):
        session = Session.objects.filter(forum__slug=FORUM_SLUG, title=title).first()
        if text and session and text not in session.consultations.all():
            editing.save_session(
                session, acting_user=officer, consultations=[*session.consultations.all(), text]
            )


def seed(stdout):
    officer = _officer()
    if officer is None:
        stdout.write("Consultations: no officer account, skipped (run the accounts demo first).")
        return
    organizations = _organizations()
    people = _people(organizations)
    now = timezone.now()
    made = []
    if not Consultation.objects.filter(title=CLEARANCE_TITLE).exists():
        made.append(_clearance(officer, organizations, people, now))
    if not Consultation.objects.filter(title=AEO_TITLE).exists():
        made.append(_aeo(officer, organizations, people, now))
    for consultation in made:
        notifications.cancel_for(consultation)  # demo data sends no e-mail
    _put_on_agendas(officer)
    stdout.write(
        f"Consultations: {len(made)} created, "
        f"{Consultation.objects.filter(title__in=[CLEARANCE_TITLE, AEO_TITLE]).count()} in all."
    )
