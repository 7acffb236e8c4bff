"""On PostgreSQL, with real threads: writes that race keep the invariants."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from consultations import notifications
from consultations.services import comments, handling
from portal.notifications.models import Notification
from tests.consultations import factories as f
from tests.factories import ContactFactory, OfficerFactory, OrganizationFactory, representative_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*calls):
    """Run each call in its own thread, started together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # the outcome is what the test looks at
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_officers_publishing_the_report_at_once_publish_it_once():
    officer, other = OfficerFactory(), OfficerFactory()
    invited = OrganizationFactory()
    ContactFactory(organization=invited, email="contact@invite.ml")
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(
        officer, now=start, closes_in=timedelta(days=30), invited_organizations=[invited]
    )

    results = race(
        lambda: handling.publish_report(consultation, acting_user=officer, summary="A"),
        lambda: handling.publish_report(consultation, acting_user=other, summary="B"),
    )

    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert Notification.objects.filter(kind=notifications.REPORT).count() == 1


def test_a_decision_racing_the_report_publication_never_changes_a_published_decision():
    officer = OfficerFactory()
    start = timezone.now() - timedelta(days=31)
    consultation = f.opened(officer, now=start, closes_in=timedelta(days=30))
    comment = comments.submit_comment(
        consultation,
        author=representative_of(OrganizationFactory()),
        body="Avis",
        publication="named",
        now=start,
    )
    handling.decide_comment(comment, acting_user=officer, decision="noted", reason="Noté.")

    results = race(
        lambda: handling.publish_report(consultation, acting_user=officer),
        lambda: handling.decide_comment(
            comment, acting_user=officer, decision="accepted", reason="Retenu."
        ),
    )

    comment.refresh_from_db()
    published, decided = results
    assert not isinstance(published, Exception)
    if isinstance(decided, ValidationError):
        assert comment.decision == "noted"  # refused: the report was published first
    else:
        # The decision came first: the report was published with it.
        assert comment.decision == "accepted"
        assert comment.decided_at <= f.refresh(consultation).report_published_at


def test_opening_notifications_made_twice_at_once_exist_once_per_address():
    invited = OrganizationFactory()
    for n in range(5):
        ContactFactory(organization=invited, email=f"contact{n}@invite.ml")
    consultation = f.opened(invited_organizations=[invited])
    Notification.objects.filter(kind=notifications.OPENED).delete()

    race(
        lambda: notifications.notify_opened(consultation),
        lambda: notifications.notify_opened(consultation),
    )

    assert Notification.objects.filter(kind=notifications.OPENED).count() == 5
