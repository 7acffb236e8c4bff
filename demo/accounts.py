"""Demo accounts, one per role. The passwords are printed: they are for the demo only."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from portal.accounts import roles
from portal.accounts.models import Unit, User

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
    (
        "integrite@douane.gouv.ml",
        "Kadiatou Sangaré",
        User.Kind.CUSTOMS,
        [roles.CUSTOMS_OFFICERS, roles.INTEGRITY_UNIT, roles.INTEGRITY_HEADS],
        False,
    ),
    (
        "superviseur@douane.gouv.ml",
        "Bakary Dembélé",
        User.Kind.CUSTOMS,
        [roles.CUSTOMS_OFFICERS, roles.GIFT_SUPERVISORS],
        False,
    ),
    ("representant@ccim.ml", "Oumar Sidibé", User.Kind.PRIVATE, [], False),
]

# The administration's units, as the integrity registers name them.
UNITS = [
    "Direction générale des douanes",
    "Direction régionale des douanes de Bamako",
    "Bureau des douanes de Bamako-Route",
    "Bureau des douanes de Kayes",
    "Bureau des douanes de Sikasso",
    "Bureau des douanes de l’aéroport Modibo Keïta",
    "Cellule d’intégrité",
]
# Where the demo's customs accounts work, and as what.
POSTS = {
    "admin@douane.gouv.ml": ("Direction générale des douanes", "Administratrice du portail"),
    "agent@douane.gouv.ml": (
        "Bureau des douanes de Bamako-Route",
        "Chef de la section des relations avec le secteur privé",
    ),
    "editeur@douane.gouv.ml": ("Direction générale des douanes", "Chargée du plan d’action"),
    "accueil@douane.gouv.ml": ("Direction générale des douanes", "Agent d’accueil"),
    "integrite@douane.gouv.ml": ("Cellule d’intégrité", "Cheffe de la cellule d’intégrité"),
    "superviseur@douane.gouv.ml": (
        "Direction régionale des douanes de Bamako",
        "Directeur régional adjoint",
    ),
}

ROLE_NAMES = {
    "admin@douane.gouv.ml": "administrator",
    "agent@douane.gouv.ml": "customs officer",
    "editeur@douane.gouv.ml": "action-plan editor",
    "accueil@douane.gouv.ml": "check-in staff",
    "integrite@douane.gouv.ml": "integrity unit (head)",
    "superviseur@douane.gouv.ml": "gift supervisor",
    "representant@ccim.ml": "private-sector representative",
}


def seed(stdout):
    roles.sync_group_permissions(django_apps)
    units = {name: Unit.objects.get_or_create(name=name)[0] for name in UNITS}
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
        if email in POSTS and user.unit_id is None:
            unit, user.position = POSTS[email]
            user.unit = units[unit]
            user.save(update_fields=["unit", "position"])
    stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, *_ in DEMO_ACCOUNTS:
        stdout.write(f"  {ROLE_NAMES[email]:<32} {email}")
    stdout.write(
        f"Customs accounts also ask for a TOTP code: secret {DEMO_TOTP_SECRET} in an "
        "authenticator app, or `.venv/bin/python manage.py demo_codes` for the current code."
    )
