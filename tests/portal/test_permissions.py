"""The permissions module: its filter on accounts and its predicates decide alike."""

import pytest

from portal import permissions
from portal.accounts import roles
from tests.factories import (
    CheckinStaffFactory,
    CustomsUserFactory,
    EditorFactory,
    OfficerFactory,
    RepresentativeFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_officers_filter_agrees_with_is_customs_for_every_role():
    people = [
        OfficerFactory(),
        EditorFactory(),
        SuperuserFactory(),
        CheckinStaffFactory(),
        CustomsUserFactory(),  # a customs account in no group
        RepresentativeFactory(),
        RepresentativeFactory(groups=[roles.CUSTOMS_OFFICERS]),  # a group cannot make an officer
        OfficerFactory(is_active=False),
        SuperuserFactory(is_active=False),
    ]

    chosen = set(permissions.customs_officers().values_list("pk", flat=True))

    assert chosen == {person.pk for person in people if permissions.is_customs(person)}
    assert len(chosen) == 3


def test_an_account_in_both_officer_groups_is_listed_once():
    editor = EditorFactory()

    assert list(permissions.customs_officers()) == [editor]
