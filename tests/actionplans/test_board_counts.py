"""The commitments board says one number for one fact: a plan's "N public commitments" is
the list's "N found" for that plan. A cancelled public commitment (listed, but without a
health) used to make the card say 2 and the list 3."""

import re

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from tests.actionplans.factories import ActionFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _number(pattern, content):
    found = re.findall(pattern, content)
    assert len(found) == 1, (pattern, found)
    return int(found[0])


PUBLIC = r"(\d+) engagements? publics?"
FOUND = r"(\d+) engagements? trouvés?\."


def test_the_plans_public_commitments_are_the_commitments_found(client):
    plan = PlanFactory(title="Plan en vigueur", status=ActionPlan.Status.ACTIVE)
    ActionFactory(plan=plan, title="Engagement en cours")
    ActionFactory(plan=plan, title="Engagement tenu", status=Action.Status.DONE)
    ActionFactory(plan=plan, title="Engagement abandonné", status=Action.Status.CANCELLED)
    ActionFactory(plan=plan, title="Action interne", visibility=Action.Visibility.INTERNAL)

    page = client.get(reverse("actionplans:board")).content.decode()

    assert "Engagement abandonné" in page
    assert _number(PUBLIC, page) == _number(FOUND, page) == 3
    # The same number again when the list is narrowed to the plan.
    narrowed = client.get(reverse("actionplans:board"), {"plan": plan.pk}).content.decode()
    assert _number(FOUND, narrowed) == 3
