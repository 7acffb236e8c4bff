"""The active filters of a list page as removable chips.

`chips(form, query)` reads a bound filter form and the page's query string and gives one
`Chip` per chosen value (a multi-valued field gives one per value): the field's label, the
chosen option's label, and the address of the same page with that one value removed, the
other filters kept and `page` dropped (a narrower or wider list starts on its first page).
The template tag `{% filter_chips form as chips %}` (portal/templatetags/filterchips.py) calls
it, and templates/portal/_filters.html shows them under the list's "Filter" disclosure.
"""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext


@dataclass(frozen=True)
class Chip:
    name: str  # the query-string parameter
    value: str  # the raw value it carries
    label: str  # the field's label
    shown: str  # the chosen option's label (or the text typed)
    remove_url: str  # "?…" without this value and without `page`

    @property
    def text(self):
        """What the chip says: "Region: Bamako", or the label alone for a switch."""
        if not self.shown:
            return self.label
        return gettext("%(filter)s: %(value)s") % {"filter": self.label, "value": self.shown}


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            yield from _flat_choices(label)
        else:
            yield value, label


def _shown(field, raw, cleaned):
    """The words a person chose for `raw`: a model's name, an option's label, or the text."""
    if isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
        objects = cleaned if isinstance(cleaned, (list, tuple, models.QuerySet)) else [cleaned]
        for obj in objects:
            if isinstance(obj, models.Model) and str(obj.pk) == raw:
                return str(obj)
        return raw
    if isinstance(field, forms.DateField) and cleaned:
        return date_format(cleaned, "SHORT_DATE_FORMAT")
    if isinstance(field, forms.ChoiceField):
        for value, label in _flat_choices(field.choices):
            if str(value) == raw:
                return str(label)
        return raw
    return raw


def _remove_url(query, name, value):
    remaining = query.copy()
    remaining.pop("page", None)
    kept = [v for v in remaining.getlist(name) if v != value]
    if kept:
        remaining.setlist(name, kept)
    else:
        remaining.pop(name, None)
    encoded = remaining.urlencode()
    return f"?{encoded}" if encoded else "?"


class Chips(list):
    """The chips, and `clear_url`: the page with none of them (other parameters kept)."""

    clear_url = "?"


def chips(form, query=None):
    """The chips of `form`'s chosen values; `query` is the page's QueryDict (default: the
    form's data). Hidden fields (what tab the list is on) and empty or invalid values give no
    chip; a boolean field gives one chip when it is on."""
    if form is None or not form.is_bound:
        return Chips()
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    data = form.data
    if query is None:
        query = data if isinstance(data, QueryDict) else QueryDict(mutable=True)
    found = Chips()
    for bound in form:
        field = bound.field
        if field.widget.is_hidden or bound.errors or bound.name not in cleaned:
            continue
        name = bound.html_name
        if isinstance(field, forms.BooleanField):
            if cleaned[bound.name]:
                raw = query.get(name, "on")
                found.append(Chip(name, raw, str(field.label), "", _remove_url(query, name, raw)))
            continue
        if hasattr(data, "getlist") and getattr(field.widget, "allow_multiple_selected", False):
            raws = data.getlist(name)
        else:
            raws = [field.widget.value_from_datadict(data, form.files, name)]
        for raw in raws:
            if raw in (None, "") or not isinstance(raw, str):
                continue
            shown = _shown(field, raw, cleaned[bound.name])
            found.append(Chip(name, raw, str(field.label), shown, _remove_url(query, name, raw)))
    cleared = query.copy()
    for name in {"page"} | {chip.name for chip in found}:
        cleared.pop(name, None)
    found.clear_url = f"?{cleared.urlencode()}" if cleared else "?"
    return found
