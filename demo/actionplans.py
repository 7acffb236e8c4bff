"""Demo data: the 2026-2027 operational plan for private-sector relations, and a draft.

Idempotent: objectives and plans are found by their natural keys; a plan that already has an
approved version is left as it is. Dates are relative to today, so that the plan always shows
actions done, on track, at risk, overdue and not started. The plan is approved twice (March,
then a September revision), so its versions can be compared. Some actions carry out
commitments made at the demo meetings: two came in the revision, one was added since and
waits for the next approval.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from actionplans import contests, services
from actionplans.models import (
    Action,
    ActionPlan,
    Contestation,
    IntegrityFactor,
    StrategicObjective,
)
from meetings.models import Commitment
from portal.accounts import roles
from portal.accounts.models import User
from stakeholders.models import Category, Organization

PLAN_TITLE = "Plan opérationnel de relations avec le secteur privé 2026-2027"
DRAFT_TITLE = "Plan d’action 2028 – dialogue avec les transporteurs (projet)"
OWNING_UNIT = "Direction générale des douanes – Cellule des relations avec le secteur privé"

OFFICERS = [
    # e-mail, full name, groups
    ("agent@douane.gouv.ml", "Moussa Keïta", [roles.CUSTOMS_OFFICERS]),
    (
        "editeur@douane.gouv.ml",
        "Fatoumata Diarra",
        [roles.CUSTOMS_OFFICERS, roles.ACTION_PLAN_EDITORS],
    ),
]

OBJECTIVES = [
    (
        "OS1",
        "Renforcer la confiance mutuelle et la coopération avec le secteur privé",
        "Un dialogue régulier et structuré entre la Douane et ses partenaires, des engagements "
        "suivis et rendus publics.",
        ["private_sector", "leadership", "transparency"],
    ),
    (
        "OS2",
        "Rendre les règles et procédures douanières transparentes et prévisibles",
        "Les opérateurs connaissent à l’avance les règles, les délais et les voies de recours.",
        ["regulatory_framework", "transparency"],
    ),
    (
        "OS3",
        "Moderniser et accélérer le dédouanement avec les partenaires",
        "Moins de papier, moins d’attente et des contrôles mieux ciblés.",
        ["automation", "reform"],
    ),
    (
        "OS4",
        "Renforcer l’intégrité et le professionnalisme des agents",
        "Des agents formés, un code de conduite connu des usagers et des signalements traités.",
        ["code_of_conduct", "human_resources", "morale"],
    ),
]

UNITS = {
    "com": "Cellule communication et relations publiques",
    "leg": "Direction de la législation et de la réglementation",
    "info": "Direction de l’informatique et des statistiques",
    "bko": "Bureau des douanes de Bamako-Route",
    "rh": "Direction des ressources humaines",
    "insp": "Inspection des services",
}

# code, objective, title, unit, responsible (0 agent, 1 editor), start, due (days from today),
# progress %, visibility, priority, categories, quadrants, indicator (name, unit, baseline,
# target, current) or None, in_first_version, extra
ACTIONS = [
    (
        "A1.1",
        "OS1",
        "Mettre en place le calendrier partagé des rencontres Douane–secteur privé",
        "com",
        0,
        -330,
        -200,
        100,
        "public",
        1,
        ["chamber", "employers", "association"],
        ["manage_closely", "keep_informed"],
        None,
        True,
        {},
    ),
    (
        "A1.2",
        "OS1",
        "Tenir le forum de la Journée internationale de la douane (janvier 2027)",
        "com",
        1,
        -90,
        59,
        55,
        "public",
        1,
        ["chamber", "employers", "broker", "trader"],
        ["manage_closely", "keep_satisfied"],
        ("participants", "personnes", 0, 250, None),
        True,
        {},
    ),
    (
        "A1.3",
        "OS1",
        "Tenir chaque trimestre une rencontre avec la CCIM et le CNPM",
        "com",
        1,
        -330,
        395,
        45,
        "public",
        2,
        ["chamber", "employers"],
        ["manage_closely"],
        ("rencontres tenues", "rencontres", 0, 8, 3),
        True,
        {},
    ),
    (
        "A1.4",
        "OS1",
        "Désigner un point focal secteur privé dans chaque bureau principal",
        "insp",
        0,
        -240,
        60,
        25,
        "internal",
        2,
        [],
        [],
        ("bureaux dotés", "bureaux", 2, 14, 5),
        True,
        {},
    ),
    (
        "A1.5",
        "OS1",
        "Publier un rapport semestriel sur le suivi des engagements",
        "com",
        1,
        33,
        215,
        0,
        "public",
        3,
        [],
        ["keep_informed"],
        None,
        False,
        {},
    ),
    (
        "A2.1",
        "OS2",
        "Publier l’instruction-cadre sur le dédouanement après consultation du secteur privé",
        "leg",
        1,
        -270,
        0,
        45,
        "public",
        1,
        ["trader", "broker", "association"],
        ["manage_closely", "keep_informed"],
        None,
        True,
        {"due_in_revision": 30},
    ),
    (
        "A2.2",
        "OS2",
        "Mettre en ligne le guide des procédures de dédouanement",
        "leg",
        0,
        -200,
        165,
        60,
        "public",
        2,
        ["broker", "trader"],
        ["keep_informed"],
        ("procédures documentées", "procédures", 10, 45, 28),
        True,
        {},
    ),
    (
        "A2.3",
        "OS2",
        "Publier les délais moyens de dédouanement par bureau",
        "info",
        0,
        -300,
        -25,
        70,
        "public",
        2,
        ["trader", "transport"],
        [],
        None,
        True,
        {},
    ),
    (
        "A2.4",
        "OS2",
        "Consulter le secteur privé sur le projet de barème des valeurs de référence",
        "leg",
        1,
        -280,
        -150,
        100,
        "public",
        2,
        ["trader", "association", "chamber"],
        ["manage_closely"],
        None,
        True,
        {},
    ),
    (
        "A2.5",
        "OS2",
        "Mettre en place un dispositif de traitement des réclamations des usagers",
        "insp",
        1,
        -100,
        265,
        30,
        "public",
        1,
        ["trader", "broker", "civil_society"],
        [],
        ("délai moyen de réponse", "jours", 45, 15, 30),
        False,
        {},
    ),
    (
        "A3.1",
        "OS3",
        "Étendre le dédouanement en ligne aux commissionnaires agréés de Kayes et Sikasso",
        "info",
        0,
        -210,
        155,
        50,
        "public",
        1,
        ["broker"],
        ["keep_satisfied"],
        ("commissionnaires raccordés", "entreprises", 12, 60, 35),
        True,
        {},
    ),
    (
        "A3.2",
        "OS3",
        "Lancer le programme pilote d’opérateur économique agréé (OEA)",
        "leg",
        1,
        -300,
        65,
        20,
        "public",
        1,
        ["trader", "transport"],
        ["manage_closely"],
        ("entreprises certifiées", "entreprises", 0, 10, 2),
        True,
        {},
    ),
    (
        "A3.3",
        "OS3",
        "Ouvrir le paiement électronique des droits et taxes avec les banques partenaires",
        "info",
        0,
        -330,
        -40,
        35,
        "internal",
        1,
        ["bank"],
        ["keep_satisfied"],
        None,
        True,
        {},
    ),
    (
        "A3.4",
        "OS3",
        "Réduire le délai moyen de mainlevée au bureau de Bamako-Route",
        "bko",
        0,
        -150,
        215,
        40,
        "public",
        2,
        ["transport", "broker"],
        [],
        ("délai moyen de mainlevée", "heures", 72, 48, 60),
        True,
        {},
    ),
    (
        "A3.5",
        "OS3",
        "Étudier la faisabilité d’un corridor Dakar–Bamako sans papier",
        "info",
        1,
        120,
        395,
        0,
        "internal",
        3,
        ["transport", "agency"],
        [],
        None,
        True,
        {"postponed_in_revision": True},
    ),
    (
        "A4.1",
        "OS4",
        "Former les agents à la communication avec les parties prenantes",
        "rh",
        0,
        -180,
        185,
        40,
        "public",
        1,
        [],
        [],
        ("agents formés", "agents", 0, 300, 120),
        True,
        {},
    ),
    (
        "A4.2",
        "OS4",
        "Diffuser le code de conduite révisé auprès des opérateurs",
        "insp",
        1,
        -250,
        -120,
        100,
        "public",
        2,
        ["broker", "trader", "chamber"],
        ["keep_informed", "monitor"],
        None,
        True,
        {},
    ),
    (
        "A4.3",
        "OS4",
        "Ouvrir une ligne d’alerte anonyme pour les usagers",
        "insp",
        1,
        10,
        200,
        0,
        "internal",
        2,
        ["civil_society"],
        [],
        None,
        True,
        {},
    ),
    (
        "A4.4",
        "OS4",
        "Mener l’enquête annuelle de satisfaction des usagers",
        "com",
        0,
        -60,
        120,
        25,
        "public",
        2,
        ["trader", "broker", "transport"],
        ["keep_informed"],
        ("taux de satisfaction", "%", 54, 70, None),
        False,
        {},
    ),
    (
        "A4.5",
        "OS4",
        "Tenir une session de sensibilisation à l’éthique pour les commissionnaires",
        "insp",
        0,
        -100,
        50,
        0,
        "public",
        3,
        ["broker"],
        [],
        None,
        True,
        {"cancelled_in_revision": True},
    ),
]

# Commitments made at the demo meetings (demo.meetings, seeded before) that actions
# carry out: code, objective, responsible (0 agent, 1 editor), the commitment's text, progress
# reported (%), and whether the action came in the September revision (made at a meeting held
# before it) or was added since, waiting for the next approval.
FROM_COMMITMENTS = [
    (
        "A3.6",
        "OS3",
        1,
        "Publier la note de service sur la mainlevée anticipée",
        40,
        True,
    ),
    (
        "A3.7",
        "OS3",
        0,
        "Organiser une formation SYDONIA World pour les commissionnaires agréés",
        0,
        True,
    ),
    (
        "A2.6",
        "OS2",
        1,
        "Réduire à 48 heures le délai de traitement des recours sur la valeur",
        0,
        False,
    ),
]
REVISION_DAY = -75  # the September revision, in days from today

NARRATIVES = [
    "Réunion de cadrage tenue avec les services concernés ; calendrier de travail arrêté.",
    "Premiers résultats présentés au comité de suivi ; les partenaires ont fait part "
    "de leurs observations.",
    "Travaux poursuivis selon le calendrier ; les documents de travail sont en relecture.",
    "Atelier de validation organisé à Bamako avec les représentants du secteur privé.",
    "Retard dû à la disponibilité des partenaires ; une nouvelle date est à convenir.",
]


def _officers():
    users = []
    for email, name, group_names in OFFICERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, full_name=name, kind=User.Kind.CUSTOMS)
            user.set_unusable_password()
            user.save(update_fields=["password"])
        for group_name in group_names:
            user.groups.add(Group.objects.get(name=group_name))
        users.append(User.objects.get(pk=user.pk))
    return users


def _objectives():
    factors = {factor.code: factor for factor in IntegrityFactor.objects.all()}
    found = {}
    for code, title, description, factor_codes in OBJECTIVES:
        objective, created = StrategicObjective.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "description": description,
                "period_start": date(2026, 1, 1),
                "period_end": date(2030, 12, 31),
            },
        )
        if created:
            objective.integrity_factors.set([factors[c] for c in factor_codes if c in factors])
        found[code] = objective
    return found


def _partners(categories):
    """One organisation of the registry per targeted category (the first two), if any."""
    found = []
    for category in categories[:2]:
        org = (
            Organization.objects.filter(category=category, status=Organization.Status.ACTIVE)
            .order_by("name")
            .first()
        )
        if org is not None:
            found.append(org)
    return found


def _moment(today, days):
    return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(10, 0)))


def _make_action(plan, row, objectives, people, today, editor):
    (
        code,
        objective,
        title,
        unit,
        who,
        start,
        due,
        _progress,
        visibility,
        priority,
        categories,
        quadrants,
        indicator,
        _first,
        _extra,
    ) = row
    action = Action(
        plan=plan,
        code=code,
        title=title,
        objective=objectives[objective],
        responsible=people[who],
        responsible_unit=UNITS[unit],
        start_date=today + timedelta(days=start),
        due_date=today + timedelta(days=due),
        priority=priority,
        visibility=visibility,
        target_categories=[c for c in categories if c in Category.values],
        target_quadrants=quadrants,
    )
    if indicator:
        name, unit_label, baseline, target, _current = indicator
        action.indicator_name = name
        action.indicator_unit = unit_label
        action.indicator_baseline = baseline
        action.indicator_target = target
    action.full_clean()
    action._history_user = editor
    action.save()
    action.partners.set(_partners(categories))
    return action


def _report(action, row, today):
    """Progress reports by the responsible officer: an earlier one, then the latest."""
    progress = row[7]
    indicator = row[12]
    if progress <= 0 or action.start_date > today:
        return
    last = min(
        today - timedelta(days=3 + len(action.code) + int(action.code[-1])),
        action.due_date - timedelta(days=5),
    )
    last = max(last, action.start_date)
    current = indicator[4] if indicator else None
    steps = []
    if progress >= 30 and (last - action.start_date).days > 20:
        middle = action.start_date + (last - action.start_date) / 2
        earlier_value = None
        if current is not None and indicator[2] is not None:
            earlier_value = indicator[2] + (current - indicator[2]) / 2
        steps.append((middle, progress // 2, earlier_value))
    steps.append((last, progress, current))
    for index, (day, percent, value) in enumerate(steps):
        services.record_progress(
            action,
            acting_user=action.responsible,
            date=day,
            percent=percent,
            indicator_value=value,
            narrative=NARRATIVES[
                (index + int(action.code[1]) + int(action.code[-1])) % len(NARRATIVES)
            ],
        )


def _carry_out_commitments(plan, objectives, people, editor, today, *, in_revision):
    """Turn the demo meetings' commitments into actions of the plan (services
    .action_from_commitment), those of the revision or those since; skipped when the action is
    there already, or the meetings demo made no such commitment."""
    made = []
    revision = _moment(today, REVISION_DAY)
    for code, objective, who, text, progress, revised in FROM_COMMITMENTS:
        if revised != in_revision or plan.actions.filter(code=code).exists():
            continue
        commitments = Commitment.objects.filter(
            description=text, action__isnull=True
        ).select_related("meeting")
        if in_revision:
            commitments = commitments.filter(meeting__start__lt=revision)
        commitment = commitments.order_by("-meeting__start").first()
        if commitment is None:
            continue
        held = timezone.localdate(commitment.meeting.start)
        action = services.action_from_commitment(
            commitment,
            plan=plan,
            objective=objectives[objective],
            code=code,
            acting_user=editor,
            responsible=people[who],
            start_date=held,
            due_date=max(commitment.due_date or plan.period_end, held),
            visibility=Action.Visibility.PUBLIC,
        )
        if progress and held < today:
            services.record_progress(
                action,
                acting_user=action.responsible,
                date=held + (today - held) / 2,
                percent=progress,
                narrative=NARRATIVES[2],
            )
        made.append(action)
    return made


def _contestations(plan, editor):
    """The chamber of commerce's representative contests two of the plan's public actions
    that concern the chamber: Customs has answered the first, the second is still open (the
    board marks it "contested")."""
    representative = User.objects.filter(email="representant@ccim.ml").first()
    if representative is None or Contestation.objects.filter(action__plan=plan).exists():
        return 0
    concerned = []
    for action in plan.actions.public().order_by("code"):
        organizations = list(contests.concerned_organizations(representative, action))
        if organizations:
            concerned.append((action, organizations[0]))
        if len(concerned) == 2:
            break
    statements = [
        (
            Contestation.Subject.STATUS,
            "L’action est présentée comme avancée, mais nos membres constatent que les délais "
            "de mainlevée au bureau de Kati n’ont pas changé depuis le début de l’année.",
            "Les nouveaux délais s’appliquent depuis le 1er du mois au bureau de Kati ; les "
            "mesures du mois écoulé seront publiées avec le prochain point d’avancement.",
        ),
        (
            Contestation.Subject.PROGRESS,
            "Le taux d’avancement publié nous paraît élevé : aucune session d’information n’a "
            "encore eu lieu dans les régions.",
            None,
        ),
    ]
    for (action, organization), (subject, statement, reply) in zip(
        concerned, statements, strict=False
    ):
        filed = contests.contest(
            action,
            acting_user=representative,
            organization=organization,
            subject=subject,
            statement=statement,
        )
        if reply:
            contests.answer(filed, acting_user=editor, text=reply)
    return len(concerned)


def seed(stdout):
    today = timezone.localdate()
    agent, editor = _officers()
    people = [agent, editor]
    objectives = _objectives()

    plan, created = ActionPlan.objects.get_or_create(
        title=PLAN_TITLE,
        defaults={
            "description": (
                "Plan opérationnel de la Direction générale des douanes pour ses relations avec "
                "le secteur privé, aligné sur la stratégie de l’administration et fondé sur la "
                "cartographie des parties prenantes."
            ),
            "period_start": date(2026, 1, 1),
            "period_end": date(2027, 12, 31),
            "owning_unit": OWNING_UNIT,
        },
    )
    if plan.versions.exists():
        stdout.write(f"Action plans: “{PLAN_TITLE}” is already there.")
    else:
        plan.objectives.set(objectives.values())
        actions = {}
        for row in ACTIONS:
            if row[13]:
                actions[row[0]] = _make_action(plan, row, objectives, people, today, editor)
        services.approve_plan(
            plan,
            acting_user=editor,
            note="Première version approuvée par le comité de direction.",
            now=_moment(today, -257),
        )
        # The September revision: three actions added and two commitments of the plenary
        # taken up, one deadline moved, one study postponed and one session cancelled.
        for row in ACTIONS:
            if not row[13]:
                actions[row[0]] = _make_action(plan, row, objectives, people, today, editor)
            extra = row[14]
            action = actions[row[0]]
            if "due_in_revision" in extra:
                action.due_date = today + timedelta(days=extra["due_in_revision"])
            if extra.get("postponed_in_revision"):
                action.status = Action.Status.POSTPONED
            if extra.get("cancelled_in_revision"):
                action.status = Action.Status.CANCELLED
            if extra:
                action._history_user = editor
                action.save()
        revised = _carry_out_commitments(plan, objectives, people, editor, today, in_revision=True)
        services.approve_plan(
            plan,
            acting_user=editor,
            note=(
                "Révision après le forum de juin : trois actions ajoutées et deux engagements "
                "de la session plénière repris, l’instruction-cadre reportée d’un mois, l’étude "
                "du corridor reportée et la session de sensibilisation annulée."
            ),
            now=_moment(today, REVISION_DAY),
        )
        services.activate_plan(plan, acting_user=editor)
        for row in ACTIONS:
            _report(actions[row[0]], row, today)
        stdout.write(
            f"Action plans: “{PLAN_TITLE}” with {len(actions) + len(revised)} actions "
            f"({len(revised)} from meeting commitments), 2 versions."
        )
    contested = _contestations(plan, editor)
    if contested:
        stdout.write(f"Action plans: {contested} contestations by a partner, one answered.")
    if plan.is_editable:
        since = _carry_out_commitments(plan, objectives, people, editor, today, in_revision=False)
        if since:
            stdout.write(f"Action plans: {len(since)} meeting commitments added since version 2.")

    draft, created = ActionPlan.objects.get_or_create(
        title=DRAFT_TITLE,
        defaults={
            "description": "Projet en préparation ; non visible des partenaires.",
            "period_start": date(2028, 1, 1),
            "period_end": date(2028, 12, 31),
            "owning_unit": OWNING_UNIT,
        },
    )
    if created:
        draft.objectives.set([objectives["OS1"], objectives["OS3"]])
        draft_rows = [
            (
                "T1",
                "OS1",
                "Créer un comité de concertation avec les organisations de transporteurs",
                "com",
                1,
                400,
                520,
                0,
                "public",
                1,
                ["transport"],
                ["keep_satisfied"],
                None,
                True,
                {},
            ),
            (
                "T2",
                "OS3",
                "Suivre le temps de passage des camions aux postes frontières",
                "info",
                0,
                420,
                700,
                0,
                "internal",
                2,
                ["transport"],
                [],
                ("temps de passage moyen", "heures", 36, 24, None),
                True,
                {},
            ),
        ]
        for row in draft_rows:
            _make_action(draft, row, objectives, people, today, editor)
        stdout.write(f"Action plans: draft “{DRAFT_TITLE}”.")
