"""Read one e-mail on standard input, as an MTA pipes it, and record the calendar replies
("Accept", "Decline" clicked in a mail client) it carries: meetings.calendar_replies."""

import sys

from django.core.management.base import BaseCommand

from meetings import calendar_replies


class Command(BaseCommand):
    help = (
        "Read one e-mail (RFC 5322) on standard input and record the iTIP REPLY it carries "
        "to a meeting invitation; anything else is ignored and logged. Exits 0 either way."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="The envelope recipient the MTA delivered to (postfix pipe: ${recipient}).",
        )

    def handle(self, *args, recipient, **options):
        raw = sys.stdin.buffer.read()
        for line in calendar_replies.receive(raw, recipients=recipient):
            self.stdout.write(line)
