"""A survey's results: the officers' page (breakdowns, free-text answers, exports), the
publishing of the results, and the published page visitors read.

Every figure is surveys/results.py's, with its hiding of small groups; these views only choose
the survey and the breakdown and draw them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.stats import bar_chart
from portal import exports
from portal.pagecache import for_visitors
from portal.pagination import paginate
from portal.permissions import customs_required
from surveys import exports as survey_exports
from surveys.models import Question, Survey
from surveys.results import TEXT_KINDS, survey_results, text_answers
from surveys.services import publication
from surveys.services._common import Refused


def _charts(results):
    """A bar chart (server-drawn SVG) per question with options, the whole survey's."""
    for result in results.questions:
        cell = result.overall
        result.chart = (
            bar_chart(
                result.question.text,
                [{"label": option.label, "count": option.count} for option in cell.options],
                [("count", _("Answers"))],
            )
            if cell.shown and cell.options
            else ""
        )
    return results


@customs_required
def results(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    data = _charts(survey_results(survey, by=request.GET.get("by", "")))
    return render(request, "surveys/results.html", {"survey": survey, "results": data})


@customs_required
def results_texts(request, pk, question_pk):
    survey = get_object_or_404(Survey, pk=pk)
    question = get_object_or_404(
        Question, pk=question_pk, section__survey=survey, kind__in=TEXT_KINDS
    )
    return render(
        request,
        "surveys/results_texts.html",
        {"survey": survey, "question": question, "page": paginate(request, text_answers(question))},
    )


@exports.export_view
@customs_required
def results_export(request, pk, fmt):
    survey = get_object_or_404(Survey, pk=pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    headers, rows = survey_exports.export_rows(survey)
    name = f"survey-{survey.slug}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return exports.csv_response(name, headers, rows)
    title = _("Results") if survey.anonymous else _("Responses")
    return exports.xlsx_response(name, exports.workbook_bytes([(title, headers, rows)]))


@customs_required
@require_POST
def publish(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        if request.POST.get("action") == "unpublish":
            publication.unpublish(survey, acting_user=request.user)
            messages.success(request, _("The results are no longer published."))
        else:
            publication.publish(
                survey, acting_user=request.user, with_texts=bool(request.POST.get("with_texts"))
            )
            messages.success(request, _("The results are published."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect("surveys:results", pk=survey.pk)


def _published(slug):
    return get_object_or_404(Survey.objects.with_published_results(), slug=slug)


@for_visitors("surveys")
def published(request, slug):
    survey = _published(slug)
    data = _charts(survey_results(survey, by=request.GET.get("by", "")))
    return render(request, "surveys/published.html", {"survey": survey, "results": data})


def published_texts(request, slug, question_pk):
    survey = _published(slug)
    if not survey.results_publish_texts:
        raise Http404
    question = get_object_or_404(
        Question, pk=question_pk, section__survey=survey, kind__in=TEXT_KINDS
    )
    return render(
        request,
        "surveys/published_texts.html",
        {"survey": survey, "question": question, "page": paginate(request, text_answers(question))},
    )
