import time

import factory
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.test import Client

from portal.accounts import roles
from portal.accounts.models import User

PASSWORD = "a-Strong-passw0rd!"
# Every customs account made by these factories has this TOTP secret set up, as the portal
# requires of customs accounts; `totp_code()` gives the code an authenticator app would show.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def pass_second_factor(client, user):
    """Record in `client`'s session that `user` gave a code of their TOTP authenticator, as
    allauth's TOTP step does at sign-in (the second-factor check reads that record).

    For tests that sign in with force_login; the permission matrix and the sign-in tests go
    through the real form and the real TOTP step instead.
    """
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": time.time(), "id": totp.pk, "type": totp.type}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


class PortalClient(Client):
    """The test client (the `client` fixture): force_login stands for a whole sign-in, the
    TOTP step included, for a customs account that has set one up. A test of a session that
    skipped the second factor uses django.test.Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        pass_second_factor(self, user)


def _second_factor(user, create, extracted, **kwargs):
    if create and extracted is not False:
        TOTP.activate(user, TOTP_SECRET)


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


class CustomsUserFactory(UserFactory):
    """A customs account with its second factor set up (pass totp=False for one without)."""

    kind = User.Kind.CUSTOMS
    totp = factory.PostGeneration(_second_factor)


class OfficerFactory(CustomsUserFactory):
    email = factory.Sequence(lambda n: f"officer{n}@douane.gouv.ml")
    groups = _groups([roles.CUSTOMS_OFFICERS])


class EditorFactory(OfficerFactory):
    groups = _groups([roles.CUSTOMS_OFFICERS, roles.ACTION_PLAN_EDITORS])


class CheckinStaffFactory(CustomsUserFactory):
    email = factory.Sequence(lambda n: f"checkin{n}@douane.gouv.ml")
    groups = _groups([roles.CHECKIN_STAFF])


class SuperuserFactory(CustomsUserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@douane.gouv.ml")
    is_staff = True
    is_superuser = True
