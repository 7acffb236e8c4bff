"""Demo accounts, one per role. The passwords are printed: they are for the demo only."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.accounts import roles
from portal.accounts.models import User

DEMO_PASSWORD = "demo-portail-2026"

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
    stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, *_ in DEMO_ACCOUNTS:
        stdout.write(f"  {ROLE_NAMES[email]:<32} {email}")
