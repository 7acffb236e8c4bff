"""The date of each organisation's latest contact with Customs, for the registry's lists.

The registry stands below the apps that record contacts (the integrity app's register of
contacts: held meetings and contacts logged by officers), so it cannot read them itself. The
one app that defines "last contact" registers here, in its AppConfig.ready(), an expression
that a queryset of organisations can annotate (a Subquery on OuterRef("pk")), with a sentence
saying what it counts:

    contacts.register(latest_contact_expression, help_text=_("…"))

The list then reads the date in its own query, whatever the number of rows; without a
provider, the column is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class LastContact:
    expression: Callable[[], models.Expression]  # a fresh expression per queryset
    help_text: str  # what the date counts (lazily translated)


_provider = None


def register(expression, *, help_text):
    """Make `expression()` the organisations' last contact (a date, NULL for none)."""
    global _provider
    _provider = LastContact(expression, help_text)


def provided():
    """The registered definition, or None when no app provides one."""
    return _provider


def annotate(queryset):
    """`queryset` with `last_contact` on each organisation (None for none, or no provider)."""
    if _provider is None:
        return queryset.annotate(last_contact=models.Value(None, output_field=models.DateField()))
    return queryset.annotate(last_contact=_provider.expression())
