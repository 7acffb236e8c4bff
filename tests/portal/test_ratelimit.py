"""The portal's own rate limits (portal.ratelimit) on the real Redis cache: exact under
concurrency, and never refusing a request that is under every limit, however many arrive at
once from one address (allauth's lock per address refused some of a rush: see the module)."""

import threading
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from portal import ratelimit

pytestmark = [pytest.mark.redis]


def person(pk):
    """A signed-in person, as far as the limits see one (their id)."""
    return SimpleNamespace(pk=pk, is_authenticated=True)


def post_from(address, user):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user
    return request


def test_many_people_at_once_behind_one_address_are_counted_exactly_and_all_let_through(
    redis_cache, settings
):
    settings.ACCOUNT_RATE_LIMITS = {"rush": "1/10m/user,200/10m/ip"}
    people = [person(1000 + n) for n in range(200)]
    answers = []
    start = threading.Barrier(len(people))

    def register(person):
        start.wait()
        answers.append(ratelimit.consume(post_from("41.73.10.2", person), "rush"))

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [True] * 200
    # The 201st from that address is over its ceiling; from another address it is not.
    assert not ratelimit.consume(post_from("41.73.10.2", people[0]), "rush")
    newcomer = person(5000)
    assert not ratelimit.consume(post_from("41.73.10.2", newcomer), "rush")
    assert ratelimit.consume(post_from("196.200.1.1", person(5001)), "rush")


def test_each_person_is_limited_apart(redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {"rush": "3/10m/user,2000/10m/ip"}
    awa, moussa = person(1), person(2)

    assert [ratelimit.consume(post_from("10.0.0.1", awa), "rush") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert ratelimit.consume(post_from("10.0.0.1", moussa), "rush")
