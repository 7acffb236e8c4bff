import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from portal.widgets import (
    LongSelect,
    LongSelectMultiple,
    SearchableSelect,
    SearchableSelectMultiple,
)
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


STATIC = Path(__file__).resolve().parents[2] / "static"


def test_a_searchable_select_is_the_same_select_marked_for_the_picker():
    attrs = {"class": "form-select", "id": "id_org"}

    html = SearchableSelect(choices=CHOICES).render("org", "b", attrs)

    assert 'data-picker="single"' in html
    assert 'data-placeholder="' in html
    stripped = re.sub(r' data-[a-z-]+="[^"]*"', "", html)
    assert normalised(stripped) == normalised(LongSelect(choices=CHOICES).render("org", "b", attrs))


def test_a_searchable_multiple_select_has_lines_and_a_hint_it_is_described_by():
    attrs = {"id": "id_users", "aria-describedby": "id_users_helptext"}

    html = SearchableSelectMultiple(choices=CHOICES).render("users", ["a", 3], attrs)

    select = re.search(r"<select[^>]*>", html).group(0)
    assert 'size="8"' in select and "multiple" in select
    assert 'aria-describedby="id_users_helptext id_users-picker-hint"' in select
    assert re.search(
        r'<div class="form-text picker-hint" id="id_users-picker-hint">[^<]+</div>', html
    )
    assert re.findall(r'<option value="([^"]*)" selected>', html) == ["a", "3"]


def test_the_pickers_media_are_vendored_files_with_their_licence():
    media = SearchableSelectMultiple().media
    scripts = [script.path.removeprefix(settings.STATIC_URL) for script in media._js]
    files = [*media._css["all"], *scripts]

    for name in files:
        assert (STATIC / name).is_file(), name
    assert (STATIC / "vendor/tom-select/LICENSE").is_file()
    assert "defer" in str(media.render_js()[0])
