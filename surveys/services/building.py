"""Officers build a survey: its settings, sections, questions and choices, its launch, and a
copy of it as the next wave of its series.

Each function locks the survey's row, checks, then writes. Once a launched survey has
responses its questions are fixed: a change would make the answers already given say
something else (a choice renamed, a scale question turned into a number), and mix two
questionnaires in one set of results. Its settings (dates, audience, introduction) may still
change, except its anonymity, which was promised to those who answered.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import Choice, Question, Survey
from surveys.services import invitations
from surveys.services._common import Refused, lock_survey

Kind = Question.Kind


def is_frozen(survey):
    """Whether the survey's questions can no longer change: launched, with responses."""
    return survey.status == Survey.Status.LAUNCHED and survey.responses.exists()


def _check_not_frozen(survey):
    if is_frozen(survey):
        raise Refused(
            _(
                "This survey has responses: its sections and questions can no longer change. "
                "Copy it as a new wave to ask different questions."
            ),
            "frozen",
        )


def save_survey(survey, *, acting_user, organizations=None, bodies=None):
    """Create or update a survey's settings (a new one is a draft). `organizations` and
    `bodies` (iterables, or None to leave them) are its audience's when the audience is
    chosen organisations or dialogue bodies, and emptied for any other audience."""
    with transaction.atomic():
        if survey.pk:
            current = lock_survey(survey)
            if current.anonymous != survey.anonymous and current.responses.exists():
                raise Refused(
                    _(
                        "This survey already has responses: whether it is anonymous can no "
                        "longer change."
                    ),
                    "anonymity",
                )
            survey.status = current.status
            survey.launched_at = current.launched_at
        else:
            survey.status = Survey.Status.DRAFT
            survey.created_by = acting_user
        if survey.audience != Survey.Audience.FORUM:
            survey.forum = None
        if survey.audience != Survey.Audience.MEETING:
            survey.meeting = None
        survey.save()
        if survey.audience != Survey.Audience.ORGANIZATIONS:
            organizations, bodies = [], []
        if organizations is not None:
            survey.organizations.set(organizations)
        if bodies is not None:
            survey.bodies.set(bodies)
    return survey


def save_section(section, *, acting_user):
    """Create or update a section; a new one goes last."""
    with transaction.atomic():
        survey = lock_survey(section.survey)
        _check_not_frozen(survey)
        if not section.pk:
            last = survey.sections.aggregate(last=Max("position"))["last"]
            section.position = 0 if last is None else last + 1
        section.save()
    return section


def delete_section(section, *, acting_user):
    with transaction.atomic():
        survey = lock_survey(section.survey)
        _check_not_frozen(survey)
        later = Question.objects.filter(section__survey=survey, show_if__section=section)
        later.exclude(section=section).update(show_if=None, show_if_values=[])
        section.delete()


def _move(items, item, direction):
    """Swap `item` with its neighbour in `items` (ordered) and renumber them all."""
    items = list(items)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])


def move_section(section, direction, *, acting_user):
    """Move a section one place up or down."""
    with transaction.atomic():
        survey = lock_survey(section.survey)
        _check_not_frozen(survey)
        _move(survey.sections.order_by("position", "pk"), section, direction)
        _clear_conditions_on_later_questions(survey)


def _clear_conditions_on_later_questions(survey):
    """A question may only depend on an earlier one: after a move, a condition on a question
    that now comes later is dropped."""
    seen = set()
    for question in Question.objects.filter(section__survey=survey).order_by(
        "section__position", "section", "position", "pk"
    ):
        if question.show_if_id and question.show_if_id not in seen:
            question.show_if = None
            question.show_if_values = []
            question.save(update_fields=["show_if", "show_if_values"])
        seen.add(question.pk)


def _check_question(question, survey, choices):
    if question.section.survey_id != survey.pk:
        raise Refused(_("This section belongs to another survey."), "section")
    same_code = Question.objects.filter(section__survey=survey, code=question.code)
    if same_code.exclude(pk=question.pk).exists():
        raise Refused(_("Another question of this survey has this code."), "code")
    if question.is_choice and len(choices or []) < 2:
        raise Refused(_("A choice question needs at least two choices."), "choices")
    if question.breakdown and question.kind != Kind.SINGLE:
        raise Refused(_("Only a single-choice question can break the results down."), "breakdown")
    if question.show_if_id:
        condition = question.show_if
        if condition.pk == question.pk or condition.section.survey_id != survey.pk:
            raise Refused(_("A question can only depend on an earlier question."), "show_if")
        if condition.kind not in (Kind.LIKERT, Kind.SINGLE, Kind.MULTIPLE):
            raise Refused(_("A question can only depend on a scale or choice question."), "show_if")
        if not question.show_if_values:
            raise Refused(_("Choose the answers that show this question."), "show_if_values")


def save_question(question, *, acting_user, choices=None):
    """Create or update a question; `choices` is a list of (French, English) labels for a
    choice question (existing choices are kept in order and relabelled, so that the
    conditions naming them still hold; extra ones are removed). A new question goes last in
    its section."""
    with transaction.atomic():
        survey = lock_survey(question.section.survey)
        _check_not_frozen(survey)
        _check_question(question, survey, choices)
        if not question.is_choice:
            question.breakdown = False
        if question.kind != Kind.NUMBER:
            question.min_value = question.max_value = None
        if not question.show_if_id:
            question.show_if_values = []
        if not question.pk:
            last = question.section.questions.aggregate(last=Max("position"))["last"]
            question.position = 0 if last is None else last + 1
        question.save()
        _set_choices(question, choices if question.is_choice else [])
        if question.show_if_id:
            _check_order(survey, question)
    return question


def _check_order(survey, question):
    order = list(
        Question.objects.filter(section__survey=survey)
        .order_by("section__position", "section", "position", "pk")
        .values_list("pk", flat=True)
    )
    if order.index(question.show_if_id) > order.index(question.pk):
        raise Refused(_("A question can only depend on an earlier question."), "show_if")


def _set_choices(question, labels):
    existing = list(question.choices.order_by("position", "pk"))
    for position, (french, english) in enumerate(labels):
        if position < len(existing):
            choice = existing[position]
            choice.label_fr, choice.label_en, choice.position = french, english, position
            choice.save()
        else:
            Choice.objects.create(
                question=question, position=position, label_fr=french, label_en=english
            )
    removed = [choice.pk for choice in existing[len(labels) :]]
    if removed:
        Choice.objects.filter(pk__in=removed).delete()
        _drop_values(question, {str(pk) for pk in removed})


def _drop_values(question, values):
    """Remove removed choices from the conditions naming them."""
    for dependent in question.dependents.all():
        kept = [value for value in dependent.show_if_values if str(value) not in values]
        if kept != dependent.show_if_values:
            dependent.show_if_values = kept
            if not kept:
                dependent.show_if = None
            dependent.save(update_fields=["show_if", "show_if_values"])


def delete_question(question, *, acting_user):
    with transaction.atomic():
        survey = lock_survey(question.section.survey)
        _check_not_frozen(survey)
        question.dependents.update(show_if=None, show_if_values=[])
        question.delete()


def move_question(question, direction, *, acting_user):
    with transaction.atomic():
        survey = lock_survey(question.section.survey)
        _check_not_frozen(survey)
        _move(question.section.questions.order_by("position", "pk"), question, direction)
        _clear_conditions_on_later_questions(survey)


def launch(survey, *, acting_user, now=None):
    """Draft → launched: respondents in its audience may answer it from its opening date, and
    are sent an invitation then."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = lock_survey(survey)
        if survey.status != Survey.Status.DRAFT:
            raise Refused(_("This survey is already launched."), "launched")
        questions = list(
            Question.objects.filter(section__survey=survey).prefetch_related("choices")
        )
        if not questions:
            raise Refused(_("Add at least one question before launching the survey."), "empty")
        for question in questions:
            if question.is_choice and len(question.choices.all()) < 2:
                raise Refused(
                    _("The question “%(code)s” needs at least two choices.")
                    % {"code": question.code},
                    "choices",
                )
        if survey.closes_at and survey.closes_at <= now:
            raise Refused(_("The closing date has passed: change it first."), "closed")
        if survey.audience == Survey.Audience.FORUM and not survey.forum_id:
            raise Refused(_("Choose the forum whose attendees the survey is for."), "audience")
        if survey.audience == Survey.Audience.MEETING and not survey.meeting_id:
            raise Refused(_("Choose the meeting whose attendees the survey is for."), "audience")
        if (
            survey.audience == Survey.Audience.ORGANIZATIONS
            and not survey.organizations.exists()
            and not survey.bodies.exists()
        ):
            raise Refused(
                _("Choose the organisations or dialogue bodies the survey is for."), "audience"
            )
        survey.status = Survey.Status.LAUNCHED
        survey.launched_at = now
        survey.save(update_fields=["status", "launched_at", "updated_at"])
        # Its audience's invitations, due when it opens (none for a public survey).
        invitations.invite_audience(survey, acting_user=acting_user, now=now)
    return survey


def copy_as_wave(survey, *, acting_user, slug, wave, opens_at=None, closes_at=None):
    """A new draft survey asking the same questions (same codes, so that the results of the
    two waves can be compared) in the same series: the next wave. Returns it."""
    with transaction.atomic():
        survey = lock_survey(survey)
        if Survey.objects.filter(slug=slug).exists():
            raise Refused(_("Another survey has this short name."), "slug")
        if opens_at and closes_at and closes_at <= opens_at:
            raise Refused(_("The survey must close after it opens."), "dates")
        organizations = list(survey.organizations.all())
        bodies = list(survey.bodies.all())
        sections = list(survey.sections.order_by("position", "pk"))
        copy = Survey.objects.get(pk=survey.pk)
        copy.pk = None
        copy.slug = slug
        copy.series = survey.series or survey.slug
        copy.wave = wave
        copy.opens_at, copy.closes_at = opens_at, closes_at
        copy.status = Survey.Status.DRAFT
        copy.launched_at = None
        copy.results_published_at = None
        copy.results_published_by = None
        copy.created_by = acting_user
        copy.save()
        copy.organizations.set(organizations)
        copy.bodies.set(bodies)
        if not survey.series:
            survey.series = copy.series
            survey.save(update_fields=["series", "updated_at"])
        new_question, new_choice = {}, {}
        conditions = []
        for section in sections:
            questions = list(
                section.questions.order_by("position", "pk").prefetch_related("choices")
            )
            section.pk = None
            section.survey = copy
            section.save()
            for question in questions:
                choices = list(question.choices.all())
                old_pk = question.pk
                if question.show_if_id:
                    conditions.append(question)
                question.pk = None
                question.section = section
                question.save()
                new_question[old_pk] = question
                for choice in choices:
                    old_choice = choice.pk
                    choice.pk = None
                    choice.question = question
                    choice.save()
                    new_choice[str(old_choice)] = str(choice.pk)
        for question in conditions:
            target = new_question[question.show_if_id]
            question.show_if = target
            if target.is_choice:
                question.show_if_values = [
                    new_choice[str(value)]
                    for value in question.show_if_values
                    if str(value) in new_choice
                ]
            question.save(update_fields=["show_if", "show_if_values"])
    return copy
