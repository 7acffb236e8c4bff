"""The registry's "last contact" column: the date of the latest entry of the register of
contacts that names the organisation (stakeholders.contacts, registered in ready()).

The register holds every meeting held with the private sector (an entry made when it is
recorded as held, naming the organisations present or, without attendance, invited) and the
contacts officers log outside meetings. Every entry counts, draft or withheld, since the
registry is for officers, who see them all (ContactEntry.objects.visible_to).
"""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from integrity.models import ContactEntry

HELP_TEXT = _(
    "The date of the latest contact with Customs in the register of contacts: a meeting held "
    "with the organisation, or a visit, call, inspection or e-mail logged by an officer."
)


def latest_contact():
    """A date per organisation (OuterRef "pk"): one correlated subquery in the list's query."""
    entries = ContactEntry.objects.filter(organizations=OuterRef("pk")).order_by("-contact_date")
    return Subquery(entries.values("contact_date")[:1])
