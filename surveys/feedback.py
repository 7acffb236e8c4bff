"""The feedback survey after a forum or a meeting: made, launched and sent automatically.

When a forum ends (not cancelled), a survey is made for it from the standard template below
(overall satisfaction, the most useful session, suggestions), for its attendees, open for
FEEDBACK_DAYS days, and its invitations are queued. The same for a meeting of a dialogue body
once it is held (minutes recorded): usefulness, whether the agenda was followed, suggestions.
Meetings outside a dialogue body (bilateral, internal, ad hoc) get none: they are many, often
small, and asking every one of them would wear out the people the bodies' surveys need. The
beat task (surveys.tasks.send_feedback_surveys) runs `make_due`; a forum or meeting that ended
more than LOOKBACK ago is left alone (so that deploying this does not survey old events).

One per forum or meeting (FeedbackSurvey's one-to-one keys): a second run makes nothing.
Feedback surveys are anonymous: the page says so before the first question.

The template builders take the models as arguments, so that the data migration that moved
the forums' former feedback here (surveys 0003) builds the same survey with its historical
models.
"""

import hashlib
import random
from datetime import timedelta
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from meetings.models import Meeting
from surveys import audience
from surveys import models as survey_models
from surveys.models import FeedbackSurvey, Participation
from surveys.services import invitations

FEEDBACK_DAYS = 14
LOOKBACK = timedelta(days=30)
# The survey opens this long after a forum ends (people are on their way home).
FORUM_DELAY = timedelta(hours=2)


# --- The templates -------------------------------------------------------------------------


def _unique_slug(m, base):
    base = base[:72].strip("-")
    slug, n = base, 1
    while m.Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _question(m, section, position, **fields):
    return m.Question.objects.create(section=section, position=position, **fields)


def build_forum_survey(m, forum, sessions, *, opens_at, closes_at, launched_at):
    """A forum's feedback survey (launched, for its attendees) and its FeedbackSurvey link.
    `m` holds the models (Survey, Section, Question, Choice, FeedbackSurvey); `sessions` the
    forum's sessions in order. Returns (survey, {question code: question}, {session id: choice
    id})."""
    survey = m.Survey.objects.create(
        slug=_unique_slug(m, f"avis-{forum.slug}"),
        title_fr=f"Votre avis sur « {forum.title} »",
        title_en=f"Your opinion on “{forum.title}”",
        intro_fr="Trois questions courtes (une minute) aident la Douane à préparer le "
        "prochain forum.",
        intro_en="Three short questions (one minute) help Customs prepare the next forum.",
        anonymous=True,
        audience="forum",
        forum=forum,
        opens_at=opens_at,
        closes_at=closes_at,
        status="launched",
        launched_at=launched_at,
        series="forum-feedback",
        wave=forum.title[:100],
    )
    m.FeedbackSurvey.objects.create(survey=survey, forum=forum)
    section = m.Section.objects.create(
        survey=survey, position=1, title_fr="Votre avis", title_en="Your opinion"
    )
    questions = {
        "overall": _question(
            m,
            section,
            1,
            code="overall",
            kind="likert",
            scale="satisfaction",
            required=True,
            text_fr="Dans l’ensemble, êtes-vous satisfait du forum ?",
            text_en="Overall, how satisfied are you with the forum?",
        )
    }
    choices = {}
    if sessions:
        question = _question(
            m,
            section,
            2,
            code="most-useful-session",
            kind="single",
            text_fr="Quelle session vous a été la plus utile ?",
            text_en="Which session was the most useful to you?",
        )
        questions["most-useful-session"] = question
        for position, session in enumerate(sessions, start=1):
            choice = m.Choice.objects.create(
                question=question, position=position, label_fr=session.title[:200]
            )
            choices[session.pk] = choice.pk
    questions["suggestions"] = _question(
        m,
        section,
        3,
        code="suggestions",
        kind="long_text",
        text_fr="Vos suggestions pour le prochain forum",
        text_en="Your suggestions for the next forum",
    )
    return survey, questions, choices


def build_meeting_survey(m, meeting, *, opens_at, closes_at, launched_at):
    survey = m.Survey.objects.create(
        slug=_unique_slug(m, f"avis-reunion-{meeting.pk}"),
        title_fr=f"Votre avis sur la réunion « {meeting.title} »",
        title_en=f"Your opinion on the meeting “{meeting.title}”",
        intro_fr="Trois questions courtes aident la Douane à mieux préparer les réunions.",
        intro_en="Three short questions help Customs prepare its meetings better.",
        anonymous=True,
        audience="meeting",
        meeting=meeting,
        opens_at=opens_at,
        closes_at=closes_at,
        status="launched",
        launched_at=launched_at,
        series="meeting-feedback",
        wave=meeting.title[:100],
    )
    m.FeedbackSurvey.objects.create(survey=survey, meeting=meeting)
    section = m.Section.objects.create(
        survey=survey, position=1, title_fr="Votre avis", title_en="Your opinion"
    )
    _question(
        m,
        section,
        1,
        code="useful",
        kind="likert",
        scale="agreement",
        required=True,
        text_fr="La réunion m’a été utile.",
        text_en="The meeting was useful to me.",
    )
    _question(
        m,
        section,
        2,
        code="agenda-followed",
        kind="likert",
        scale="agreement",
        text_fr="L’ordre du jour a été suivi.",
        text_en="The agenda was followed.",
    )
    _question(
        m,
        section,
        3,
        code="suggestions",
        kind="long_text",
        text_fr="Vos suggestions pour les prochaines réunions",
        text_en="Your suggestions for the next meetings",
    )
    return survey


def _models():
    return SimpleNamespace(
        Survey=survey_models.Survey,
        Section=survey_models.Section,
        Question=survey_models.Question,
        Choice=survey_models.Choice,
        FeedbackSurvey=survey_models.FeedbackSurvey,
        Response=survey_models.Response,
        Answer=survey_models.Answer,
        Participation=survey_models.Participation,
    )


# --- Making them when a forum or a meeting ends ---------------------------------------------


def _launch(build, *, now):
    """Build and launch in one transaction, then queue the invitations; None when another run
    made it first (the one-to-one key refuses the second)."""
    try:
        with transaction.atomic():
            survey = build()
    except IntegrityError:
        return None
    invitations.invite_audience(survey, acting_user=None, now=now)
    return survey


def forum_survey(forum, *, now=None):
    """Make, launch and send the feedback survey of a forum that has ended; None when it has
    one already, has not ended, or was cancelled."""
    now = now or timezone.now()
    forum = Forum.objects.get(pk=forum.pk)  # its status as stored, not as the caller last saw it
    if forum.status in (Forum.Status.DRAFT, Forum.Status.CANCELLED) or not forum.has_ended(now):
        return None
    if FeedbackSurvey.objects.filter(forum=forum).exists():
        return None
    opens_at = max(forum.end + FORUM_DELAY, now)
    return _launch(
        lambda: build_forum_survey(
            _models(),
            forum,
            list(forum.sessions.order_by("start", "pk")),
            opens_at=opens_at,
            closes_at=opens_at + timedelta(days=FEEDBACK_DAYS),
            launched_at=now,
        )[0],
        now=now,
    )


def wants_survey(meeting):
    """Which meetings get a feedback survey: those of a dialogue body, once held."""
    return meeting.body_id is not None and meeting.status == Meeting.Status.HELD


def meeting_survey(meeting, *, now=None):
    now = now or timezone.now()
    meeting = Meeting.objects.get(pk=meeting.pk)
    if not wants_survey(meeting) or meeting.end > now:
        return None
    if FeedbackSurvey.objects.filter(meeting=meeting).exists():
        return None
    return _launch(
        lambda: build_meeting_survey(
            _models(),
            meeting,
            opens_at=now,
            closes_at=now + timedelta(days=FEEDBACK_DAYS),
            launched_at=now,
        ),
        now=now,
    )


def make_due(*, now=None):
    """The feedback surveys of the forums and meetings that ended within LOOKBACK and have
    none yet. Returns the surveys made."""
    now = now or timezone.now()
    made = []
    forums = Forum.objects.filter(
        end__lte=now,
        end__gt=now - LOOKBACK,
        status__in=[Forum.Status.PUBLISHED, Forum.Status.CLOSED, Forum.Status.HELD],
        feedback_survey__isnull=True,
    )
    for forum in forums:
        survey = forum_survey(forum, now=now)
        if survey is not None:
            made.append(survey)
    meetings = Meeting.objects.filter(
        end__lte=now,
        end__gt=now - LOOKBACK,
        status=Meeting.Status.HELD,
        body__isnull=False,
        feedback_survey__isnull=True,
    )
    for meeting in meetings:
        survey = meeting_survey(meeting, now=now)
        if survey is not None:
            made.append(survey)
    return made


# --- The forum's pages (forums.feedback's provider) ------------------------------------------


class ForumFeedbackLinks:
    """What the forum's pages link to: the feedback survey, and its results for officers."""

    @staticmethod
    def _survey(forum):
        link = FeedbackSurvey.objects.filter(forum=forum).select_related("survey").first()
        return link.survey if link else None

    def answer_link(self, forum, user):
        survey = self._survey(forum)
        if survey is None or not survey.is_open() or not audience.is_for(survey, user):
            return None
        if Participation.objects.filter(survey=survey, user=user).exists():
            return None
        return survey.get_absolute_url(), _("Give my feedback")

    def results_link(self, forum):
        survey = self._survey(forum)
        if survey is None:
            return None
        return reverse("surveys:results", args=[survey.pk]), _("Results of the feedback survey")

    def survey_url(self, forum):
        survey = self._survey(forum)
        return survey.get_absolute_url() if survey else None


forum_links = ForumFeedbackLinks()


# --- Moving the forums' former feedback here (the data migration) -------------------------


def convert_forum_feedback(m, Feedback, *, seed=None):
    """Give each forum with rows of the former forums.Feedback its feedback survey (the same
    template) and turn each row into an anonymous Response with its Answers and a
    Participation. Only the day a feedback was given is kept; who gave it is kept only as
    the participation (the account, or for a guest a hash of its registration), unlinked from
    the response. Rows are written in a random order, so that neither table's order says which
    row of the other goes with it. `m` holds the surveys' models, Feedback the forums' one
    (historical models in the migration). Returns the number of feedbacks moved."""
    shuffle = random.Random(seed).shuffle
    rows = list(
        Feedback.objects.select_related("registration__forum", "registration__organization")
    )
    by_forum = {}
    for row in rows:
        by_forum.setdefault(row.registration.forum_id, []).append(row)
    moved = 0
    for feedbacks in by_forum.values():
        forum = feedbacks[0].registration.forum
        if m.FeedbackSurvey.objects.filter(forum=forum).exists():
            continue
        first = min(f.submitted_at for f in feedbacks)
        last = max(f.submitted_at for f in feedbacks)
        opens_at = min(forum.end, first)
        closes_at = max(forum.end + timedelta(days=FEEDBACK_DAYS), last + timedelta(minutes=1))
        sessions = list(m.Session.objects.filter(forum=forum).order_by("start", "pk"))
        survey, questions, choices = build_forum_survey(
            m, forum, sessions, opens_at=opens_at, closes_at=closes_at, launched_at=opens_at
        )
        shuffle(feedbacks)
        answers = []
        for feedback in feedbacks:
            organization = feedback.registration.organization
            response = m.Response.objects.create(
                survey=survey,
                category=organization.category if organization else "",
                submitted_on=timezone.localdate(feedback.submitted_at),
            )
            answers.append(
                m.Answer(response=response, question=questions["overall"], number=feedback.rating)
            )
            session_choice = choices.get(feedback.most_useful_session_id)
            if session_choice is not None:
                answers.append(
                    m.Answer(
                        response=response,
                        question=questions["most-useful-session"],
                        choices=[session_choice],
                    )
                )
            if feedback.suggestions.strip():
                answers.append(
                    m.Answer(
                        response=response,
                        question=questions["suggestions"],
                        text=feedback.suggestions.strip(),
                    )
                )
        m.Answer.objects.bulk_create(answers)
        shuffle(feedbacks)
        participations = []
        for feedback in feedbacks:
            registration = feedback.registration
            key = ""
            if not registration.user_id:
                key = hashlib.sha256(f"forums.feedback:{registration.pk}".encode()).hexdigest()
            participations.append(
                m.Participation(survey=survey, user_id=registration.user_id, visitor_key=key)
            )
        m.Participation.objects.bulk_create(participations)
        moved += len(feedbacks)
    return moved
