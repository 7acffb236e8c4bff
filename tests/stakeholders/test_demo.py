import io

import pytest
from django.core.management import call_command

from portal.accounts.models import User
from stakeholders.models import Assessment, Contact, Membership, Organization

pytestmark = pytest.mark.django_db


def test_demo_data_is_realistic_covers_every_quadrant_and_can_be_seeded_twice():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        Organization.objects.count(),
        Contact.objects.count(),
        Assessment.objects.count(),
        Organization.history.count(),
    )

    call_command("seed_demo", stdout=io.StringIO())

    assert (
        Organization.objects.count(),
        Contact.objects.count(),
        Assessment.objects.count(),
        Organization.history.count(),
    ) == counts
    # About forty from the registry's demo, a few more that the forums' programme brings.
    assert 35 <= counts[0] <= 70
    for acronym in [
        "CCIM",
        "CNPM",
        "OCAD",
        "BDM",
        "BNDA",
        "API-Mali",
        "ANPE",
        "OMA",
        "UEMOA",
        "CEDEAO",
        "PAD",
        "PAA",
        "OMD",
        "GIZ",
    ]:
        assert Organization.objects.filter(acronym=acronym).exists(), acronym
    assert Organization.objects.filter(name="Ecobank Mali").exists()
    assert Organization.objects.filter(name="Banque mondiale").exists()
    quadrants = {
        o.latest_quadrant
        for o in Organization.objects.with_latest_assessment()
        if o.latest_quadrant
    }
    assert quadrants == set(Assessment.Quadrant)
    assert Organization.objects.filter(verified=False).exists()
    assert Organization.objects.exclude(country="ML").filter(region="").exists()


def test_the_demo_representative_administers_ccim_where_a_request_waits():
    call_command("seed_demo", stdout=io.StringIO())

    representative = User.objects.get(email="representant@ccim.ml")
    ccim = Organization.objects.get(acronym="CCIM")
    assert list(Organization.objects.administered_by(representative)) == [ccim]
    assert representative.contact.organization == ccim
    waiting = Membership.objects.pending().get()
    assert (waiting.organization, waiting.user.email) == (ccim, "demande@ccim.ml")
    assert waiting in Membership.objects.manageable_by(representative)


def test_every_verified_organisation_of_the_demo_has_an_administrator():
    call_command("seed_demo", stdout=io.StringIO())

    without = Organization.objects.filter(verified=True).exclude(
        pk__in=Membership.objects.administrators().values("organization_id")
    )
    assert list(without) == []
