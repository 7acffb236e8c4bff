"""The integrity hub: the past year's figures for everyone, each officer's duties."""

import pytest
from django.urls import reverse

from integrity.services import complaints, register
from tests.factories import (
    GiftSupervisorFactory,
    IntegrityOfficerFactory,
    OfficerFactory,
    OrganizationFactory,
    pass_second_factor,
)

pytestmark = pytest.mark.django_db


def _report():
    from django.utils import timezone

    return complaints.submit_complaint(
        acting_user=None,
        category="delay",
        occurred_on=timezone.localdate(),
        place="Kayes",
        description="Attente.",
        anonymous=True,
    )


def test_the_hub_counts_the_years_contacts_and_hides_a_small_number_of_reports(client):
    from django.utils import timezone

    officer = OfficerFactory()
    for subject in ("Visite d’entrepôt", "Appel sur un dossier"):
        register.log_contact(
            acting_user=officer,
            kind="visit",
            contact_date=timezone.localdate(),
            organizations=[OrganizationFactory()],
            subject=subject,
            outcome="Dossier réglé.",
            publish=True,
        )
    for _ in range(4):
        _report()
    client.cookies["portal_language"] = "en"
    page = client.get(reverse("integrity:home")).content.decode()
    assert "2 contacts with the private sector published" in page
    assert "Fewer than 5 reports received" in page
    _report()
    page = client.get(reverse("integrity:home")).content.decode()
    assert "5 reports received over the past twelve months" in page
    # A visitor sees no officer's duties.
    assert reverse("integrity:entry_create") not in page


@pytest.mark.parametrize(
    "factory, sees, does_not_see",
    [
        (OfficerFactory, "integrity:gift_declare", "integrity:cases"),
        (GiftSupervisorFactory, "integrity:gift_queue", "integrity:cases"),
        (IntegrityOfficerFactory, "integrity:cases", "integrity:gift_queue"),
    ],
)
def test_each_officer_finds_their_integrity_duties(client, factory, sees, does_not_see):
    user = factory()
    client.force_login(user)
    pass_second_factor(client, user)
    page = client.get(reverse("integrity:home")).content.decode()
    assert reverse(sees) in page
    assert reverse(does_not_see) not in page
