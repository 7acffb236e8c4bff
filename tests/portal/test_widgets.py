import re

import pytest
from django import forms

from portal.widgets import LongSelect, LongSelectMultiple
from stakeholders.models import Organization
from tests.factories import OrganizationFactory

CHOICES = [
    ("", "Toutes"),
    ("a", "Commissionnaire <agréé> & fils"),
    ("Groupe", [("b", "Banque"), ("c", "Chambre")]),
    (3, "Trois"),
]


def normalised(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "a", "b", 3])
def test_a_long_select_writes_the_markup_of_djangos_select(value):
    attrs = {"class": "form-select", "id": "id_org", "required": True}

    ours = LongSelect(choices=CHOICES).render("org", value, attrs)
    django = forms.Select(choices=CHOICES).render("org", value, attrs)

    assert normalised(ours) == normalised(django)


def test_a_long_multiple_select_marks_every_chosen_option_as_django_does():
    attrs = {"id": "id_orgs", "size": 5}

    ours = LongSelectMultiple(choices=CHOICES).render("orgs", ["a", "c"], attrs)
    django = forms.SelectMultiple(choices=CHOICES).render("orgs", ["a", "c"], attrs)

    assert normalised(ours) == normalised(django)
    assert ours.count(" selected") == 2


@pytest.mark.django_db
def test_a_long_select_lists_a_model_choice_fields_objects():
    chosen, other = OrganizationFactory(name="Chambre de commerce"), OrganizationFactory()
    field = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"), widget=LongSelect, empty_label="Toutes"
    )

    html = field.widget.render("organization", chosen.pk, {"id": "id_organization"})

    assert f'<option value="{chosen.pk}" selected>Chambre de commerce</option>' in html
    assert f'<option value="{other.pk}">' in html
    assert html.startswith('<select name="organization" id="id_organization"><option value="">')
