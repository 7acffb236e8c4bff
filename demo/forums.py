"""Demo forums in a Malian setting, made through the same services as the portal's pages.

- the national forum for International Customs Day 2027 (26 January 2027) in Bamako: a full
  programme, nearly full (a few seats held by Customs), with a waiting list; the demo
  representative (representant@ccim.ml) holds a confirmed seat and a check-in code;
- a regional forum for West Africa in June 2027, registration opening in March;
- a forum held a few weeks ago in Sikasso, with attendance, and its feedback survey (the survey
  engine's, made as the beat task makes it) answered by 15 attendees.

Idempotent: a forum that exists (by slug) is left as it is. The participants' accounts have no
usable password; the e-mails the services queue for them are cancelled at the end.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from demo import stakeholders as stakeholders_demo
from forums.models import Forum, Registration, Session
from forums.services import attendance, editing, seats
from portal.accounts.models import User
from portal.notifications.models import Notification
from stakeholders.models import Category, Organization, Region
from surveys import feedback as survey_feedback
from surveys.models import Survey
from surveys.services import answers as survey_answers

BAMAKO = ZoneInfo("Africa/Bamako")
DEMO_REPRESENTATIVE = "representant@ccim.ml"

# acronym, name, category, region, country, e-mail domain
ORGANIZATIONS = [
    (
        "CCIM",
        "Chambre de Commerce et d’Industrie du Mali",
        Category.CHAMBER,
        Region.BAMAKO,
        "ML",
        "ccim.ml",
    ),
    (
        "CNPM",
        "Conseil National du Patronat du Mali",
        Category.EMPLOYERS,
        Region.BAMAKO,
        "ML",
        "cnpm.ml",
    ),
    ("CMC", "Conseil Malien des Chargeurs", Category.TRANSPORT, Region.BAMAKO, "ML", "cmc.ml"),
    (
        "CMTR",
        "Conseil Malien des Transporteurs Routiers",
        Category.TRANSPORT,
        Region.KOULIKORO,
        "ML",
        "cmtr.ml",
    ),
    (
        "OCDAM",
        "Ordre des Commissionnaires en Douane Agréés du Mali",
        Category.BROKER,
        Region.BAMAKO,
        "ML",
        "ocdam.ml",
    ),
    (
        "APBEF",
        "Association Professionnelle des Banques et Établissements Financiers du Mali",
        Category.BANK,
        Region.BAMAKO,
        "ML",
        "apbef.ml",
    ),
    (
        "GCS",
        "Groupement des Commerçants de Sikasso",
        Category.TRADER,
        Region.SIKASSO,
        "ML",
        "gcs.ml",
    ),
    (
        "CEMK",
        "Coopérative des Exportateurs de Mangues de Kayes",
        Category.TRADER,
        Region.KAYES,
        "ML",
        "cemk.ml",
    ),
    (
        "AIMS",
        "Association des Importateurs du Mali – Ségou",
        Category.ASSOCIATION,
        Region.SEGOU,
        "ML",
        "aims.ml",
    ),
    (
        "ODM",
        "Observatoire de la Douane Malienne (société civile)",
        Category.CIVIL_SOCIETY,
        Region.MOPTI,
        "ML",
        "odm.ml",
    ),
    (
        "UB-FSEG",
        "Faculté des Sciences Économiques et de Gestion de Bamako",
        Category.ACADEMIA,
        Region.BAMAKO,
        "ML",
        "fseg.ml",
    ),
    ("UNCS", "Union Nationale des Chargeurs du Sénégal", Category.TRANSPORT, "", "SN", "uncs.sn"),
    (
        "CCI-CI",
        "Chambre de Commerce et d’Industrie de Côte d’Ivoire",
        Category.CHAMBER,
        "",
        "CI",
        "cci.ci",
    ),
    (
        "CCI-BF",
        "Chambre de Commerce et d’Industrie du Burkina Faso",
        Category.CHAMBER,
        "",
        "BF",
        "cci.bf",
    ),
    ("BAD", "Banque Africaine de Développement", Category.DONOR, "", "CI", "afdb.org"),
]

FIRST_NAMES = [
    "Amadou",
    "Awa",
    "Bakary",
    "Fatoumata",
    "Seydou",
    "Mariam",
    "Ousmane",
    "Kadiatou",
    "Modibo",
    "Aïssata",
    "Boubacar",
    "Hawa",
    "Sékou",
    "Oumou",
    "Cheick",
    "Salimata",
    "Mamadou",
    "Djeneba",
    "Adama",
    "Rokia",
]
LAST_NAMES = [
    "Traoré",
    "Coulibaly",
    "Diarra",
    "Keïta",
    "Koné",
    "Sangaré",
    "Touré",
    "Cissé",
    "Dembélé",
    "Sidibé",
    "Maïga",
    "Konaté",
    "Diallo",
    "Sissoko",
    "Doumbia",
    "Kanté",
]


def _at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BAMAKO)


def _organizations():
    found = {}
    for acronym, name, category, region, country, _domain in ORGANIZATIONS:
        organization = (
            Organization.objects.filter(acronym__iexact=acronym).first()
            or Organization.objects.filter(name__iexact=name).first()
        )
        if organization is None:
            organization = Organization.objects.create(
                acronym=acronym,
                name=name,
                category=category,
                region=region,
                country=country,
                verified=True,
                verified_at=timezone.now(),
            )
            stakeholders_demo.give_administrator(organization, _officer())
        found[acronym] = organization
    return found


def _person(index, organization_acronym, organizations):
    """A demo participant tied to an organisation (no usable password)."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index * 7) % len(LAST_NAMES)]
    domain = next(row[5] for row in ORGANIZATIONS if row[0] == organization_acronym)
    email = f"participant{index:03d}@{domain}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=f"{first} {last}")
    stakeholders_demo.enrol(user, organizations[organization_acronym], _officer())
    return user


def _representative(organizations):
    user = User.objects.filter(email=DEMO_REPRESENTATIVE).first()
    if user is not None:
        stakeholders_demo.enrol(
            user, organizations["CCIM"], _officer(), "Chargé des relations avec l’administration"
        )
    return user


def _officer():
    return User.objects.filter(email="agent@douane.gouv.ml").first()


def _sessions(forum, rows):
    for title, start, end, room, format_, speakers, description in rows:
        Session.objects.get_or_create(
            forum=forum,
            title=title,
            defaults={
                "start": start,
                "end": end,
                "room": room,
                "format": format_,
                "other_speakers": speakers,
                "description": description,
            },
        )


def _new_forum(slug, officer, **fields):
    forum = Forum.objects.filter(slug=slug).first()
    if forum is not None:
        return forum, False
    forum = Forum(slug=slug, **fields)
    editing.save_forum(forum, acting_user=officer)
    return forum, True


def _quiet(forum, keep_email):
    """Cancel the e-mails the demo queued for made-up participants."""
    Notification.objects.filter(
        status=Notification.Status.PENDING,
        kind__startswith="forums.",
        target_type=ContentType.objects.get_for_model(Registration),
        target_id__in=Registration.objects.filter(forum=forum).values("pk"),
    ).exclude(email=keep_email).update(status=Notification.Status.CANCELLED)


def _customs_day(organizations, officer, representative):
    P, W, PL = Session.Format.PANEL, Session.Format.WORKSHOP, Session.Format.PLENARY
    forum, created = _new_forum(
        "forum-jid-2027",
        officer,
        title="Forum national Douane–Secteur privé – Journée internationale de la Douane 2027",
        theme="Une douane au service d’un commerce légitime, rapide et intègre",
        scale=Forum.Scale.NATIONAL,
        description=(
            "À l’occasion de la Journée internationale de la Douane, la Direction générale des "
            "Douanes réunit ses partenaires du secteur privé pour faire le bilan des engagements "
            "de l’année, présenter les réformes de dédouanement et recueillir les propositions "
            "des opérateurs.\n\nLes travaux se tiennent en français ; une interprétation en "
            "bambara est assurée en plénière."
        ),
        start=_at(2027, 1, 26, 8, 30),
        end=_at(2027, 1, 27, 13, 0),
        venue="Centre International de Conférences de Bamako (CICB)",
        city="Bamako",
        country="ML",
        online_url="https://webinaire.douane.gouv.ml/jid-2027",
        working_languages="Français, bambara (interprétation en plénière)",
        capacity=80,
        online_capacity=None,
        registration_opens_at=_at(2026, 11, 2, 8, 0),
        registration_closes_at=_at(2027, 1, 22, 18, 0),
        per_organization_limit=10,
    )
    if not created:
        return forum
    forum.partner_organizations.set([organizations["CCIM"], organizations["CNPM"]])
    d1, d2 = (2027, 1, 26), (2027, 1, 27)
    _sessions(
        forum,
        [
            (
                "Accueil et enregistrement des participants",
                _at(*d1, 8, 30),
                _at(*d1, 9, 0),
                "Hall principal",
                PL,
                "",
                "",
            ),
            (
                "Cérémonie d’ouverture",
                _at(*d1, 9, 0),
                _at(*d1, 10, 0),
                "Salle des Banquets",
                PL,
                "Directeur général des Douanes, Président de la CCIM",
                "Message du Secrétaire général de l’OMD pour la Journée internationale "
                "de la Douane.",
            ),
            (
                "Bilan des engagements Douane–Secteur privé 2026",
                _at(*d1, 10, 30),
                _at(*d1, 12, 0),
                "Salle des Banquets",
                PL,
                "Sous-directeur de la Facilitation",
                "Présentation des engagements tenus, en retard et abandonnés.",
            ),
            (
                "Dédouanement rapide : guichet unique et paiement électronique",
                _at(*d1, 14, 0),
                _at(*d1, 15, 30),
                "Salle 1",
                P,
                "Représentant du CNPM, Représentant de l’APBEF, "
                "Chef du bureau des Douanes de Bamako-Route",
                "Délais, coûts et incidents : ce qui marche et ce qui bloque.",
            ),
            (
                "Atelier : opérateur économique agréé (OEA)",
                _at(*d1, 14, 0),
                _at(*d1, 15, 30),
                "Salle 2",
                W,
                "Cellule OEA de la Direction générale",
                "Critères, procédure et avantages du statut d’OEA.",
            ),
            (
                "Atelier : valeur en douane et contentieux",
                _at(*d1, 16, 0),
                _at(*d1, 17, 30),
                "Salle 2",
                W,
                "Ordre des Commissionnaires en Douane Agréés",
                "Cas pratiques et voies de recours.",
            ),
            (
                "Intégrité et lutte contre la corruption aux frontières",
                _at(*d2, 9, 0),
                _at(*d2, 10, 30),
                "Salle des Banquets",
                P,
                "Observatoire de la Douane Malienne, Inspection des services",
                "Dispositif d’alerte et suivi des plaintes.",
            ),
            (
                "Corridors Dakar–Bamako et Abidjan–Bamako",
                _at(*d2, 10, 45),
                _at(*d2, 12, 0),
                "Salle 1",
                P,
                "Conseil Malien des Chargeurs, Conseil Malien des Transporteurs Routiers",
                "Transit, escortes et temps de passage aux frontières.",
            ),
            (
                "Synthèse des propositions et clôture",
                _at(*d2, 12, 0),
                _at(*d2, 13, 0),
                "Salle des Banquets",
                PL,
                "Rapporteurs des ateliers",
                "",
            ),
        ],
    )
    registration_time = _at(2026, 11, 3, 9, 0)
    editing.set_forum_status(
        forum, Forum.Status.PUBLISHED, acting_user=officer, now=registration_time
    )
    seats.hold_seats(forum, seats=4, acting_user=officer, now=registration_time)
    for name, email, acronym in [
        ("Mme Salimata Konaté", "s.konate@cnpm.ml", "CNPM"),
        ("M. Youssouf Bathily", "y.bathily@afdb.org", "BAD"),
    ]:
        seats.register_guest(
            forum,
            acting_user=officer,
            name=name,
            email=email,
            organization=organizations[acronym],
            use_reserved_seat=True,
            consent_to_list=True,
            now=registration_time,
        )
    sessions = list(forum.sessions.all())
    if representative is not None:
        seats.register(
            forum,
            user=representative,
            sessions=sessions[3:5],
            consent_to_list=True,
            now=registration_time + timedelta(minutes=5),
        )
    acronyms = [
        "CCIM",
        "CNPM",
        "CMC",
        "CMTR",
        "OCDAM",
        "APBEF",
        "GCS",
        "CEMK",
        "AIMS",
        "ODM",
        "UB-FSEG",
    ]
    people = [_person(index, acronyms[index % len(acronyms)], organizations) for index in range(81)]
    for index, person in enumerate(people):
        seats.register(
            forum,
            user=person,
            attendance_mode=Registration.Mode.IN_PERSON,
            sessions=sessions[3 + index % 4 : 4 + index % 4],
            dietary_needs="Végétarien" if index % 9 == 0 else "",
            accessibility_needs="Accès en fauteuil roulant" if index == 17 else "",
            consent_to_list=index % 3 != 0,
            now=registration_time + timedelta(hours=1 + index * 5),
        )
    # Two people could not come after all: their seats went to the first two in line.
    later = registration_time + timedelta(days=20)
    for person in people[10:12]:
        registration = forum.registrations.get(user=person)
        seats.cancel(registration, acting_user=person, now=later)
    _quiet(forum, DEMO_REPRESENTATIVE)
    return forum


def _regional(organizations, officer):
    PL, P = Session.Format.PLENARY, Session.Format.PANEL
    forum, created = _new_forum(
        "forum-regional-afrique-ouest-2027",
        officer,
        title="Forum régional Douanes–Secteur privé de l’Afrique de l’Ouest",
        theme="Fluidifier le transit sur les corridors de l’UEMOA et de la CEDEAO",
        scale=Forum.Scale.REGIONAL,
        description=(
            "Administrations douanières et opérateurs privés du Mali, du Sénégal, de la Côte "
            "d’Ivoire, du Burkina Faso, de la Guinée et du Niger se retrouvent pour harmoniser "
            "les pratiques de transit et d’interconnexion des systèmes."
        ),
        start=_at(2027, 6, 8, 9, 0),
        end=_at(2027, 6, 9, 17, 0),
        venue="Hôtel de l’Amitié",
        city="Bamako",
        country="ML",
        online_url="https://webinaire.douane.gouv.ml/forum-regional-2027",
        working_languages="Français, English",
        capacity=150,
        online_capacity=300,
        registration_opens_at=_at(2027, 3, 1, 8, 0),
        registration_closes_at=_at(2027, 5, 31, 18, 0),
        per_organization_limit=3,
    )
    if not created:
        return forum
    forum.partner_organizations.set(
        [
            organizations["UNCS"],
            organizations["CCI-CI"],
            organizations["CCI-BF"],
            organizations["BAD"],
        ]
    )
    d1, d2 = (2027, 6, 8), (2027, 6, 9)
    _sessions(
        forum,
        [
            (
                "Ouverture officielle",
                _at(*d1, 9, 0),
                _at(*d1, 10, 0),
                "Salle Djoliba",
                PL,
                "Directeurs généraux des Douanes de la sous-région",
                "",
            ),
            (
                "Interconnexion des systèmes douaniers",
                _at(*d1, 10, 30),
                _at(*d1, 12, 30),
                "Salle Djoliba",
                P,
                "Experts SYDONIA, Commission de l’UEMOA",
                "",
            ),
            (
                "Transit sous garantie unique régionale",
                _at(*d1, 14, 0),
                _at(*d1, 16, 0),
                "Salle Niger",
                P,
                "Union Nationale des Chargeurs du Sénégal, Conseil Malien des Chargeurs",
                "",
            ),
            (
                "Recommandations et feuille de route",
                _at(*d2, 9, 0),
                _at(*d2, 12, 0),
                "Salle Djoliba",
                PL,
                "Rapporteurs",
                "",
            ),
        ],
    )
    editing.set_forum_status(forum, Forum.Status.PUBLISHED, acting_user=officer)
    return forum


def _held(organizations, officer):
    """A forum held in October 2026 in Sikasso, with attendance and feedback."""
    PL, W = Session.Format.PLENARY, Session.Format.WORKSHOP
    forum, created = _new_forum(
        "forum-sikasso-2026",
        officer,
        title="Forum régional de Sikasso sur la facilitation des échanges frontaliers",
        theme="Le commerce frontalier avec la Côte d’Ivoire et le Burkina Faso",
        scale=Forum.Scale.NATIONAL,
        description=(
            "Rencontre des opérateurs de la région de Sikasso avec les bureaux frontaliers."
        ),
        start=_at(2026, 10, 15, 9, 0),
        end=_at(2026, 10, 15, 17, 0),
        venue="Salle de conférence du Gouvernorat",
        city="Sikasso",
        country="ML",
        capacity=40,
        registration_opens_at=_at(2026, 9, 1, 8, 0),
        registration_closes_at=_at(2026, 10, 13, 18, 0),
    )
    if not created:
        return forum
    d = (2026, 10, 15)
    _sessions(
        forum,
        [
            (
                "Le point sur les bureaux de Zégoua et de Hérémakono",
                _at(*d, 9, 30),
                _at(*d, 11, 0),
                "Grande salle",
                PL,
                "Chefs des bureaux frontaliers",
                "",
            ),
            (
                "Atelier : formalités simplifiées pour les petits commerçants",
                _at(*d, 11, 30),
                _at(*d, 13, 0),
                "Grande salle",
                W,
                "Groupement des Commerçants de Sikasso",
                "",
            ),
            (
                "Atelier : exportation de fruits et légumes",
                _at(*d, 14, 30),
                _at(*d, 16, 30),
                "Salle annexe",
                W,
                "Coopérative des Exportateurs de Mangues de Kayes",
                "",
            ),
        ],
    )
    opened = _at(2026, 9, 2, 9, 0)
    editing.set_forum_status(forum, Forum.Status.PUBLISHED, acting_user=officer, now=opened)
    acronyms = ["GCS", "GCS", "CEMK", "CMTR", "APBEF", "CCIM", "UB-FSEG", "CCI-BF"]
    people = [
        _person(200 + index, acronyms[index % len(acronyms)], organizations) for index in range(28)
    ]
    registrations = [
        seats.register(
            forum, user=person, consent_to_list=True, now=opened + timedelta(hours=index * 7)
        )
        for index, person in enumerate(people)
    ]
    checkin = User.objects.filter(email="accueil@douane.gouv.ml").first() or officer
    suggestions = [
        "Organiser le prochain forum à Zégoua, au plus près des opérateurs.",
        "Prévoir plus de temps pour les questions des petits commerçants.",
        "",
        "Publier la présentation sur les formalités simplifiées sur le portail.",
        "Inviter aussi les transporteurs ivoiriens.",
    ]
    for index, registration in enumerate(registrations[:23]):
        attendance.check_in(
            forum,
            registration.code,
            acting_user=checkin,
            now=_at(*d, 8, 30) + timedelta(minutes=index),
        )
    editing.set_forum_status(
        forum, Forum.Status.HELD, acting_user=officer, now=_at(2026, 10, 16, 9, 0)
    )
    # The feedback survey, made as the beat task makes it when the forum has ended.
    feedback = survey_feedback.forum_survey(forum, now=_at(2026, 10, 16, 9, 0))
    questions = {q.code: q for q in survey_answers.questions_of(feedback)}
    choices = list(questions["most-useful-session"].choices.all())
    for index, registration in enumerate(registrations[:15]):
        survey_answers.submit_response(
            feedback,
            acting_user=registration.user,
            answers={
                questions["overall"].pk: [5, 4, 4, 3, 5, 4, 2][index % 7],
                questions["most-useful-session"].pk: choices[index % len(choices)].pk,
                questions["suggestions"].pk: suggestions[index % len(suggestions)],
            },
            now=_at(2026, 10, 16, 10, 0),
        )
    Notification.objects.filter(
        status=Notification.Status.PENDING,
        kind__startswith="surveys.",
        target_type=ContentType.objects.get_for_model(Survey),
        target_id=feedback.pk,
    ).update(status=Notification.Status.CANCELLED)
    _quiet(forum, DEMO_REPRESENTATIVE)
    return forum


def seed(stdout):
    organizations = _organizations()
    officer = _officer()
    representative = _representative(organizations)
    forums = [
        _customs_day(organizations, officer, representative),
        _regional(organizations, officer),
        _held(organizations, officer),
    ]
    stdout.write("Demo forums:")
    for forum in Forum.objects.filter(pk__in=[f.pk for f in forums]).with_counts():
        stdout.write(
            f"  {forum.title[:60]:<60} {forum.confirmed_count} confirmed, "
            f"{forum.waiting_count} waiting, {forum.attended_count} attended"
        )
