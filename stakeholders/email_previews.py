"""Previews of the membership e-mails (portal.emailpreview): demo data built in memory,
never saved, with the context stakeholders.emails gives the real ones."""

from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse

from portal import emailpreview
from portal.accounts.models import User
from stakeholders.models import Membership, Organization


def _membership():
    return Membership(
        user=User(full_name="Ibrahim Coulibaly", email="i.coulibaly@example.org"),
        organization=Organization(name="Chambre de commerce et d’industrie du Mali"),
        position="Responsable du transit",
    )


@emailpreview.register("stakeholders-membership-request", "stakeholders-membership-decision")
def membership_previews(name):
    membership = _membership()
    context = {
        "membership": membership,
        "recipient": SimpleNamespace(get_short_name="Awa"),
        "domain": "example.org",
        "domain_known": True,
        "status": "approved",
        "reason": "",
        "url": settings.SITE_URL + reverse("dashboard"),
    }
    return {"context": context}
