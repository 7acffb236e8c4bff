r"""Dates as the portal writes them: Django's formats of the language, and "1er" in French.

Django's French formats write the first day of a month "1 mars"; French writes "1er mars".
This module is the one place that knows it, for pages, e-mails and PDFs alike:

- `date_format(value, format)` for Python code (e-mail subjects, PDFs, history lines);
- the template filter `date`, which replaces Django's built-in one in every template (it is
  a builtin library: `TEMPLATES["OPTIONS"]["builtins"]` in settings), so `|date:"DATE_FORMAT"`
  and `|date:"j F Y"` read "1er mars 2026" in French without any template saying so.

The day becomes "1er" only when the month is written in words in the same format ("1er mars",
"lundi 1er juin 2026"), never in numeric dates ("01/03/2026") or a lone day number.
Never hand-write month abbreviations: Django's French "M" makes "jui" of both juin and juillet;
write the month in full ("F", DATE_FORMAT, YEAR_MONTH_FORMAT).
"""

import datetime

from django import template
from django.utils import dateformat, formats, timezone, translation

register = template.Library()

# Django's date-format characters that write the month in words.
_MONTH_IN_WORDS = set("FMNEb")


def first_day_format(django_format):
    r"""`django_format` with its day of the month ("j") written "1er" (`j\e\r`), when the same
    format writes the month in words; otherwise `django_format` unchanged."""
    out, escaped, month_in_words = [], False, False
    for ch in django_format:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        else:
            month_in_words = month_in_words or ch in _MONTH_IN_WORDS
            out.append(r"j\e\r" if ch == "j" else ch)
    return "".join(out) if month_in_words else django_format


def date_format(value, format="DATE_FORMAT"):
    """`value` (a date or a datetime) written in the active language with `format` (a Django
    format or the name of one, e.g. "DATE_FORMAT"), the first of the month "1er" in French.
    An aware datetime is shown in the current time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    django_format = formats.get_format(format or "DATE_FORMAT")
    if getattr(value, "day", None) == 1 and (translation.get_language() or "").startswith("fr"):
        django_format = first_day_format(django_format)
    return dateformat.format(value, django_format)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, with "1er" for the first of the month in French."""
    try:
        return date_format(value, arg)
    except AttributeError:
        return ""
