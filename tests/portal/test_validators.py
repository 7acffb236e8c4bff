import pytest
from django import forms

from portal.accounts.forms import PreferencesForm


def test_every_text_field_refuses_control_characters():
    with pytest.raises(forms.ValidationError) as refused:
        forms.CharField().clean("Sidibé\x1b[31m")

    assert refused.value.error_list[0].code == "control_characters"


def test_tabs_and_line_ends_are_kept():
    assert forms.CharField(strip=False).clean("a\tb\r\nc") == "a\tb\r\nc"


def test_a_model_forms_text_field_refuses_control_characters(db):
    form = PreferencesForm(data={"full_name": "Oumar\x07 Sidibé"})

    assert "full_name" in form.errors
