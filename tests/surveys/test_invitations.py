"""Invitations when a survey is launched, and the officers' reminder to those who have not
answered (at most one a day), through the notification queue."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.notifications import queue as notifications
from portal.notifications.models import Notification
from surveys.models import Participation, Survey, SurveyReminder
from surveys.services import answers, invitations
from surveys.services._common import Refused
from tests.factories import OfficerFactory, OrganizationFactory, representative_of
from tests.surveys.factories_send import answers_for, survey

# These tests read the pages in English.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def body(response):
    return response.content.decode()


@pytest.fixture
def audience():
    """A survey for the members of one organisation: three representatives (in English),
    and one of another organisation who is not in its audience."""
    organization = OrganizationFactory()
    people = [
        representative_of(organization, email=f"rep{i}@ccim.ml", language="en") for i in range(3)
    ]
    outsider = representative_of(OrganizationFactory(), email="outsider@ccim.ml")
    made = survey()
    made.organizations.add(organization)
    return made, people, outsider


def rows(made, kind):
    return Notification.objects.about(made).filter(kind=kind)


def test_launching_invites_every_member_once_when_the_survey_opens(audience):
    made, people, outsider = audience
    opens = timezone.now() + timedelta(days=2)
    Survey.objects.filter(pk=made.pk).update(opens_at=opens)

    assert invitations.invite_audience(made, acting_user=None) == 3
    invitations.invite_audience(made, acting_user=None)  # a second call adds nobody

    invited = rows(made, invitations.INVITATION_KIND)
    assert sorted(invited.values_list("email", flat=True)) == [p.email for p in people]
    assert {row.due_at for row in invited} == {opens}
    assert outsider.email not in invited.values_list("email", flat=True)


def test_a_draft_or_public_survey_invites_nobody():
    draft = survey(launched=False)
    public = survey(audience=Survey.Audience.PUBLIC)

    assert invitations.invite_audience(draft, acting_user=None) == 0
    assert invitations.invite_audience(public, acting_user=None) == 0
    assert not Notification.objects.filter(kind=invitations.INVITATION_KIND).exists()


def test_the_invitation_leads_to_the_survey_and_skips_who_answered_meanwhile(audience, deliver):
    made, people, _outsider = audience
    invitations.invite_audience(made, acting_user=None)
    answers.submit_response(made, acting_user=people[0], answers=answers_for(made))

    sent = deliver()

    assert sorted(m.to[0] for m in sent) == [people[1].email, people[2].email]
    message = sent[0]
    assert message.subject == f"Your opinion: {made.title_en}"
    assert made.get_absolute_url() in message.body
    assert "This survey is anonymous" in message.body
    dropped = rows(made, invitations.INVITATION_KIND).get(email=people[0].email)
    assert dropped.status == Notification.Status.CANCELLED


def test_answering_changes_no_notification_row(audience):
    """In an anonymous survey the moment a row changed would line up with the response: only
    the renderer, at send time, looks at who has answered."""
    made, people, _outsider = audience
    invitations.invite_audience(made, acting_user=None)
    invitations.remind_unanswered(made, acting_user=OfficerFactory())
    before = list(Notification.objects.order_by("pk").values())

    answers.submit_response(made, acting_user=people[1], answers=answers_for(made))

    assert list(Notification.objects.order_by("pk").values()) == before


def test_an_officer_reminds_those_who_have_not_answered_once_a_day(client, audience, deliver):
    made, people, _outsider = audience
    officer = OfficerFactory(full_name="Moussa Keïta")
    answers.submit_response(made, acting_user=people[0], answers=answers_for(made))
    client.force_login(officer)
    page_url = reverse("surveys:invitations", args=[made.pk])

    response = client.post(reverse("surveys:remind", args=[made.pk]), follow=True)

    assert response.redirect_chain[-1][0] == page_url
    assert "A reminder is on its way to 2 people who have not answered." in body(response)
    reminder = SurveyReminder.objects.get(survey=made)
    assert (reminder.sent_by, reminder.recipients) == (officer, 2)
    sent = deliver()
    assert sorted(m.to[0] for m in sent) == [people[1].email, people[2].email]
    assert sent[0].subject == f"Reminder: your opinion on {made.title_en}"

    again = client.post(reverse("surveys:remind", args=[made.pk]), follow=True)

    assert "A reminder was sent less than a day ago" in body(again)
    assert SurveyReminder.objects.filter(survey=made).count() == 1
    page = body(client.get(page_url))
    assert "Reminder sent to 2 people on" in page and "Moussa Keïta" in page
    assert "The next reminder can be sent from" in page

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        client.force_login(officer)
        later = client.post(reverse("surveys:remind", args=[made.pk]), follow=True)
    assert "A reminder is on its way to 2 people" in body(later)
    assert SurveyReminder.objects.filter(survey=made).count() == 2


def test_a_reminder_is_dropped_for_who_answers_before_it_leaves_or_has_opted_out(audience, deliver):
    made, people, _outsider = audience
    invitations.remind_unanswered(made, acting_user=OfficerFactory())
    answers.submit_response(made, acting_user=people[0], answers=answers_for(made))
    notifications.set_reminders(people[1], enabled=False)

    sent = deliver()

    assert [m.to[0] for m in sent] == [people[2].email]


def test_the_invitations_page_gives_numbers_only(client, audience):
    """Audience, invited, answered: counts. Who has answered is never shown."""
    made, people, _outsider = audience
    invitations.invite_audience(made, acting_user=None)
    answers.submit_response(made, acting_user=people[2], answers=answers_for(made))
    client.force_login(OfficerFactory())

    response = client.get(reverse("surveys:invitations", args=[made.pk]))

    page = body(response)
    assert response.context["audience_size"] == 3
    assert response.context["invited"] == 3
    assert response.context["answered"] == 1
    assert '<dd class="col-sm-8 survey-answered">1</dd>' in page
    for person in people:
        assert person.email not in page and person.full_name not in page
    assert "Remind those who have not answered" in page


@pytest.mark.parametrize(
    "change, code",
    [
        ({"closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
        ({"status": Survey.Status.DRAFT}, "closed"),
        ({"audience": Survey.Audience.PUBLIC}, "public"),
    ],
)
def test_a_reminder_is_refused_for_a_survey_not_open_or_public(audience, change, code):
    made, _people, _outsider = audience
    if "closes_at" in change:
        change = {**change, "opens_at": change["closes_at"] - timedelta(days=1)}
    Survey.objects.filter(pk=made.pk).update(**change)

    with pytest.raises(Refused) as refusal:
        invitations.remind_unanswered(made, acting_user=OfficerFactory())

    assert refusal.value.code == code
    assert not SurveyReminder.objects.exists()


def test_nobody_to_remind_when_everyone_answered(audience):
    made, people, _outsider = audience
    for person in people:
        answers.submit_response(made, acting_user=person, answers=answers_for(made))
    assert Participation.objects.filter(survey=made).count() == 3

    with pytest.raises(Refused) as refusal:
        invitations.remind_unanswered(made, acting_user=OfficerFactory())

    assert refusal.value.code == "nobody_to_remind"
