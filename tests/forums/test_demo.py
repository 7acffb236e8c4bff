import io

import pytest

from demo import accounts as accounts_demo
from demo import forums as demo
from forums.models import Forum, Registration


@pytest.mark.django_db
def test_the_demo_forums_are_made_once_and_the_customs_day_forum_is_nearly_full():
    accounts_demo.seed(io.StringIO())

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    forum = Forum.objects.with_counts().get(slug="forum-jid-2027")
    assert forum.start.date().isoformat() == "2027-01-26"
    assert forum.city == "Bamako" and forum.sessions.count() >= 8
    assert forum.waiting_count > 0
    assert forum.in_person_seated_count + forum.reserved_seats == forum.capacity
    assert forum.seats_left == 0 and forum.reserved_seats > 0
    assert Registration.objects.get(forum=forum, user__email=demo.DEMO_REPRESENTATIVE).status == (
        Registration.Status.CONFIRMED
    )
    regional = Forum.objects.get(slug="forum-regional-afrique-ouest-2027")
    assert regional.scale == Forum.Scale.REGIONAL and regional.start.year == 2027
    assert Forum.objects.count() == 3
