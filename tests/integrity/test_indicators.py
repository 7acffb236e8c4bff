"""The integrity indicators on the action-plan dashboards: the officers' and each plan's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from integrity.services import complaints, register
from tests.actionplans.factories import PlanFactory
from tests.factories import OfficerFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_plans_dashboard_shows_the_integrity_indicators(client):
    officer = OfficerFactory()
    today = timezone.localdate()
    # A contact whose entry falls due today, completed on the day of the contact: on time.
    contact_day = today - timedelta(days=14)
    register.log_contact(
        acting_user=officer,
        kind="call",
        contact_date=contact_day,
        organizations=[OrganizationFactory()],
        subject="Dossier en souffrance",
        outcome="Mainlevée accordée.",
        publish=True,
        today=contact_day,
    )
    complaints.submit_complaint(
        acting_user=None,
        category="delay",
        occurred_on=today,
        place="Kayes",
        description="Attente.",
        anonymous=True,
    )
    plan = PlanFactory()
    client.force_login(officer)
    page = client.get(reverse("actionplans:plan_dashboard", args=[plan.pk])).content.decode()
    section = page.split("Indicateurs d’intégrité</h2>", 1)[1].split("</section>", 1)[0]
    assert "Registre des contacts" in section
    assert "100,0 %" in section or "100.0 %" in section
    assert "Déclarations de cadeaux" in section
    assert "Plaintes" in section or "Signalements" in section
