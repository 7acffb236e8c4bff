import io

import pytest

from demo import accounts as accounts_demo
from demo import forums as demo
from forums.models import Forum, Registration


@pytest.mark.django_db
def test_the_demo_forums_are_made_once_and_the_customs_day_forum_is_nearly_full():
    accounts_demo.seed(io.StringIO())

    demo.seed(io.StringIO())
    made = (set(Forum.objects.values_list("pk", flat=True)), Registration.objects.count())
    demo.seed(io.StringIO())

    assert (set(Forum.objects.values_list("pk", flat=True)), Registration.objects.count()) == made
    # The customs day: every seat taken or held back, people waiting, the demo's
    # representative among those confirmed, and a programme.
    full = [forum for forum in Forum.objects.with_counts() if forum.waiting_count > 0]
    assert full
    for forum in full:
        assert forum.in_person_seated_count + forum.reserved_seats == forum.capacity
        assert forum.seats_left == 0 and forum.reserved_seats > 0
        assert forum.sessions.exists()
    assert Registration.objects.filter(
        forum__in=full,
        user__email=demo.DEMO_REPRESENTATIVE,
        status=Registration.Status.CONFIRMED,
    ).exists()
    assert Forum.objects.filter(scale=Forum.Scale.REGIONAL).exists()


@pytest.mark.django_db
def test_the_held_forums_feedback_is_in_the_survey_engine():
    from portal.notifications.models import Notification
    from surveys.models import FeedbackSurvey, Response

    accounts_demo.seed(io.StringIO())

    demo.seed(io.StringIO())

    link = FeedbackSurvey.objects.select_related("survey").get(forum__slug="forum-sikasso-2026")
    assert link.survey.anonymous
    responses = Response.objects.filter(survey=link.survey)
    assert responses.count() == 15
    assert not responses.filter(respondent__isnull=False).exists()
    assert link.survey.participations.count() == 15
    # The e-mails queued for made-up participants are cancelled.
    assert not Notification.objects.pending().filter(kind__startswith="surveys.").exists()
