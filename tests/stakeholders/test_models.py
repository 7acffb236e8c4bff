from datetime import timedelta

import pytest
from django.utils import timezone

from stakeholders.models import (
    UNASSESSED,
    Assessment,
    Contact,
    Organization,
    normalize_name,
    quadrant_of,
)
from tests.factories import (
    CheckinStaffFactory,
    ContactFactory,
    OfficerFactory,
    OrganizationFactory,
    representative_of,
)
from tests.stakeholders.factories import AssessmentFactory

Q = Assessment.Quadrant


@pytest.mark.parametrize(
    "influence, interest, quadrant",
    [
        (5, 5, Q.MANAGE_CLOSELY),
        (3, 3, Q.MANAGE_CLOSELY),  # the midpoint counts as high on both axes
        (3, 2, Q.KEEP_SATISFIED),
        (5, 1, Q.KEEP_SATISFIED),
        (2, 3, Q.KEEP_INFORMED),
        (1, 5, Q.KEEP_INFORMED),
        (2, 2, Q.MONITOR),
        (1, 1, Q.MONITOR),
    ],
)
def test_quadrant_is_derived_from_influence_and_interest_with_3_as_high(
    influence, interest, quadrant
):
    assert quadrant_of(influence, interest) == quadrant


def test_an_organisation_without_assessment_has_no_quadrant():
    assert quadrant_of(None, None) is None


@pytest.mark.django_db
def test_the_sql_quadrant_filter_agrees_with_quadrant_of_on_every_score():
    for influence in range(1, 6):
        for interest in range(1, 6):
            AssessmentFactory(
                organization=OrganizationFactory(name=f"Org {influence}-{interest}"),
                influence=influence,
                interest=interest,
            )
    OrganizationFactory(name="Never assessed")
    annotated = Organization.objects.with_latest_assessment()

    for quadrant in Q:
        found = {o.name for o in annotated.in_quadrant(quadrant)}
        expected = {
            f"Org {i}-{j}"
            for i in range(1, 6)
            for j in range(1, 6)
            if quadrant_of(i, j) == quadrant
        }
        assert found == expected
    assert {o.name for o in annotated.in_quadrant(UNASSESSED)} == {"Never assessed"}


@pytest.mark.django_db
def test_the_latest_assessment_wins_and_earlier_ones_stay_as_history():
    organization = OrganizationFactory()
    now = timezone.now()
    AssessmentFactory(organization=organization, influence=5, interest=5, assessed_at=now)
    AssessmentFactory(
        organization=organization, influence=1, interest=1, assessed_at=now - timedelta(days=90)
    )

    annotated = Organization.objects.with_latest_assessment().get(pk=organization.pk)

    assert (annotated.latest_influence, annotated.latest_interest) == (5, 5)
    assert annotated.latest_quadrant == Q.MANAGE_CLOSELY
    assert organization.assessments.count() == 2
    assert organization.assessments.first().influence == 5


@pytest.mark.django_db
def test_of_two_assessments_at_the_same_moment_the_one_recorded_last_wins():
    organization = OrganizationFactory()
    moment = timezone.now()
    AssessmentFactory(organization=organization, influence=1, interest=1, assessed_at=moment)
    AssessmentFactory(organization=organization, influence=4, interest=2, assessed_at=moment)

    annotated = Organization.objects.with_latest_assessment().get(pk=organization.pk)

    assert annotated.latest_quadrant == Q.KEEP_SATISFIED


def test_normalised_names_ignore_case_accents_punctuation_and_spaces():
    assert normalize_name("Chambre de Commerce et d'Industrie du Mali") == normalize_name(
        "  CHAMBRE DE COMMERCE ET D INDUSTRIE  DU MALI "
    )
    assert normalize_name("Société Générale") == "societe generale"
    assert normalize_name("Ségou") != normalize_name("Sikasso")


@pytest.mark.django_db
def test_visitors_and_others_see_only_verified_active_organisations():
    verified = OrganizationFactory(verified=True)
    OrganizationFactory(verified=False)
    OrganizationFactory(verified=True, status=Organization.Status.INACTIVE)

    assert list(Organization.objects.visible_to(CheckinStaffFactory())) == [verified]
    assert list(Organization.objects.directory()) == [verified]


@pytest.mark.django_db
def test_a_representative_also_sees_their_own_unverified_organisation():
    own = OrganizationFactory(verified=False)
    OrganizationFactory(verified=False)
    user = representative_of(own)

    assert list(Organization.objects.visible_to(user)) == [own]
    assert list(Organization.objects.editable_by(user)) == [own]


@pytest.mark.django_db
def test_officers_see_and_edit_the_whole_registry():
    OrganizationFactory(verified=False)
    OrganizationFactory(verified=True)
    officer = OfficerFactory()

    assert Organization.objects.visible_to(officer).count() == 2
    assert Organization.objects.editable_by(officer).count() == 2


@pytest.mark.django_db
def test_a_contact_who_withdrew_consent_or_has_no_address_is_off_mailings():
    consenting = ContactFactory(consent=True)
    ContactFactory(consent=False)
    ContactFactory(consent=True, email="")

    assert list(Contact.objects.reachable()) == [consenting]


@pytest.mark.django_db
def test_engagement_gaps_list_the_most_influential_first_then_the_widest_gap():
    def assessed(name, influence, current, desired):
        AssessmentFactory(
            organization=OrganizationFactory(name=name),
            influence=influence,
            current_engagement=current,
            desired_engagement=desired,
        )

    assessed("Low influence", 2, 1, 5)
    assessed("High, small gap", 5, 3, 4)
    assessed("High, wide gap", 5, 1, 5)
    assessed("No gap", 5, 4, 4)
    assessed("Beyond what is wanted", 5, 5, 3)

    gaps = Organization.objects.with_latest_assessment().engagement_gaps()

    assert [o.name for o in gaps] == ["High, wide gap", "High, small gap", "Low influence"]
