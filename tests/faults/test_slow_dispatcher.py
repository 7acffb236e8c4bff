"""A dispatcher slow but alive (a mail server taking minutes) whose claims are given back to
another one sends none of them twice.

Rows claimed longer ago than NOTIFICATIONS_CLAIM_TIMEOUT are given back, on the assumption
that their dispatcher died. When it did not, the row it is sending at that moment is not
given back (it holds the row's lock), and the others, taken by another dispatcher, are
skipped when it reaches them (its claim no longer holds).
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications import dispatcher
from portal.notifications.models import Notification
from tests.faults.backends import ACCEPTED, GATE, close_gate, in_thread
from tests.notifications.factories import due_rows

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_rows_given_back_from_a_slow_dispatcher_are_sent_once_by_the_next(settings):
    settings.EMAIL_BACKEND = "tests.faults.backends.GatedBackend"
    ids = {row.pk for row in due_rows(5)}
    close_gate(1)  # the slow dispatcher's first message hangs

    results = {}
    slow = in_thread(lambda: dispatcher.dispatch_due(batch_size=10), results, "slow")
    assert GATE["holding"].wait(timeout=60)

    # Beat's run, after the claim timeout: the four rows waiting behind the one in flight are
    # given back, and another dispatcher sends them.
    later = timezone.now() + dispatcher.claim_timeout() + timedelta(seconds=1)
    assert dispatcher.release_stale_claims(now=later) == 4
    assert dispatcher.dispatch_due() == 4

    GATE["open"].set()  # the slow one's mail server answers at last
    slow.join(timeout=60)

    assert results["slow"] == 1  # the message it had in flight; the others were no longer its
    copies = Counter(int(m.extra_headers["X-Portal-Notification"]) for m in ACCEPTED)
    assert copies == {pk: 1 for pk in ids}
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
