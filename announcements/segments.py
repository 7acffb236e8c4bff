"""What a segment of the registry is: the organisations an announcement writes to, and whom
of their contacts.

The segment is chosen with the stakeholder list's own filters (stakeholders.filters), so a
segment means what the list shows; it is written to through its contacts who agreed to be
contacted (Contact.objects.mailing_list(): one per address).
"""

from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import Lower

from stakeholders import bulk, filters
from stakeholders.models import Contact

SAMPLE_SIZE = 10
CHOSEN = bulk.FIELD  # the parameter of the organisations chosen on the registry list


def chosen_ids(params):
    """The chosen organisations' ids in `params`: a query string's repeated values, or the
    list an announcement stored. Unreadable values are left out."""
    if params is None:
        return []
    values = params.getlist(CHOSEN) if hasattr(params, "getlist") else params.get(CHOSEN) or []
    if not isinstance(values, list):
        values = [values]
    ids = set()
    for value in values:
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    return sorted(ids)


class Segment:
    """The organisations the stakeholder list's filters select for `user`, and whom of their
    contacts an announcement to them writes to. Each figure is read once, when first asked."""

    def __init__(self, params, *, user):
        self.form, self.queryset = filters.organizations(params, user=user)
        # Organisations chosen one by one on the registry list (its "Write to them" action):
        # the segment is then those of them the filters keep.
        self.chosen = chosen_ids(params)
        if self.chosen:
            self.queryset = self.queryset.filter(pk__in=self.chosen)

    def parameters(self):
        """What the announcement keeps of its segment: the filters, and the chosen ids."""
        parameters = self.form.parameters()
        if self.chosen:
            parameters[CHOSEN] = self.chosen
        return parameters

    @property
    def is_valid(self):
        """An announcement needs every filter valid: an invalid one is not silently dropped
        (as the list does), since that would write to more people than the officer chose."""
        return self.form.is_valid()

    def _contacts(self):
        return Contact.objects.filter(organization__in=self.queryset.values("pk"))

    @cached_property
    def organizations(self):
        """How many organisations match the filters."""
        return self.queryset.count()

    @cached_property
    def contacts(self):
        """The contacts written to: those who consent and have an address, one per address."""
        return self._contacts().mailing_list()

    @cached_property
    def reached(self):
        """{organisation id: how many of its contacts' addresses are written to}."""
        rows = (
            self._contacts()
            .reachable()
            .order_by()
            .values("organization")
            .annotate(addresses=Count(Lower("email"), distinct=True))
        )
        return {row["organization"]: row["addresses"] for row in rows}

    @cached_property
    def unreachable_contacts(self):
        """Contacts of these organisations left out: no consent, or no address."""
        return self._contacts().filter(Q(consent=False) | Q(email="")).count()

    @cached_property
    def sample(self):
        """The first organisations of the segment by name, to check it is the one meant."""
        return [str(o) for o in self.queryset.order_by("name", "pk")[:SAMPLE_SIZE]]

    @property
    def more(self):
        """How many organisations of the segment the sample leaves out."""
        return self.organizations - len(self.sample)
