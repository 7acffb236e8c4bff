"""Fill the database with demo accounts and realistic data in a Malian setting.

Idempotent: running it again changes nothing that is already there. Each app that has demo data
keeps it in `<app>/demo.py` with a `seed(stdout)` function; they run in the order below.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "portal.accounts.demo",
    "stakeholders.demo",
    "meetings.demo",
    "forums.demo",
    "consultations.demo",
    "actionplans.demo",
    "portal.notifications.demo",
]


class Command(BaseCommand):
    help = "Create the demo accounts and demo data (idempotent). Passwords are for the demo only."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
