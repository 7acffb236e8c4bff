from datetime import timedelta

import factory
from django.utils import timezone

from forums.models import Forum, Session


class ForumFactory(factory.django.DjangoModelFactory):
    """A published public forum in three weeks, registration open now."""

    class Meta:
        model = Forum
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Forum Douane–Secteur privé {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    theme = "Facilitation des échanges"
    scale = Forum.Scale.NATIONAL
    # Three weeks ahead, at 09:00 in the portal's zone: a forum day, whatever the time the
    # tests run (at 23:00 its sessions, an hour later, fell on the next day).
    start = factory.LazyFunction(
        lambda: timezone.localtime(timezone.now() + timedelta(days=21)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda forum: forum.start + timedelta(hours=8))
    venue = "CICB"
    city = "Bamako"
    capacity = 20
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda forum: forum.start - timedelta(days=1))
    status = Forum.Status.PUBLISHED
    visibility = Forum.Visibility.PUBLIC


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    start = factory.LazyAttribute(lambda session: session.forum.start + timedelta(hours=1))
    end = factory.LazyAttribute(lambda session: session.start + timedelta(hours=1))
    room = "Salle 1"
    format = Session.Format.PANEL


class ForumTodayFactory(ForumFactory):
    """A published public forum under way: it began an hour ago and ends in seven hours, so
    its door is open (forums.services.attendance.window); registration stays open until it
    ends, so that people can still be registered for it."""

    start = factory.LazyFunction(
        lambda: (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    )
    registration_closes_at = factory.LazyAttribute(lambda forum: forum.end)
