import factory
from django.utils import timezone

from stakeholders.models import Assessment, Category, Contact, Organization, Sector


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Société Malienne de Négoce {n}")
    category = Category.TRADER
    region = "bamako"
    country = "ML"
    verified = True
    description = "Importateur de biens de consommation."
    internal_notes = "NOTE-INTERNE-CONFIDENTIELLE"

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set([Sector.objects.get(code=code) for code in extracted])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Faker("name", locale="fr_FR")
    position = "Directeur"
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.ml")
    consent = True
    consent_date = factory.LazyFunction(timezone.now)


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


def representative_of(organization, user):
    """Tie a representative's account to `organization`, as sign-up does."""
    return ContactFactory(
        organization=organization, user=user, name=user.full_name, email=user.email
    )
