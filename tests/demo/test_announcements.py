import io

import pytest
from django.core.management import call_command

from announcements import emails as announcements
from announcements.models import Announcement
from demo import announcements as demo
from meetings.models import DialogueBody
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_one_sent_announcement_to_the_framework_and_can_run_twice():
    seed()
    seed()

    announcement = Announcement.objects.get()
    framework = DialogueBody.objects.get(acronym=demo.FRAMEWORK_ACRONYM)
    assert announcement.subject == demo.SUBJECT
    assert announcement.filters == {"body": framework.pk}
    assert set(announcement.reached.values_list("organization", flat=True)) <= set(
        framework.members.values_list("pk", flat=True)
    )
    rows = Notification.objects.filter(kind=announcements.KIND)
    assert rows.count() == announcement.recipients > 0
    assert set(rows.values_list("status", flat=True)) == {Notification.Status.SENT}
