"""The respondents' pages: the surveys open to the reader, the answer page and its thanks.

A visitor answering a public survey is told apart by a random key kept in a signed cookie;
only its SHA-256 is stored (Participation.visitor_key), to stop a second answer from the same
browser.
"""

import hashlib
import secrets

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from portal.permissions import is_customs
from surveys import audience
from surveys.forms import AnswerForm, field_name, layout
from surveys.models import Participation, Survey
from surveys.services._common import Refused
from surveys.services.answers import questions_of, submit_response

VISITOR_COOKIE = "survey_visitor"
VISITOR_SALT = "surveys.visitor"
VISITOR_COOKIE_AGE = 2 * 365 * 24 * 3600


def visitor_key_hash(key):
    return hashlib.sha256(key.encode()).hexdigest() if key else ""


def _visitor_key(request):
    return request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT)


def _keep_visitor_key(request, response, key):
    if key and _visitor_key(request) != key:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            key,
            salt=VISITOR_SALT,
            max_age=VISITOR_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def has_answered(survey, user, visitor_key):
    participations = Participation.objects.filter(survey=survey)
    if user.is_authenticated:
        return participations.filter(user=user).exists()
    return (
        bool(visitor_key)
        and participations.filter(visitor_key=visitor_key_hash(visitor_key)).exists()
    )


def survey_list(request):
    """The surveys open now that the reader may answer and has not answered."""
    user = request.user
    visitor_key = "" if user.is_authenticated else _visitor_key(request)
    candidates = Survey.objects.open_at(timezone.now()).order_by("closes_at", "pk")
    if not user.is_authenticated or is_customs(user):
        candidates = candidates.filter(audience=Survey.Audience.PUBLIC)
    surveys = [
        survey
        for survey in candidates
        if audience.is_for(survey, user) and not has_answered(survey, user, visitor_key)
    ]
    return render(
        request,
        "surveys/survey_list.html",
        {"surveys": surveys, "published": Survey.objects.with_published_results()},
    )


def _page(request, template, survey, status=200, **context):
    return render(request, template, {"survey": survey, **context}, status=status)


def answer_page(request, survey, form, preview=False):
    return _page(
        request,
        "surveys/answer.html",
        survey,
        form=form,
        sections=layout(form),
        preview=preview,
    )


def answer(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    user = request.user
    questions = questions_of(survey)
    if user.is_authenticated and is_customs(user):
        # Officers see the survey as respondents will, and never count as its audience.
        return answer_page(request, survey, AnswerForm(questions=questions), preview=True)
    if survey.status != Survey.Status.LAUNCHED:
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not audience.is_for(survey, user):
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _page(request, "surveys/answer_closed.html", survey, reason="audience")
    now = timezone.now()
    if not survey.is_open(now):
        reason = "not_yet" if survey.opens_at and now < survey.opens_at else "closed"
        return _page(request, "surveys/answer_closed.html", survey, reason=reason)
    visitor_key = ""
    if not user.is_authenticated:
        visitor_key = _visitor_key(request) or secrets.token_urlsafe(32)
    if has_answered(survey, user, visitor_key):
        return _page(request, "surveys/answer_closed.html", survey, reason="answered")

    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            submit_response(
                survey,
                acting_user=user,
                answers=form.answers,
                visitor_key=visitor_key_hash(visitor_key),
            )
        except Refused as refusal:
            question = getattr(refusal, "question", None)
            if question is None:
                return _page(request, "surveys/answer_closed.html", survey, reason=refusal.code)
            form.add_error(field_name(question), refusal.message)
        else:
            return _keep_visitor_key(request, redirect("surveys:thanks", survey.slug), visitor_key)
    response = answer_page(request, survey, form)
    return _keep_visitor_key(request, response, visitor_key)


def thanks(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    officer = request.user.is_authenticated and is_customs(request.user)
    if survey.status != Survey.Status.LAUNCHED and not officer:
        raise Http404
    return _page(request, "surveys/answer_thanks.html", survey)
