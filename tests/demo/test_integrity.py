import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from integrity.models import Complaint, ContactEntry, GiftDeclaration, GiftVersion
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
    # A year of reports gives the public statistics figures to show, per quarter: every quarter
    # the year covers whole. The current one and the oldest are partly covered, and may hold
    # fewer than five reports (then hidden) depending on the day the demo runs.
    quarters = complaint_statistics()
    assert len(quarters) >= 4
    whole = quarters[1:-1]
    assert len(whole) >= 3
    assert all(total.received is not None for _quarter, total, _categories in whole)
    assert client.get(reverse("integrity:statistics")).status_code == 200


def test_the_demo_register_has_a_year_of_contacts_some_late_some_withheld(client):
    seed()
    seed()

    entries = ContactEntry.objects.all()
    assert entries.filter(meeting__isnull=True).count() == 48
    assert entries.filter(meeting__isnull=False).exists()
    assert set(entries.values_list("status", flat=True)) == set(ContactEntry.Status.values)
    assert entries.filter(published_automatically=True).exists()  # late, published as is
    withheld = entries.filter(status=ContactEntry.Status.WITHHELD)
    assert withheld.order_by().values("withheld_reason").distinct().count() >= 2
    page = client.get(reverse("integrity:register")).content.decode()
    assert "Secret des affaires" in page  # withheld entries are counted per reason


def test_the_demo_declarations_show_every_status_over_a_year(client):
    seed()
    seed()

    declarations = GiftDeclaration.objects.all()
    assert declarations.count() == 32
    statuses = {version.status for version in GiftVersion.objects.latest()}
    assert statuses == set(GiftVersion.Status.values)
    assert GiftVersion.objects.filter(number=2).count() == 1  # one corrected
    assert client.get(reverse("integrity:gifts")).status_code == 200
