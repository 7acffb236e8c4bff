"""Demo accounts, one per role. The passwords are printed: they are for the demo only."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from portal.accounts import roles
from portal.accounts.models import User

DEMO_PASSWORD = "demo-portail-2026"
# Customs accounts must use a second factor. The demo ones share this TOTP secret: add it to an
# authenticator app, or run `python manage.py demo_codes` (DEBUG only) to see the current code.
DEMO_TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

DEMO_ACCOUNTS = [
    # email, full name, kind, groups, superuser
    ("admin@douane.gouv.ml", "Aminata Traoré", User.Kind.CUSTOMS, [], True),
    ("agent@douane.gouv.ml", "Moussa Keïta", User.Kind.CUSTOMS, [roles.CUSTOMS_OFFICERS], False),
    (
        "editeur@douane.gouv.ml",
        "Fatoumata Diarra",
        User.Kind.CUSTOMS,
        [roles.CUSTOMS_OFFICERS, roles.ACTION_PLAN_EDITORS],
        False,
    ),
    (
        "accueil@douane.gouv.ml",
        "Ibrahim Coulibaly",
        User.Kind.CUSTOMS,
        [roles.CHECKIN_STAFF],
        False,
    ),
    ("representant@ccim.ml", "Oumar Sidibé", User.Kind.PRIVATE, [], False),
]

ROLE_NAMES = {
    "admin@douane.gouv.ml": "administrator",
    "agent@douane.gouv.ml": "customs officer",
    "editeur@douane.gouv.ml": "action-plan editor",
    "accueil@douane.gouv.ml": "check-in staff",
    "representant@ccim.ml": "private-sector representative",
}


def seed(stdout):
    roles.sync_group_permissions(django_apps)
    for email, name, kind, group_names, superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=name,
                kind=kind,
                is_superuser=superuser,
                is_staff=superuser,
            )
        for group_name in group_names:
            user.groups.add(Group.objects.get(name=group_name))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            kind == User.Kind.CUSTOMS
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
    stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, *_ in DEMO_ACCOUNTS:
        stdout.write(f"  {ROLE_NAMES[email]:<32} {email}")
    stdout.write(
        f"Customs accounts also ask for a TOTP code: secret {DEMO_TOTP_SECRET} in an "
        "authenticator app, or `.venv/bin/python manage.py demo_codes` for the current code."
    )
