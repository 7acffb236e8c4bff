import io

import pytest
from django.core.management import call_command

from consultations import notifications
from consultations.models import Comment, Consultation
from consultations.services import consultations
from demo import consultations as demo
from demo.meetings import PLENARY_TITLE
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_the_open_clearance_instruction_and_a_closed_one_with_its_report():
    seed()

    clearance = Consultation.objects.get(title=demo.CLEARANCE_TITLE)
    aeo = Consultation.objects.get(title=demo.AEO_TITLE)
    assert clearance.is_open_for_comments()
    assert clearance.latest_version().sections.exists()
    comments = clearance.comments.active()
    # Comments from several organisations, some of them answered already, not all.
    assert comments.values("organization").distinct().count() > 1
    assert 0 < comments.exclude(decision="").count() < comments.count()
    assert aeo.report_is_published and aeo.versions.count() > 1
    assert not aeo.comments.awaiting_decision().exists()


def test_the_demo_can_run_twice_and_sends_no_email():
    seed()
    counts = (Consultation.objects.count(), Comment.objects.count())
    seed()

    assert (Consultation.objects.count(), Comment.objects.count()) == counts
    assert (
        not Notification.objects.filter(status=Notification.Status.PENDING)
        .filter(kind__startswith="consultations.")
        .exists()
    )


def test_the_demo_invites_the_framework_and_puts_the_texts_on_agendas():
    seed()
    seed()

    clearance = Consultation.objects.get(title=demo.CLEARANCE_TITLE)
    aeo = Consultation.objects.get(title=demo.AEO_TITLE)
    assert [body.acronym for body in clearance.invited_bodies.all()] == [demo.FRAMEWORK_ACRONYM]
    assert [m.title for m in clearance.meetings.filter(series__isnull=True)] == [PLENARY_TITLE]
    assert [s.title for s in clearance.forum_sessions.all()] == [demo.CLEARANCE_SESSION]
    assert [s.title for s in aeo.forum_sessions.all()] == [demo.AEO_SESSION]


def test_an_officers_edit_of_the_open_demo_consultation_sends_no_opening_email():
    seed()
    clearance = Consultation.objects.get(title=demo.CLEARANCE_TITLE)

    consultations.update_consultation(
        clearance, acting_user=clearance.responsible_officer, summary="Résumé précisé."
    )

    assert not Notification.objects.filter(
        kind=notifications.OPENED, status=Notification.Status.PENDING
    ).exists()
