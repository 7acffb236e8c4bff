"""The stakeholders app's own factories; organisations, contacts and representatives are
tests.factories'."""

import factory
from django.utils import timezone

from stakeholders.models import Assessment
from tests.factories import OrganizationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
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
