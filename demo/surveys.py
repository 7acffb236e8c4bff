"""Demo data: the trust and integrity perception survey, a baseline wave a year ago and a
follow-up closed a few days ago, each with a few hundred anonymous answers showing trust
improving; the baseline's results published, and an action of the demo plan following the
trust question, so that the plan's dashboard shows its trend across the two waves.

Idempotent: surveys are found by their slugs; a wave that already has responses is left as
it is. Answers are drawn from a seeded random generator, so every run makes the same ones,
and written in bulk through surveys.services.generated (anonymous: no person, no time).
"""

import random
from datetime import timedelta

from django.utils import timezone

from actionplans.models import Action, ActionPlan
from demo.actionplans import PLAN_TITLE
from portal.accounts.models import User
from stakeholders.models import Category
from surveys.models import Choice, LikertScale, Question, Section, Survey
from surveys.services import publication
from surveys.services.generated import record_generated

SERIES = "Enquête de perception sur la confiance et l’intégrité"
TRUST_CODE = "confiance"
LINKED_ACTION = "A1.1"
Kind = Question.Kind

# slug, wave, opens and closes (days from today), responses, how much better than baseline
WAVES = [
    ("confiance-integrite-reference", "Référence", -400, -370, 320, 0.0),
    ("confiance-integrite-suivi", "Suivi", -40, -5, 280, 1.0),
]

SECTIONS = [
    (
        "Vous et votre organisation",
        "You and your organisation",
        [
            (
                "taille",
                Kind.SINGLE,
                "Combien de personnes votre organisation emploie-t-elle ?",
                "How many people does your organisation employ?",
                {
                    "breakdown": True,
                    "choices": [
                        ("Moins de 10", "Fewer than 10"),
                        ("De 10 à 49", "10 to 49"),
                        ("De 50 à 249", "50 to 249"),
                        ("250 ou plus", "250 or more"),
                    ],
                },
            ),
            (
                "genre",
                Kind.SINGLE,
                "Vous êtes :",
                "You are:",
                {
                    "breakdown": True,
                    "choices": [
                        ("Une femme", "A woman"),
                        ("Un homme", "A man"),
                        ("Je préfère ne pas répondre", "I prefer not to say"),
                    ],
                },
            ),
        ],
    ),
    (
        "Confiance et intégrité",
        "Trust and integrity",
        [
            (
                TRUST_CODE,
                Kind.LIKERT,
                "Quelle confiance accordez-vous à la Douane ?",
                "How much do you trust Customs?",
                {"scale": LikertScale.TRUST, "required": True},
            ),
            (
                "integrite",
                Kind.LIKERT,
                "Les agents des douanes agissent avec intégrité.",
                "Customs officers act with integrity.",
                {},
            ),
            (
                "transparence",
                Kind.LIKERT,
                "Les règles, les délais et les frais sont publiés et clairs.",
                "Rules, time limits and fees are published and clear.",
                {},
            ),
            (
                "aide",
                Kind.LIKERT,
                "Les services des douanes m’aident à accomplir mes formalités.",
                "Customs services help me complete my formalities.",
                {"scale": LikertScale.AGREEMENT},
            ),
            (
                "sollicitation",
                Kind.LIKERT,
                "Au cours des douze derniers mois, vous a-t-on demandé un paiement non officiel ?",
                "In the last twelve months, were you asked for an unofficial payment?",
                {"scale": LikertScale.FREQUENCY},
            ),
            (
                "signalement",
                Kind.SINGLE,
                "L’avez-vous signalé ?",
                "Did you report it?",
                {
                    "show_if": "sollicitation",
                    "show_if_values": ["3", "4", "5"],
                    "choices": [
                        ("Oui", "Yes"),
                        ("Non, je ne savais pas comment", "No, I did not know how"),
                        ("Non, par crainte des suites", "No, for fear of what would follow"),
                    ],
                },
            ),
            (
                "canaux",
                Kind.MULTIPLE,
                "Par quels moyens échangez-vous avec la Douane ?",
                "How do you deal with Customs?",
                {
                    "choices": [
                        ("Au guichet", "At the counter"),
                        ("Par le portail", "Through the portal"),
                        ("Par un commissionnaire", "Through a broker"),
                        ("Lors des rencontres", "At meetings"),
                    ],
                },
            ),
            (
                "priorite",
                Kind.LONG_TEXT,
                "Que devrait améliorer la Douane en priorité ?",
                "What should Customs improve first?",
                {},
            ),
        ],
    ),
]

CATEGORIES = [
    (Category.TRADER, 40),
    (Category.BROKER, 25),
    (Category.TRANSPORT, 15),
    (Category.ASSOCIATION, 8),
    (Category.CHAMBER, 1),  # a handful: the breakdown hides them
    ("", 8),
]
COMMENTS = [
    "Publier les délais de dédouanement par bureau.",
    "Réduire les contrôles répétés sur le corridor Bamako–Dakar.",
    "Répondre plus vite aux réclamations.",
    "Former les agents des bureaux frontaliers à l’accueil.",
    "Afficher les frais officiels à chaque guichet.",
]


def _build(slug, wave, opens, closes, editor):
    now = timezone.now()
    survey, created = Survey.objects.get_or_create(
        slug=slug,
        defaults={
            "title_fr": f"{SERIES} – {wave}",
            "title_en": f"Trust and integrity perception survey – {wave}",
            "intro_fr": (
                "Enquête anonyme : aucune réponse n’est reliée à la personne qui l’a donnée."
            ),
            "intro_en": "Anonymous survey: no answer is linked to the person who gave it.",
            "anonymous": True,
            "audience": Survey.Audience.REPRESENTATIVES,
            "opens_at": now + timedelta(days=opens),
            "closes_at": now + timedelta(days=closes),
            "status": Survey.Status.LAUNCHED,
            "launched_at": now + timedelta(days=opens),
            "series": SERIES,
            "wave": wave,
            "created_by": editor,
        },
    )
    if not created:
        return survey
    by_code = {}
    for position, (title_fr, title_en, questions) in enumerate(SECTIONS):
        section = Section.objects.create(
            survey=survey, position=position, title_fr=title_fr, title_en=title_en
        )
        for order, (code, kind, text_fr, text_en, extra) in enumerate(questions):
            question = Question.objects.create(
                section=section,
                position=order,
                code=code,
                kind=kind,
                text_fr=text_fr,
                text_en=text_en,
                required=extra.get("required", False),
                scale=extra.get("scale", LikertScale.AGREEMENT),
                breakdown=extra.get("breakdown", False),
                show_if=by_code.get(extra.get("show_if")),
                show_if_values=extra.get("show_if_values", []),
            )
            for index, (label_fr, label_en) in enumerate(extra.get("choices", [])):
                Choice.objects.create(
                    question=question, position=index, label_fr=label_fr, label_en=label_en
                )
            by_code[code] = question
    return survey


def _point(rng, centre):
    """A point from 1 to 5 around `centre`."""
    return max(1, min(5, round(rng.gauss(centre, 1.0))))


def _rows(survey, count, better, opens, closes):
    rng = random.Random(f"{survey.slug}-{count}")
    questions = {
        q.code: q
        for q in Question.objects.filter(section__survey=survey).prefetch_related("choices")
    }
    choices = {code: [c.pk for c in q.choices.all()] for code, q in questions.items()}
    today = timezone.localdate()
    categories, weights = zip(*CATEGORIES, strict=True)
    rows = []
    for _index in range(count):
        size = rng.choices(choices["taille"], weights=[45, 30, 17, 8])[0]
        answers = {
            questions["taille"].pk: size,
            questions["genre"].pk: rng.choices(choices["genre"], weights=[34, 60, 6])[0],
            questions[TRUST_CODE].pk: _point(rng, 2.6 + better * 0.7),
            questions["integrite"].pk: _point(rng, 2.5 + better * 0.6),
            questions["transparence"].pk: _point(rng, 2.4 + better * 0.8),
            questions["aide"].pk: _point(rng, 3.0 + better * 0.4),
            questions["sollicitation"].pk: _point(rng, 2.9 - better * 0.6),
            questions["signalement"].pk: rng.choices(choices["signalement"], weights=[20, 50, 30])[
                0
            ],
            questions["canaux"].pk: rng.sample(choices["canaux"], rng.randint(1, 3)),
        }
        if rng.random() < 0.25:
            answers[questions["priorite"].pk] = rng.choice(COMMENTS)
        day = today + timedelta(days=rng.randint(opens, closes - 1))
        rows.append((rng.choices(categories, weights=weights)[0], day, answers))
    return rows


def seed(stdout):
    editor = User.objects.filter(email="editeur@douane.gouv.ml").first()
    waves = []
    for slug, wave, opens, closes, count, better in WAVES:
        survey = _build(slug, wave, opens, closes, editor)
        if not survey.responses.exists():
            record_generated(survey, _rows(survey, count, better, opens, closes))
            stdout.write(f"Surveys: “{survey.title_fr}” with {count} answers.")
        waves.append(survey)
    baseline = waves[0]
    if baseline.results_published_at is None and editor is not None:
        publication.publish(baseline, acting_user=editor, with_texts=False)
    trust = Question.objects.get(section__survey=waves[-1], code=TRUST_CODE)
    plan = ActionPlan.objects.filter(title=PLAN_TITLE).first()
    if plan is not None:
        # Not a change of the approved plan (the indicator's question is no field of its
        # versions), so it is set without a history row.
        Action.objects.filter(plan=plan, code=LINKED_ACTION, indicator_question=None).update(
            indicator_question=trust
        )
