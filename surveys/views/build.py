"""Officers build a survey: the list, its settings, sections and questions, the launch, a copy
as the next wave, and a preview as respondents see it."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.pagination import paginate
from portal.permissions import customs_required
from surveys.forms import (
    AnswerForm,
    QuestionForm,
    SectionForm,
    SurveyFilterForm,
    SurveyForm,
    WaveForm,
)
from surveys.models import Question, Section, Survey
from surveys.services import building
from surveys.services.answers import questions_of
from surveys.views.answer import answer_page


@customs_required
def manage(request):
    form = SurveyFilterForm(request.GET or None)
    surveys = form.filter(
        Survey.objects.annotate(response_count=Count("responses")).order_by("-created_at", "-pk")
    )
    return render(
        request,
        "surveys/build_list.html",
        {"filter_form": form, "page": paginate(request, surveys)},
    )


@customs_required
def survey_new(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = building.save_survey(
            form.save(commit=False),
            acting_user=request.user,
            organizations=form.cleaned_data["organizations"],
            bodies=form.cleaned_data["bodies"],
        )
        messages.success(request, _("The survey is saved as a draft. Add its questions."))
        return redirect("surveys:edit", survey.pk)
    return render(request, "surveys/build_survey_form.html", {"form": form})


@customs_required
def survey_settings(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            building.save_survey(
                form.instance,
                acting_user=request.user,
                organizations=form.cleaned_data["organizations"],
                bodies=form.cleaned_data["bodies"],
            )
        except building.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("surveys:edit", survey.pk)
    return render(request, "surveys/build_survey_form.html", {"form": form, "survey": survey})


@customs_required
def edit(request, pk):
    """The survey's page for officers: its settings in short, its sections and questions with
    their actions, the launch and the copy as a new wave."""
    survey = get_object_or_404(Survey, pk=pk)
    sections = survey.sections.order_by("position", "pk").prefetch_related(
        "questions__choices", "questions__show_if"
    )
    return render(
        request,
        "surveys/build_edit.html",
        {
            "survey": survey,
            "sections": sections,
            "frozen": building.is_frozen(survey),
            "response_count": survey.responses.count(),
        },
    )


@customs_required
def section_edit(request, pk, section_pk=None):
    survey = get_object_or_404(Survey, pk=pk)
    section = (
        get_object_or_404(Section, pk=section_pk, survey=survey)
        if section_pk
        else Section(survey=survey)
    )
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            building.save_section(form.instance, acting_user=request.user)
        except building.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The section is saved."))
            return redirect("surveys:edit", survey.pk)
    return render(
        request,
        "surveys/build_section_form.html",
        {"form": form, "survey": survey, "section": section},
    )


def _refusal_to_message(request, action):
    try:
        action()
    except building.Refused as refusal:
        messages.error(request, refusal.message)
        return False
    return True


@customs_required
@require_POST
def section_delete(request, pk, section_pk):
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    if _refusal_to_message(
        request, lambda: building.delete_section(section, acting_user=request.user)
    ):
        messages.success(request, _("The section and its questions are deleted."))
    return redirect("surveys:edit", pk)


def _direction(request):
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        raise Http404
    return direction


@customs_required
@require_POST
def section_move(request, pk, section_pk):
    section = get_object_or_404(Section, pk=section_pk, survey_id=pk)
    direction = _direction(request)
    _refusal_to_message(
        request, lambda: building.move_section(section, direction, acting_user=request.user)
    )
    return redirect("surveys:edit", pk)


@customs_required
def question_new(request, pk, section_pk):
    section = get_object_or_404(
        Section.objects.select_related("survey"), pk=section_pk, survey_id=pk
    )
    return _question_form(request, section, Question(section=section))


@customs_required
def question_edit(request, pk, question_pk):
    question = get_object_or_404(
        Question.objects.select_related("section__survey"), pk=question_pk, section__survey_id=pk
    )
    return _question_form(request, question.section, question)


def _question_form(request, section, question):
    survey = section.survey
    form = QuestionForm(request.POST or None, instance=question, section=section)
    if request.method == "POST" and form.is_valid():
        try:
            building.save_question(
                form.instance,
                acting_user=request.user,
                choices=form.cleaned_data["choices_text"],
            )
        except building.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("surveys:edit", survey.pk)
    return render(
        request,
        "surveys/build_question_form.html",
        {"form": form, "survey": survey, "section": section, "question": question},
    )


@customs_required
@require_POST
def question_delete(request, pk, question_pk):
    question = get_object_or_404(Question, pk=question_pk, section__survey_id=pk)
    if _refusal_to_message(
        request, lambda: building.delete_question(question, acting_user=request.user)
    ):
        messages.success(request, _("The question is deleted."))
    return redirect("surveys:edit", pk)


@customs_required
@require_POST
def question_move(request, pk, question_pk):
    question = get_object_or_404(Question, pk=question_pk, section__survey_id=pk)
    direction = _direction(request)
    _refusal_to_message(
        request, lambda: building.move_question(question, direction, acting_user=request.user)
    )
    return redirect("surveys:edit", pk)


@customs_required
@require_POST
def launch(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    if _refusal_to_message(request, lambda: building.launch(survey, acting_user=request.user)):
        messages.success(request, _("The survey is launched."))
    return redirect("surveys:edit", pk)


@customs_required
def copy_wave(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = building.copy_as_wave(survey, acting_user=request.user, **form.cleaned_data)
        except building.Refused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request, _("The new wave is saved as a draft: check its dates, then launch it.")
            )
            return redirect("surveys:edit", copy.pk)
    return render(request, "surveys/build_wave_form.html", {"form": form, "survey": survey})


@customs_required
def preview(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    return answer_page(request, survey, AnswerForm(questions=questions_of(survey)), preview=True)
