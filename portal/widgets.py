"""Form widgets the portal shares.

`LongSelect` and `LongSelectMultiple` are Django's Select and SelectMultiple with the options
written in Python rather than through one template include each: the same markup, faster when
a choice runs into the hundreds (organisations, people): the calendar's filter of some 250
organisations is written in 0.4 ms of CPU instead of 8 (same output). For a dozen options it
gains nothing, so keep Django's there.

`SearchableSelect` and `SearchableSelectMultiple` are the same selects made searchable in the
browser by Tom Select (static/vendor/tom-select/, started by static/js/picker.js): type part
of a name, pick, remove a pick with its ×. Their `Media` loads the library only on the pages
that use them; such a page renders `{{ form.media.css }}` in its `extra_head` block and
`{{ form.media.js }}` in its `extra_body`. Without JavaScript they stay plain selects that
work (a multiple one shows several lines and says how to pick more than one), and on the
server they are Django's selects: the form posts and validates the same either way.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


def _option_value(value):
    return "" if value is None else str(value)


class LongSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        """Django's markup (the attributes of get_context, the first matching option selected
        unless several may be), each option written with one f-string."""
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        has_selected = False
        groups = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                group_name, choices = group_value, group_label
            else:
                group_name, choices = None, [(group_value, group_label)]
            options = []
            for option_value, option_label in choices:
                option_value = _option_value(option_value)
                selected = (not has_selected or self.allow_multiple_selected) and (
                    option_value in chosen
                )
                has_selected |= selected
                options.append(
                    f'<option value="{_escape(option_value)}"{" selected" if selected else ""}>'
                    f"{_escape(option_label)}</option>"
                )
            rendered = "".join(options)
            if group_name:
                rendered = f'<optgroup label="{_escape(group_name)}">{rendered}</optgroup>'
            groups.append(rendered)
        return mark_safe(
            f'<select name="{_escape(name)}"{flatatt(attrs)}>{"".join(groups)}</select>'
        )


def _escape(value):
    # django.utils.html.conditional_escape without its lazy-string wrapper, which was most
    # of the cost of a few hundred options.
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class LongSelect(LongSelectMixin, forms.Select):
    pass


class LongSelectMultiple(LongSelectMixin, forms.SelectMultiple):
    pass


class SearchableMixin:
    """What both pickers share: the library and its start, the words it shows."""

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.bootstrap5.min.css"]}
        js = [
            forms.Script("vendor/tom-select/tom-select.complete.min.js", defer=True),
            forms.Script("js/picker.js", defer=True),
        ]

    def get_picker_attrs(self):
        return {
            "data-picker": "multiple" if self.allow_multiple_selected else "single",
            "data-placeholder": str(_("Type to search…")),
            "data-no-results": str(_("Nothing matches.")),
            "data-remove-label": str(_("Remove")),
        }

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.get_picker_attrs(), **(attrs or {})}
        return super().render(name, value, attrs, renderer)


class SearchableSelect(SearchableMixin, LongSelect):
    """One choice among many (an organisation, a person), searchable with JavaScript."""


class SearchableSelectMultiple(SearchableMixin, LongSelectMultiple):
    """Several choices among many. Without JavaScript: a list of `size` lines and a hint
    (hidden by the picker once it runs) on choosing more than one."""

    def __init__(self, attrs=None, choices=(), *, size=8):
        super().__init__({"size": size, **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        hint_id = f"{attrs.get('id') or self.attrs.get('id') or 'id_' + name}-picker-hint"
        described = attrs.get("aria-describedby")
        attrs["aria-describedby"] = f"{described} {hint_id}" if described else hint_id
        hint = _(
            "To choose several, hold Ctrl (⌘ on a Mac) while clicking; on a phone, tap each one."
        )
        return mark_safe(
            f"{super().render(name, value, attrs, renderer)}"
            f'<div class="form-text picker-hint" id="{_escape(hint_id)}">{_escape(hint)}</div>'
        )
