"""portal/permissions.py: the one place that decides who is who."""

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


def test_the_officers_queryset_holds_exactly_the_people_is_customs_accepts():
    people = [
        OfficerFactory(),
        EditorFactory(),
        SuperuserFactory(),
        CheckinStaffFactory(),
        CustomsUserFactory(),  # a customs account in no group
        RepresentativeFactory(),
        RepresentativeFactory(groups=[roles.CUSTOMS_OFFICERS]),  # the group is not enough
        OfficerFactory(is_active=False),
        SuperuserFactory(is_active=False),
    ]

    chosen = set(permissions.customs_officers())

    assert chosen == {person for person in people if permissions.is_customs(person)}
    assert len(chosen) == 3
    assert permissions.customs_officers().count() == 3  # an editor in two groups, once
