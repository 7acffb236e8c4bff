"""The weekly digest: one e-mail per officer per week, listing what needs their attention."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from actionplans import services
from actionplans.models import Action, ActionPlan
from portal.notifications.models import Notification
from tests.actionplans.factories import ActionFactory
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 6, 1, 7, 30, tzinfo=ZoneInfo("Africa/Bamako"))
TODAY = MONDAY.date()


@pytest.fixture
def officer():
    officer = OfficerFactory(full_name="Moussa Keïta", language="fr")
    with time_machine.travel(MONDAY, tick=False):
        ActionFactory(
            responsible=officer,
            code="R1",
            title="Action en retard",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 5, 15),
        )
        ActionFactory(
            responsible=officer,
            code="R2",
            title="Action menacée",
            start_date=date(2026, 1, 1),
            due_date=date(2026, 8, 1),
        )
        soon = ActionFactory(
            responsible=officer,
            code="R3",
            title="Action à rendre bientôt",
            start_date=date(2026, 5, 1),
            due_date=TODAY + timedelta(days=10),
        )
        services.record_progress(soon, acting_user=officer, date=TODAY, percent=70, narrative="x")
        ActionFactory(
            responsible=officer,
            code="R4",
            title="Action lointaine",
            start_date=date(2026, 5, 1),
            due_date=date(2027, 5, 1),
        )
        ActionFactory(
            responsible=officer,
            code="R5",
            title="Action annulée",
            status=Action.Status.CANCELLED,
            start_date=date(2026, 1, 1),
            due_date=date(2026, 5, 1),
        )
        ActionFactory(
            responsible=officer,
            code="R6",
            title="Action d’un projet",
            plan__status=ActionPlan.Status.DRAFT,
            start_date=date(2026, 1, 1),
            due_date=date(2026, 5, 1),
        )
    return officer


def send(deliver):
    with time_machine.travel(MONDAY, tick=False):
        services.send_weekly_digests()
        return deliver()


def test_the_digest_lists_overdue_at_risk_and_due_soon_actions(officer, deliver):
    [mail] = send(deliver)

    assert mail.to == [officer.email]
    body = mail.body
    assert (
        "Action en retard" in body
        and "Action menacée" in body
        and "Action à rendre bientôt" in body
    )
    assert body.index("En retard") < body.index("Action en retard") < body.index("À risque")
    for absent in ["Action lointaine", "Action annulée", "Action d’un projet"]:
        assert absent not in body
    assert settings.SITE_URL + "/action-plans/actions/" in body
    assert "3 actions" in mail.subject
    html = mail.alternatives[0][0]
    assert "Action menacée" in html


def test_running_the_digest_twice_in_a_week_sends_one_email(officer, deliver):
    first = send(deliver)
    second = send(deliver)

    assert len(first) == 1 and second == []
    assert Notification.objects.filter(kind=services.DIGEST_KIND).count() == 1


def test_the_digest_is_sent_again_the_next_week(officer, deliver):
    send(deliver)

    with time_machine.travel(MONDAY + timedelta(days=7), tick=False):
        services.send_weekly_digests()
        assert len(deliver()) == 1


def test_the_key_names_the_officer_and_the_iso_week(officer):
    with time_machine.travel(MONDAY, tick=False):
        services.send_weekly_digests()

    assert Notification.objects.get().key == f"actionplans.digest:{officer.pk}:2026-W23"


def test_an_officer_with_nothing_to_report_gets_no_email(deliver):
    with time_machine.travel(MONDAY, tick=False):
        ActionFactory(start_date=date(2026, 5, 1), due_date=date(2027, 5, 1))

    assert send(deliver) == []


def test_the_digest_is_written_in_the_officers_language(officer, deliver):
    officer.language = "en"
    officer.save()

    [mail] = send(deliver)

    assert "Overdue" in mail.body


def test_the_weekly_digest_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["actionplans-weekly-digest"]

    assert entry["task"] == "actionplans.tasks.send_weekly_digests"


def test_the_task_calls_the_service(officer):
    from actionplans.tasks import send_weekly_digests

    with time_machine.travel(MONDAY, tick=False):
        assert send_weekly_digests() == 1
