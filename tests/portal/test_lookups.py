import pytest
from django import forms

from stakeholders.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

BEYOND_ANY_COLUMN = 99999999999999999999999


def test_a_number_beyond_any_column_matches_no_row_in_an_in_lookup():
    organization = OrganizationFactory()

    found = Organization.objects.filter(pk__in=[organization.pk, BEYOND_ANY_COLUMN])

    assert list(found) == [organization]
    assert not Organization.objects.filter(pk__in=[BEYOND_ANY_COLUMN]).exists()


def test_a_forged_choice_beyond_any_column_is_an_invalid_choice_not_an_error():
    # It answered 500 on SQLite (OverflowError) wherever a form had a multiple choice.
    field = forms.ModelMultipleChoiceField(queryset=Organization.objects.all())

    with pytest.raises(forms.ValidationError) as refusal:
        field.clean([str(BEYOND_ANY_COLUMN)])

    assert refusal.value.code == "invalid_choice"
