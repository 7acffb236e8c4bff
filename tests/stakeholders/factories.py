"""The stakeholders app's own factories; organisations, contacts and representatives are
tests.factories'."""

import factory
from django.utils import timezone

from stakeholders.models import Assessment, Organization
from tests.factories import OrganizationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    """Saved directly (any date, no acting officer), then the organisation's pointer to its
    latest assessment refreshed as stakeholders.services does after every write."""

    class Meta:
        model = Assessment

    organization = factory.SubFactory(OrganizationFactory)
    influence = 4
    interest = 4
    attitude = Assessment.Attitude.NEUTRAL
    current_engagement = Assessment.Engagement.NEUTRAL
    desired_engagement = Assessment.Engagement.SUPPORTIVE
    key_concerns = "PREOCCUPATION-SECRETE"
    rationale = "JUSTIFICATION-SECRETE"
    assessed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        assessment = super()._create(model_class, *args, **kwargs)
        Organization.objects.filter(pk=assessment.organization_id).refresh_latest_assessment()
        return assessment
