"""Each organisation's stored pointer to its latest assessment follows every write: recording
one, correcting or deleting one in the admin, importing the organisation again; and the lists,
map and filters read it."""

import csv
import io
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stakeholders import services
from stakeholders.models import Assessment, Organization, OrganizationImport
from tests.factories import OfficerFactory, OrganizationFactory, SuperuserFactory
from tests.stakeholders.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

migration = import_module("stakeholders.migrations.0006_organization_latest_assessment")


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    user = SuperuserFactory()
    client.force_login(user)
    return user


def latest(organization):
    return Organization.objects.get(pk=organization.pk).latest_assessment


def listed_in(client, quadrant):
    """The names the officers' list shows under the quadrant filter."""
    response = client.get(reverse("stakeholders:list"), {"quadrant": quadrant})
    assert response.status_code == 200
    return {o.name for o in response.context["page"].object_list}


def assess(client, organization, influence, interest):
    response = client.post(
        reverse("stakeholders:assess", args=[organization.pk]),
        {
            "influence": influence,
            "interest": interest,
            "attitude": "neutral",
            "current_engagement": 2,
            "desired_engagement": 4,
        },
    )
    assert response.status_code == 302
    return Assessment.objects.filter(organization=organization).latest("pk")


def admin_form(assessment, **changes):
    """The admin change form's fields for `assessment`, with `changes`."""
    when = timezone.localtime(changes.pop("assessed_at", assessment.assessed_at))
    data = {
        "organization": assessment.organization_id,
        "influence": assessment.influence,
        "interest": assessment.interest,
        "attitude": assessment.attitude,
        "current_engagement": assessment.current_engagement,
        "desired_engagement": assessment.desired_engagement,
        "key_concerns": assessment.key_concerns,
        "rationale": assessment.rationale,
        "assessed_by": assessment.assessed_by_id or "",
        "assessed_at_0": when.strftime("%Y-%m-%d"),
        "assessed_at_1": when.strftime("%H:%M:%S"),
    }
    return {**data, **changes}


def test_an_assessment_recorded_on_its_page_becomes_the_latest(client, officer):
    organization = OrganizationFactory(name="Chambre de Commerce")
    assert latest(organization) is None
    assert listed_in(client, "unassessed") == {"Chambre de Commerce"}

    first = assess(client, organization, 1, 1)
    assert latest(organization) == first
    assert listed_in(client, "monitor") == {"Chambre de Commerce"}

    second = assess(client, organization, 5, 5)
    assert latest(organization) == second
    assert listed_in(client, "manage_closely") == {"Chambre de Commerce"}
    assert listed_in(client, "monitor") == set()


def test_an_assessment_dated_back_in_the_admin_is_no_longer_the_latest(client, superuser):
    organization = OrganizationFactory(name="Banque Sahel")
    now = timezone.now()
    older = AssessmentFactory(
        organization=organization, influence=1, interest=1, assessed_at=now - timedelta(days=30)
    )
    newer = AssessmentFactory(
        organization=organization, influence=5, interest=5, assessed_at=now, assessed_by=superuser
    )
    assert latest(organization) == newer

    response = client.post(
        reverse("admin:stakeholders_assessment_change", args=[newer.pk]),
        admin_form(newer, assessed_at=now - timedelta(days=60)),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert latest(organization) == older
    assert listed_in(client, "monitor") == {"Banque Sahel"}


def test_an_assessment_moved_to_another_organisation_in_the_admin_moves_both_pointers(
    client, superuser
):
    first, second = OrganizationFactory(name="Premier"), OrganizationFactory(name="Second")
    moved = AssessmentFactory(organization=first, assessed_by=superuser)

    response = client.post(
        reverse("admin:stakeholders_assessment_change", args=[moved.pk]),
        admin_form(moved, organization=second.pk),
    )

    assert response.status_code == 302
    assert latest(first) is None
    assert latest(second) == moved


def test_deleting_the_latest_assessment_in_the_admin_makes_the_previous_one_count(
    client, superuser
):
    organization = OrganizationFactory(name="Transit Niger")
    now = timezone.now()
    older = AssessmentFactory(
        organization=organization, influence=1, interest=5, assessed_at=now - timedelta(days=9)
    )
    newer = AssessmentFactory(organization=organization, influence=5, interest=5, assessed_at=now)

    client.post(reverse("admin:stakeholders_assessment_delete", args=[newer.pk]), {"post": "yes"})
    assert latest(organization) == older
    assert listed_in(client, "keep_informed") == {"Transit Niger"}

    client.post(
        reverse("admin:stakeholders_assessment_changelist"),
        {"action": "delete_selected", "_selected_action": [older.pk], "post": "yes"},
    )
    assert not Assessment.objects.exists()
    assert latest(organization) is None
    assert listed_in(client, "unassessed") == {"Transit Niger"}


def test_importing_an_assessed_organisation_again_keeps_its_latest_assessment(client, officer):
    organization = OrganizationFactory(name="Groupe Import", registry_number="MA.BKO.1")
    assessment = AssessmentFactory(organization=organization, influence=5, interest=1)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["Name", "Tax or registry number", "Phone"], ["Groupe Import", "MA.BKO.1", "+223 1"]]
    )
    upload = SimpleUploadedFile("registre.csv", buffer.getvalue().encode(), "text/csv")

    client.post(reverse("stakeholders:import"), {"file": upload})
    batch = OrganizationImport.objects.latest("pk")
    client.post(reverse("stakeholders:import_run", args=[batch.pk]))

    organization.refresh_from_db()
    assert organization.phone == "+223 1"
    assert organization.latest_assessment == assessment
    assert listed_in(client, "keep_satisfied") == {"Groupe Import"}


def test_saving_an_organisation_read_before_an_assessment_keeps_the_new_pointer():
    officer = OfficerFactory()
    organization = OrganizationFactory()
    read_before = Organization.objects.get(pk=organization.pk)
    recorded = services.record_assessment(
        organization,
        acting_user=officer,
        influence=4,
        interest=4,
        attitude="neutral",
        current_engagement=3,
        desired_engagement=4,
    )

    read_before.phone = "+223 2"
    read_before.save()

    assert latest(organization) == recorded


def test_the_migration_points_every_organisation_at_its_latest_assessment():
    now = timezone.now()
    organization, unassessed = OrganizationFactory(), OrganizationFactory()
    AssessmentFactory(organization=organization, assessed_at=now)
    # Same date: the higher id wins, as everywhere.
    wanted = AssessmentFactory(organization=organization, assessed_at=now)
    AssessmentFactory(organization=organization, assessed_at=now - timedelta(days=1))
    Organization.objects.update(latest_assessment=None)  # as before the migration

    migration.point_at_latest_assessments(apps, None)

    assert latest(organization) == wanted
    assert latest(unassessed) is None
