"""Data migrations of the registry, run on rows as the code before them left the database."""

from importlib import import_module

import pytest
from django.apps import apps

from stakeholders.models import Membership, Organization
from tests.factories import ContactFactory, OrganizationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

memberships_migration = import_module("stakeholders.migrations.0005_memberships")


def test_todays_representatives_become_approved_members_the_earliest_the_administrator():
    ccim, transit = OrganizationFactory(), OrganizationFactory(verified=False)
    first, second, third = RepresentativeFactory(), RepresentativeFactory(), RepresentativeFactory()
    # Before memberships, sign-up tied an account to its organisation through a contact.
    ContactFactory(organization=ccim, user=first, position="Secrétaire général")
    ContactFactory(organization=ccim, user=second)
    ContactFactory(organization=transit, user=third)
    ContactFactory(organization=ccim)  # a contact without an account stays a contact

    memberships_migration.representatives_become_members(apps, None)

    rows = {m.user: m for m in Membership.objects.select_related("user", "organization")}
    assert set(rows) == {first, second, third}
    assert all(m.status == Membership.Status.APPROVED for m in rows.values())
    assert (rows[first].role, rows[second].role, rows[third].role) == (
        Membership.Role.ADMINISTRATOR,
        Membership.Role.MEMBER,
        Membership.Role.ADMINISTRATOR,
    )
    assert rows[first].position == "Secrétaire général"
    assert list(Organization.objects.represented_by(second)) == [ccim]
