import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.accounts import roles
from portal.accounts.models import User

PASSWORD = "a-Strong-passw0rd!"


def _groups(default):
    """A post-generation hook giving the user `default` groups unless the test names others."""

    def hook(user, create, extracted, **kwargs):
        for name in default if extracted is None else extracted:
            # get_or_create: a transactional test flushes the groups that migrations made.
            user.groups.add(Group.objects.get_or_create(name=name)[0])

    return factory.PostGeneration(hook)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ml")
    full_name = factory.Faker("name", locale="fr_FR")
    kind = User.Kind.PRIVATE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    groups = _groups([])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class RepresentativeFactory(UserFactory):
    kind = User.Kind.PRIVATE


class OfficerFactory(UserFactory):
    kind = User.Kind.CUSTOMS
    email = factory.Sequence(lambda n: f"officer{n}@douane.gouv.ml")
    groups = _groups([roles.CUSTOMS_OFFICERS])


class EditorFactory(OfficerFactory):
    groups = _groups([roles.CUSTOMS_OFFICERS, roles.ACTION_PLAN_EDITORS])


class CheckinStaffFactory(UserFactory):
    kind = User.Kind.CUSTOMS
    email = factory.Sequence(lambda n: f"checkin{n}@douane.gouv.ml")
    groups = _groups([roles.CHECKIN_STAFF])
