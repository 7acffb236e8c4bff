"""An organisation's engagement history lists the actions it is a partner of."""

import pytest

from actionplans.models import Action, ActionPlan
from stakeholders import engagement
from tests.actionplans.factories import ActionFactory
from tests.factories import OfficerFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    org = OrganizationFactory(name="CCIM")
    ActionFactory(title="Forum public", partners=[org])
    ActionFactory(title="Suivi interne", visibility=Action.Visibility.INTERNAL, partners=[org])
    ActionFactory(title="Projet non publié", plan__status=ActionPlan.Status.DRAFT, partners=[org])
    ActionFactory(title="Sans ce partenaire")
    return org


def titles(organization, user):
    return [item.title for item in engagement.history(organization, user)]


def test_officers_see_every_action_the_organisation_is_a_partner_of(organization):
    found = titles(organization, OfficerFactory())

    assert len(found) == 3
    assert not any("Sans ce partenaire" in title for title in found)


def test_representatives_see_only_public_actions_of_active_plans(organization):
    found = titles(organization, RepresentativeFactory())

    assert len(found) == 1 and "Forum public" in found[0]
