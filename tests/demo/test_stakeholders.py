import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from demo import accounts as accounts_demo
from demo import stakeholders as demo
from portal.accounts.models import User
from stakeholders.models import Assessment, Contact, Membership, Organization
from tests.factories import totp_code

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
    assert counts[0] > 0
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

    representative = User.objects.get(email=demo.REPRESENTATIVE_EMAIL)
    (ccim,) = Organization.objects.administered_by(representative)
    assert representative.contact.organization == ccim
    waiting = Membership.objects.pending().get()
    assert (waiting.organization, waiting.user.email) == (ccim, demo.APPLICANT_EMAIL)
    assert waiting in Membership.objects.manageable_by(representative)


def test_every_demo_account_signs_in_with_the_demo_password():
    call_command("seed_demo", stdout=io.StringIO())

    for email, *_ in accounts_demo.DEMO_ACCOUNTS:
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": email, "password": accounts_demo.DEMO_PASSWORD}
        )
        if User.objects.get(email=email).is_customs:
            assert response["Location"] == reverse("mfa_authenticate"), email
            code = totp_code(accounts_demo.DEMO_TOTP_SECRET)
            response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302, email
        assert client.get(reverse("dashboard")).status_code == 200, email


def test_every_verified_organisation_of_the_demo_has_an_administrator():
    call_command("seed_demo", stdout=io.StringIO())

    without = Organization.objects.filter(verified=True).exclude(
        pk__in=Membership.objects.administrators().values("organization_id")
    )
    assert list(without) == []
