"""The tests' one home for the people and organisations every app's tests use.

Accounts (private persons, officers, editors, check-in staff, superusers), organisations and
their contacts, and the personas built from them: `representative_of(organization)`, an account
with an approved membership of the organisation (as an approval leaves it), `member_of` for an
account that exists already, and `pending_member_of` for a request not decided yet.

Why this module rather than a tests/personas.py beside it: a persona is an account plus its
membership, and the membership needs the organisation and contact factories; split in two
modules, each would import the other's half and a reader would look in two places. This module
was already the one every test imports its accounts from. An app's own objects (a forum, a
meeting, a plan...) have their factories in tests/<app>/factories.py, which import these and
never define another organisation, contact or representative.
"""

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
from django.utils import timezone

from portal.accounts import roles
from portal.accounts.models import User
from stakeholders.models import Category, Contact, Membership, Organization, Sector

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


class IntegrityOfficerFactory(OfficerFactory):
    """An officer of the integrity unit: the only kind of account that sees complaints."""

    email = factory.Sequence(lambda n: f"integrite{n}@douane.gouv.ml")
    groups = _groups([roles.CUSTOMS_OFFICERS, roles.INTEGRITY_UNIT])


class GiftSupervisorFactory(OfficerFactory):
    email = factory.Sequence(lambda n: f"superviseur{n}@douane.gouv.ml")
    groups = _groups([roles.CUSTOMS_OFFICERS, roles.GIFT_SUPERVISORS])


class SuperuserFactory(CustomsUserFactory):
    email = factory.Sequence(lambda n: f"admin{n}@douane.gouv.ml")
    is_staff = True
    is_superuser = True


# --- Organisations and their people -------------------------------------------------------


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A verified Malian trader. Its internal notes are a secret word that only officers may
    read (the permission matrix looks for it in every answer)."""

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
        """sectors=["trade", ...]: sector codes."""
        if create and extracted:
            self.sectors.set([Sector.objects.get(code=code) for code in extracted])


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact of an organisation who consents to be contacted (in French)."""

    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Faker("name", locale="fr_FR")
    position = "Directeur"
    email = factory.Sequence(lambda n: f"contact{n}@entreprise.ml")
    consent = True
    consent_date = factory.LazyFunction(timezone.now)


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


def representative_of(organization, **kwargs):
    """A new private-sector account acting for `organization`: an approved member (its
    administrator if it has none yet), tied to a contact of the organisation. `kwargs` are the
    account's fields (email, full_name, language...). Returns the account."""
    user = RepresentativeFactory(**kwargs)
    member_of(organization, user)
    return user
