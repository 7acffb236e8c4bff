"""The large data set of the page benchmark, written with bulk_create (about a minute).

Run inside the benchmark's database by bench/pages.py (`python -m bench._pages_seed`), which
recreates that database first; the seed therefore never has to be idempotent itself.
Prints one JSON line: the signed-in sessions and the objects the benchmark's URLs name.

BENCH_ORGANIZATIONS (default 5,000, at least 500) sizes the registry: four contacts per
organisation and up to 2,000 member accounts; the meetings, forums, registrations, actions and
comments stay as they are, so that bench/page_cpu.py sees what the registry's size alone costs.
"""

import json
import os
import random
from datetime import date, timedelta

ORGANIZATIONS = int(os.environ.get("BENCH_ORGANIZATIONS", "5000"))
CONTACTS = 4 * ORGANIZATIONS
MEETINGS = 2_000
FORUMS = 20
REGISTRATIONS = 10_000
ACTIONS = 300
COMMENTS = 1_000
# Private-sector accounts that register and comment, each the member of one organisation
# (the contact after every fourth); the 500 registrations per forum need 499 of them.
REPRESENTATIVES = min(2_000, ORGANIZATIONS - 1)
OFFICER_EMAIL = "banc.agent@douane.gouv.ml"
REPRESENTATIVE_EMAIL = "banc.representant@ccim.ml"
TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"  # the demo accounts' secret


def _session(user):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "portal.accounts.backends.PortalModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_customs:
        # A customs session must have given its TOTP code (portal.middleware), which allauth
        # records in the session as below.
        import time

        from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
        from allauth.mfa.models import Authenticator

        totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        store[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "mfa", "at": time.time(), "id": totp.pk, "type": totp.type}
        ]
        store["account_authentication_methods_user"] = str(user.pk)
    store.create()
    return store.session_key


def _people():
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from portal.accounts import roles
    from portal.accounts.models import User

    roles.sync_group_permissions(apps)
    officer = User.objects.create_user(
        OFFICER_EMAIL, None, full_name="Awa Banc-d’essai", kind=User.Kind.CUSTOMS
    )
    officer.groups.add(
        Group.objects.get(name=roles.CUSTOMS_OFFICERS),
        Group.objects.get(name=roles.ACTION_PLAN_EDITORS),
    )
    TOTP.activate(officer, TOTP_SECRET)
    representative = User.objects.create_user(
        REPRESENTATIVE_EMAIL, None, full_name="Oumar Banc-d’essai", kind=User.Kind.PRIVATE
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"membre{n:05d}@entreprise.ml",
            full_name=f"Membre {n:05d}",
            kind=User.Kind.PRIVATE,
            password=password,
        )
        for n in range(REPRESENTATIVES)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in [officer, representative, *users]
    )
    return officer, representative, users


def _registry(officer, representative, users, rng):
    from django.utils import timezone

    from stakeholders.models import (
        Assessment,
        Category,
        Contact,
        Membership,
        Organization,
        Region,
        Sector,
    )

    now = timezone.now()
    sectors = [Sector.objects.get_or_create(code=code)[0] for code in Sector.Code.values]
    categories, regions = Category.values, Region.values
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Entreprise {n:05d} SARL",
            acronym=f"E{n:05d}",
            category=categories[n % len(categories)],
            region=regions[n % len(regions)],
            country="ML",
            registry_number=f"MA.BKO.2026.B.{n:05d}",
            email=f"contact@entreprise{n:05d}.ml",
            verified=n % 5 != 0,
            verified_by=officer if n % 5 else None,
            verified_at=now if n % 5 else None,
            description="Import-export de marchandises générales.",
        )
        for n in range(ORGANIZATIONS)
    )
    through = Organization.sectors.through
    through.objects.bulk_create(
        through(organization_id=org.pk, sector_id=sectors[(n + k) % len(sectors)].pk)
        for n, org in enumerate(organizations)
        for k in range(2)
    )
    linked = {0: representative}  # contact index -> user
    linked.update({4 * (n + 1): user for n, user in enumerate(users)})
    Contact.objects.bulk_create(
        Contact(
            organization=organizations[n // 4],
            name=linked[n].full_name if n in linked else f"Contact {n:05d}",
            position="Directeur général" if n % 4 == 0 else "Déclarant",
            email=linked[n].email if n in linked else f"contact{n:05d}@entreprise.ml",
            consent=True,
            language="fr",
            user=linked.get(n),
        )
        for n in range(CONTACTS)
    )
    # Each linked account is its organisation's approved member (and, alone there, its
    # administrator): what lets it act for the organisation.
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organization=organizations[n // 4],
            status=Membership.Status.APPROVED,
            role=Membership.Role.ADMINISTRATOR,
            decided_at=now,
        )
        for n, user in linked.items()
    )
    attitudes = Assessment.Attitude.values
    Assessment.objects.bulk_create(
        Assessment(
            organization=org,
            influence=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            attitude=rng.choice(attitudes),
            current_engagement=rng.randint(1, 5),
            desired_engagement=rng.randint(1, 5),
            key_concerns="Délais de dédouanement",
            assessed_by=officer,
            assessed_at=now - timedelta(days=rng.randint(0, 700)),
        )
        for org in organizations
        for _ in range(1 if org.pk % 3 else 2)  # a third have an older assessment too
    )
    Organization.objects.refresh_latest_assessment()  # what the services do on every write
    return organizations


def _meetings(officer, representative, organizations, rng):
    from django.utils import timezone

    from meetings.models import Commitment, Invitation, InvitedOrganization, Meeting

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    kinds, visibilities = Meeting.Kind.values, Meeting.Visibility.values
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title=f"Réunion de concertation n°{n}",
            kind=kinds[n % len(kinds)],
            description="Point sur la facilitation des échanges.",
            start=(start := now + timedelta(hours=rng.randint(-180 * 24, 180 * 24))),
            end=start + timedelta(hours=2),
            venue="Direction générale des douanes, Bamako",
            organiser=officer,
            visibility=visibilities[n % len(visibilities)],
            status=Meeting.Status.HELD if start < now else Meeting.Status.SCHEDULED,
        )
        for n in range(MEETINGS)
    )
    InvitedOrganization.objects.bulk_create(
        InvitedOrganization(
            meeting=meeting, organization=organizations[(n * 7 + k) % ORGANIZATIONS]
        )
        for n, meeting in enumerate(meetings)
        for k in range(3)
    )
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            user=representative,
            organization=organizations[0],
            name=representative.full_name,
            email=representative.email,
        )
        for meeting in meetings[::20]
    )
    Commitment.objects.bulk_create(
        Commitment(
            meeting=meeting,
            description="Transmettre la liste des points de blocage.",
            organization=organizations[n % ORGANIZATIONS],
            responsible_user=officer,
            due_date=meeting.start.date() + timedelta(days=30),
        )
        for n, meeting in enumerate(meetings[::4])
    )


def _forums(officer, representative, users, organizations):
    from django.utils import timezone

    from forums.models import Forum, Registration, Session
    from stakeholders.models import Contact

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    forums = Forum.objects.bulk_create(
        Forum(
            title=f"Forum Douane–Secteur privé {n + 1}",
            slug=f"forum-banc-{n + 1}",
            theme="Facilitation des échanges",
            scale=Forum.Scale.NATIONAL,
            description="Le forum annuel de dialogue entre la Douane et le secteur privé.",
            start=(start := now + timedelta(days=10 + 7 * n)),
            end=start + timedelta(hours=8),
            venue="CICB",
            city="Bamako",
            country="ML",
            capacity=600,
            registration_opens_at=now - timedelta(days=30),
            registration_closes_at=start - timedelta(days=1),
            status=Forum.Status.PUBLISHED,
            created_by=officer,
        )
        for n in range(FORUMS)
    )
    sessions = Session.objects.bulk_create(
        Session(
            forum=forum,
            title=f"Session {k + 1}",
            start=forum.start + timedelta(hours=k),
            end=forum.start + timedelta(hours=k + 1),
            room=f"Salle {k + 1}",
            format=Session.Format.PANEL,
        )
        for forum in forums
        for k in range(5)
    )
    organization_of = dict(
        Contact.objects.filter(user__isnull=False).values_list("user_id", "organization_id")
    )
    per_forum = REGISTRATIONS // FORUMS
    registrants = [representative, *users]
    registrations = []
    for f, forum in enumerate(forums):
        chosen = [representative] + [
            registrants[1 + (f * 97 + i) % len(users)] for i in range(per_forum - 1)
        ]
        for i, user in enumerate(chosen):
            number = len(registrations)
            registrations.append(
                Registration(
                    forum=forum,
                    user=user,
                    organization_id=organization_of.get(user.pk),
                    status=Registration.Status.CONFIRMED,
                    arrival=i + 1,
                    code=f"{number:08d}",
                    consent_to_list=i % 2 == 0,
                    registered_by=user,
                )
            )
    registrations = Registration.objects.bulk_create(registrations)
    through = Registration.sessions.through
    through.objects.bulk_create(
        through(registration_id=r.pk, session_id=sessions[(n // per_forum) * 5 + n % 5].pk)
        for n, r in enumerate(registrations)
    )
    return forums


def _action_plan(officer, organizations, rng):
    from actionplans.models import Action, ActionPlan, ProgressUpdate, StrategicObjective

    objectives = StrategicObjective.objects.bulk_create(
        StrategicObjective(
            code=f"OS{n + 1}",
            title=f"Objectif stratégique {n + 1}",
            period_start=date(2026, 1, 1),
            period_end=date(2030, 12, 31),
        )
        for n in range(10)
    )
    plan = ActionPlan.objects.create(
        title="Plan d’action de la Douane 2026–2027",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        owning_unit="Cellule des relations avec le secteur privé",
        status=ActionPlan.Status.ACTIVE,
    )
    plan.objectives.set(objectives)
    statuses = [Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS, Action.Status.DONE]
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            code=f"A{n + 1:03d}",
            title=f"Action {n + 1} : simplifier une formalité",
            description="Réduire les délais de dédouanement.",
            objective=objectives[n % len(objectives)],
            responsible=officer,
            responsible_unit="Direction de la législation",
            start_date=date(2026, 1, 1) + timedelta(days=n),
            due_date=date(2026, 6, 1) + timedelta(days=2 * n),
            priority=1 + n % 3,
            status=statuses[n % 3],
            indicator_name="Délai moyen (heures)",
            indicator_baseline=72,
            indicator_target=24,
            visibility=Action.Visibility.PUBLIC if n % 4 else Action.Visibility.INTERNAL,
        )
        for n in range(ACTIONS)
    )
    through = Action.partners.through
    through.objects.bulk_create(
        through(action_id=action.pk, organization_id=organizations[(n * 13 + k) % ORGANIZATIONS].pk)
        for n, action in enumerate(actions)
        for k in range(2)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            date=date(2026, 2, 1) + timedelta(days=30 * k),
            percent=min(100, 20 * (k + 1)),
            indicator_value=72 - 10 * k,
            narrative="Les travaux avancent comme prévu.",
            author=officer,
        )
        for action in actions
        for k in range(3)
    )
    return plan


def _consultation(officer, users, organizations, rng):
    from datetime import timedelta as td

    from django.utils import timezone

    from consultations.models import Comment
    from consultations.services import consultations, texts
    from stakeholders.models import Contact

    now = timezone.now()
    consultation = consultations.create_consultation(
        acting_user=officer,
        title="Projet d’instruction-cadre relative au dédouanement",
        summary="Le projet modernise la procédure de dédouanement.",
        closes_at=now + td(days=45),
        responsible_officer=officer,
        sections=[
            texts.SectionText(
                number=str(n + 1),
                heading=f"Article {n + 1}",
                body="Les marchandises sont déclarées dans un délai de 48 heures. " * 4,
            )
            for n in range(30)
        ],
    )
    consultation = consultations.open_consultation(consultation, acting_user=officer)
    version = consultation.latest_version()
    sections = list(version.sections.all())
    organization_of = dict(
        Contact.objects.filter(user__isnull=False).values_list("user_id", "organization_id")
    )
    publications = Comment.Publication.values
    Comment.objects.bulk_create(
        Comment(
            consultation=consultation,
            version=version,
            section=sections[n % len(sections)] if n % 5 else None,
            author=(author := users[n % len(users)]),
            organization_id=organization_of.get(author.pk),
            body="Nous proposons de porter ce délai à 72 heures pour les PME. " * 3,
            publication=publications[n % len(publications)],
        )
        for n in range(COMMENTS)
    )
    return consultation


def seed():
    import django

    django.setup()
    from django.db import transaction

    rng = random.Random(2026)
    with transaction.atomic():
        officer, representative, users = _people()
        organizations = _registry(officer, representative, users, rng)
        _meetings(officer, representative, organizations, rng)
        forums = _forums(officer, representative, users, organizations)
        plan = _action_plan(officer, organizations, rng)
        consultation = _consultation(officer, users, organizations, rng)
    print(
        json.dumps(
            {
                "officer": _session(officer),
                "representative": _session(representative),
                "forum": forums[0].slug,
                "plan": plan.pk,
                "organization": organizations[0].pk,
                "consultation": consultation.pk,
            }
        )
    )


if __name__ == "__main__":
    seed()
