"""Fill the database with demo accounts and realistic data in a Malian setting.

Idempotent: running it again changes nothing that is already there. Each app's demo data is
a module of the demo package with a `seed(stdout)` function; they run in the order below, each
in its own transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    accounts,
    actionplans,
    announcements,
    consultations,
    forums,
    integrity,
    meetings,
    stakeholders,
    surveys,
)

DEMO_MODULES = [
    accounts,
    stakeholders,
    meetings,
    forums,
    consultations,
    actionplans,
    surveys,
    announcements,
    integrity,
]


class Command(BaseCommand):
    help = "Create the demo accounts and demo data (idempotent). Passwords are for the demo only."

    def handle(self, *args, **options):
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
