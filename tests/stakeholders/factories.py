import factory
from django.utils import timezone

from stakeholders.models import Assessment, Category, Contact, Membership, Organization, Sector


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


def member_of(organization, user, *, role=None, **contact_fields):
    """Make `user` an approved member of `organization`, as an approval leaves it: the
    membership, and the account tied to a contact of the organisation (returned). The first
    member is the administrator, as approval decides, unless `role` says otherwise."""
    if role is None:
        administrators = Membership.objects.administrators().filter(organization=organization)
        role = Membership.Role.MEMBER if administrators.exists() else Membership.Role.ADMINISTRATOR
    Membership.objects.create(
        user=user,
        organization=organization,
        status=Membership.Status.APPROVED,
        role=role,
        decided_at=timezone.now(),
    )
    fields = {"name": user.full_name, "email": user.email, **contact_fields}
    return ContactFactory(organization=organization, user=user, **fields)


def pending_member_of(organization, user, **fields):
    """A request by `user` to join `organization`, not decided yet."""
    return Membership.objects.create(user=user, organization=organization, **fields)


def representative_of(organization, user):
    """Tie a representative's account to `organization`: an approved member."""
    return member_of(organization, user)
