"""No forum is ever overbooked, however many people press "Register" at the same moment.

Real threads, each with its own PostgreSQL connection, race for the seats. The server's
connection limit (shared with other test runs) caps how many hold a connection at once; all
of them start together behind a barrier, so the forum row's lock is contended throughout.
"""

import threading

import pytest
from django.db import connection

from forums.models import Registration
from forums.services import seats
from tests.factories import RepresentativeFactory
from tests.forums.factories import ForumFactory

CLIENTS = 100
SEATS = 20
MAX_CONNECTIONS = 30


def race(forum, users, action):
    barrier = threading.Barrier(len(users))
    connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
    errors = []

    def run(user):
        barrier.wait()
        with connections:
            try:
                action(forum, user)
            except Exception as exc:  # collected and asserted on below
                errors.append(exc)
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_capacity_is_exactly_respected_with_100_concurrent_registrations():
    forum = ForumFactory(capacity=SEATS)
    users = [RepresentativeFactory() for _ in range(CLIENTS)]

    errors = race(forum, users, lambda forum, user: seats.register(forum, user=user))

    assert errors == []
    registrations = Registration.objects.filter(forum=forum)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == SEATS
    assert registrations.filter(status=Registration.Status.WAITING).count() == CLIENTS - SEATS
    arrivals = sorted(registrations.values_list("arrival", flat=True))
    assert arrivals == list(range(1, CLIENTS + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_waiting_list_is_served_in_order_of_arrival_under_concurrency():
    forum = ForumFactory(capacity=SEATS)
    users = [RepresentativeFactory() for _ in range(CLIENTS)]
    race(forum, users, lambda forum, user: seats.register(forum, user=user))
    confirmed = list(Registration.objects.filter(forum=forum, status="confirmed")[:10])

    errors = race(
        forum,
        confirmed,
        lambda forum, registration: seats.cancel(registration, acting_user=registration.user),
    )

    assert errors == []
    registrations = Registration.objects.filter(forum=forum)
    assert registrations.filter(status="confirmed").count() == SEATS
    waiting = list(registrations.filter(status="waiting").order_by("arrival"))
    # The first SEATS arrivals were confirmed; the ten promoted are the first ten in line.
    promoted = registrations.filter(status="confirmed", arrival__gt=SEATS)
    assert sorted(promoted.values_list("arrival", flat=True)) == list(range(SEATS + 1, SEATS + 11))
    assert [r.arrival for r in waiting] == list(range(SEATS + 11, CLIENTS + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_person_registering_twice_at_once_gets_one_registration():
    forum = ForumFactory(capacity=SEATS)
    user = RepresentativeFactory()

    errors = race(forum, [user] * 10, lambda forum, user: seats.register(forum, user=user))

    assert Registration.objects.filter(forum=forum, user=user).count() == 1
    assert len(errors) == 9
    assert all(isinstance(e, seats.Refused) and e.code == "duplicate" for e in errors)
