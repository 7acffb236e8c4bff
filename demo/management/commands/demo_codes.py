"""Print the current TOTP code of the demo customs accounts (DEBUG only, for demos)."""

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo customs accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Only for demos: set DEBUG=1.")
        counter = next(yield_hotp_counters_from_time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"Current code for the demo customs accounts: {code}")
