import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from integrity.models import Complaint
from integrity.statistics import complaint_statistics
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_a_year_of_complaints_in_every_status_and_sends_no_email(client):
    seed()
    seed()

    complaints = Complaint.objects.all()
    assert complaints.count() == 60
    assert set(complaints.values_list("status", flat=True)) == set(Complaint.Status.values)
    assert complaints.filter(actions__isnull=False).exists()  # "what we changed"
    assert not Notification.objects.filter(
        kind__startswith="integrity", status=Notification.Status.PENDING
    ).exists()
    # A year of reports gives the public statistics figures to show, per quarter.
    quarters = complaint_statistics()
    assert len(quarters) >= 4
    assert all(total.received is not None for _quarter, total, _categories in quarters)
    assert client.get(reverse("integrity:statistics")).status_code == 200
