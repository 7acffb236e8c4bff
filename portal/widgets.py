"""Form widgets the portal shares.

`LongSelect` and `LongSelectMultiple` are Django's Select and SelectMultiple with the options
written in Python rather than through one template include each: the same markup, faster when
a choice runs into the hundreds (organisations, people). The calendar's filter of some 250
organisations cost 4-5 ms less of a 45 ms page with it (bench/_profile.py); for a dozen
options it gains nothing, so keep Django's there.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _option_value(value):
    return "" if value is None else str(value)


class LongSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (_option_value(option["value"]), flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                rendered = format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
            groups.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )


class LongSelect(LongSelectMixin, forms.Select):
    pass


class LongSelectMultiple(LongSelectMixin, forms.SelectMultiple):
    pass
