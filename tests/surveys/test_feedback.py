"""The feedback survey made after a forum or a dialogue body's meeting, once; and the move of
the forums' former feedback into the survey engine."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from forums.models import Forum
from meetings.models import Meeting
from portal.notifications.models import Notification
from surveys import feedback, tasks
from surveys.models import Answer, FeedbackSurvey, Participation, Question, Response, Survey
from surveys.services import answers, invitations
from tests.factories import (
    OrganizationFactory,
    RepresentativeFactory,
    representative_of,
)
from tests.forums.factories import ForumFactory, SessionFactory
from tests.meetings.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ended_forum(**fields):
    """A forum that ended an hour ago, with two sessions, two attendees and one person who
    registered but did not come."""
    now = timezone.now()
    forum = ForumFactory(
        start=now - timedelta(hours=9),
        end=now - timedelta(hours=1),
        registration_opens_at=now - timedelta(days=30),
        registration_closes_at=now - timedelta(days=2),
        **fields,
    )
    start = forum.start
    SessionFactory(forum=forum, title="Plénière", start=start, end=start + timedelta(hours=2))
    SessionFactory(
        forum=forum,
        title="Atelier OEA",
        start=start + timedelta(hours=3),
        end=start + timedelta(hours=5),
    )
    came = []
    for index in range(3):
        user = representative_of(
            OrganizationFactory(), email=f"participant{forum.pk}-{index}@ccim.ml"
        )
        forum.registrations.create(
            user=user,
            status="attended" if index < 2 else "confirmed",
            arrival=index + 1,
            code=f"C{forum.pk:05d}{index:02d}",
        )
        if index < 2:
            came.append(user)
    return forum, came


def invited_emails(survey):
    return sorted(
        Notification.objects.about(survey)
        .filter(kind=invitations.INVITATION_KIND)
        .values_list("email", flat=True)
    )


def test_a_forum_that_ended_gets_its_feedback_survey_once_sent_to_its_attendees():
    forum, came = ended_forum()

    (survey,) = feedback.make_due()

    assert feedback.make_due() == []
    assert FeedbackSurvey.objects.get(forum=forum).survey == survey
    assert (survey.status, survey.audience, survey.forum, survey.anonymous) == (
        Survey.Status.LAUNCHED,
        Survey.Audience.FORUM,
        forum,
        True,
    )
    assert survey.closes_at - survey.opens_at == timedelta(days=feedback.FEEDBACK_DAYS)
    questions = answers.questions_of(survey)
    assert [(q.code, q.kind) for q in questions] == [
        ("overall", Question.Kind.LIKERT),
        ("most-useful-session", Question.Kind.SINGLE),
        ("suggestions", Question.Kind.LONG_TEXT),
    ]
    assert questions[0].scale == "satisfaction" and questions[0].text_en and questions[0].text_fr
    assert [c.label for c in questions[1].choices.all()] == ["Plénière", "Atelier OEA"]
    assert invited_emails(survey) == sorted(user.email for user in came)


def test_the_beat_task_makes_them(settings):
    forum, _came = ended_forum()
    schedule = settings.CELERY_BEAT_SCHEDULE["surveys-send-feedback-surveys"]
    assert schedule["task"] == "surveys.tasks.send_feedback_surveys"

    assert tasks.send_feedback_surveys() == 1

    assert FeedbackSurvey.objects.filter(forum=forum).exists()


def test_no_survey_for_a_cancelled_a_running_or_a_long_past_forum():
    ended_forum(status=Forum.Status.CANCELLED)
    now = timezone.now()
    running = ForumFactory(
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=2),
        registration_opens_at=now - timedelta(days=30),
        registration_closes_at=now - timedelta(days=2),
    )
    old = ended_forum()[0]
    Forum.objects.filter(pk=old.pk).update(
        start=timezone.now() - timedelta(days=60), end=timezone.now() - timedelta(days=59)
    )

    assert feedback.make_due() == []
    assert feedback.forum_survey(running) is None


def test_the_attendees_answer_it_once():
    forum, came = ended_forum()
    survey = feedback.forum_survey(forum)
    overall = answers.questions_of(survey)[0]
    # It opens two hours after the forum's end (FORUM_DELAY).
    assert survey.opens_at == forum.end + feedback.FORUM_DELAY
    later = survey.opens_at + timedelta(minutes=1)
    answers.submit_response(survey, acting_user=came[0], answers={overall.pk: 5}, now=later)

    with pytest.raises(answers.Refused) as refusal:
        answers.submit_response(survey, acting_user=came[0], answers={overall.pk: 1}, now=later)
    assert refusal.value.code == "duplicate"


def test_a_held_meeting_of_a_dialogue_body_gets_one_and_other_meetings_none():
    now = timezone.now()
    past = {"start": now - timedelta(hours=3), "end": now - timedelta(hours=1)}
    body_meeting = MeetingFactory(body=BodyFactory(), status=Meeting.Status.HELD, **past)
    MeetingFactory(status=Meeting.Status.HELD, **past)  # no dialogue body
    MeetingFactory(body=BodyFactory(), status=Meeting.Status.SCHEDULED, **past)  # not held
    present = RepresentativeFactory(email="present@ccim.ml")
    absent = RepresentativeFactory(email="absent@ccim.ml")
    for user, attended in ((present, True), (absent, False)):
        body_meeting.invitations.create(
            user=user, name=user.full_name, email=user.email, attended=attended
        )

    (survey,) = feedback.make_due()

    assert feedback.make_due() == []
    assert FeedbackSurvey.objects.get(meeting=body_meeting).survey == survey
    assert [q.code for q in answers.questions_of(survey)] == [
        "useful",
        "agenda-followed",
        "suggestions",
    ]
    assert invited_emails(survey) == ["present@ccim.ml"]


# --- The forums' former feedback, moved -------------------------------------------------------


def test_the_former_feedback_becomes_anonymous_responses_of_the_forums_survey():
    """What the data migration (surveys 0003) runs, with the surveys' current models and rows
    shaped as the former forums.Feedback's."""
    forum, came = ended_forum()
    sessions = list(forum.sessions.order_by("start"))
    registrations = {r.user_id: r for r in forum.registrations.filter(status="attended")}
    given = timezone.now() - timedelta(minutes=30)
    rows = [
        SimpleNamespace(
            registration=registrations[came[0].pk],
            rating=4,
            most_useful_session_id=sessions[1].pk,
            suggestions="Plus de temps pour les questions.",
            submitted_at=given,
        ),
        SimpleNamespace(
            registration=registrations[came[1].pk],
            rating=2,
            most_useful_session_id=None,
            suggestions="",
            submitted_at=given,
        ),
    ]

    class Feedback:
        class objects:
            @staticmethod
            def select_related(*_fields):
                return rows

    models = SimpleNamespace(**vars(feedback._models()), Session=type(sessions[0]))

    assert feedback.convert_forum_feedback(models, Feedback, seed=1) == 2

    survey = FeedbackSurvey.objects.get(forum=forum).survey
    assert survey.anonymous and survey.status == Survey.Status.LAUNCHED
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 2
    assert set(responses.values_list("respondent", "organization")) == {(None, None)}
    assert set(responses.values_list("submitted_on", flat=True)) == {timezone.localdate(given)}
    overall = Answer.objects.filter(response__survey=survey, question__code="overall")
    assert sorted(overall.values_list("number", flat=True)) == [2, 4]
    session = Answer.objects.get(response__survey=survey, question__code="most-useful-session")
    assert session.choices == [
        survey.sections.get()
        .questions.get(code="most-useful-session")
        .choices.get(label_fr="Atelier OEA")
        .pk
    ]
    assert session.response.answers.get(question__code="overall").number == 4
    assert list(
        Answer.objects.filter(question__code="suggestions").values_list("text", flat=True)
    ) == ["Plus de temps pour les questions."]
    # Who answered: a participation each (no second answer, no reminder), unlinked.
    participants = Participation.objects.filter(survey=survey).values_list("user", flat=True)
    assert sorted(participants) == sorted(u.pk for u in came)
    # Run again (or a forum that had its survey already): nothing doubles.
    assert feedback.convert_forum_feedback(models, Feedback, seed=1) == 0
    assert Response.objects.filter(survey=survey).count() == 2
    # It sends nothing: the feedback was given already.
    assert not Notification.objects.filter(kind__startswith="surveys.").exists()
