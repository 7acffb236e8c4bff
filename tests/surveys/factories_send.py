"""surveys-send's helpers for tests (tests/surveys/factories.py is surveys-build's)."""

from datetime import timedelta

from django.utils import timezone

from surveys.models import Choice, Question, Section, Survey

_count = [0]


def survey(*, anonymous=True, audience=Survey.Audience.ORGANIZATIONS, launched=True, **fields):
    """A survey with a scale question, a single-choice one and a long-text one."""
    _count[0] += 1
    now = timezone.now()
    defaults = {
        "slug": f"enquete-send-{_count[0]}",
        "title_fr": f"Enquête {_count[0]}",
        "title_en": f"Survey {_count[0]}",
        "anonymous": anonymous,
        "audience": audience,
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14),
        "status": Survey.Status.LAUNCHED if launched else Survey.Status.DRAFT,
        "launched_at": now - timedelta(hours=1) if launched else None,
    }
    made = Survey.objects.create(**{**defaults, **fields})
    section = Section.objects.create(survey=made, position=1, title_fr="Partie 1")
    Question.objects.create(
        section=section,
        position=1,
        code="trust",
        kind=Question.Kind.LIKERT,
        scale="trust",
        required=True,
        text_fr="Confiance",
        text_en="Trust",
    )
    single = Question.objects.create(
        section=section, position=2, code="size", kind=Question.Kind.SINGLE, text_fr="Taille"
    )
    for position, label in enumerate(["Petite", "Grande"], start=1):
        Choice.objects.create(question=single, position=position, label_fr=label)
    Question.objects.create(
        section=section,
        position=3,
        code="comment",
        kind=Question.Kind.LONG_TEXT,
        text_fr="Commentaire",
    )
    return made


def answers_for(made, *, trust=4, size=0, comment=""):
    """{question id: value} for `survey()`'s three questions."""
    questions = {q.code: q for q in Question.objects.filter(section__survey=made)}
    values = {questions["trust"].pk: trust}
    if size is not None:
        values[questions["size"].pk] = list(questions["size"].choices.all())[size].pk
    if comment:
        values[questions["comment"].pk] = comment
    return values
