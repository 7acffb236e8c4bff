from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Commitment, DialogueBody, Meeting


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueBody

    name = factory.Sequence(lambda n: f"Comité {n}")


def in_days(days, hour=10):
    moment = timezone.localtime(timezone.now() + timedelta(days=days))
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting row as stored; tests about reminders create meetings through the services."""

    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Réunion {n}")
    kind = Meeting.Kind.BILATERAL
    start = factory.LazyFunction(lambda: in_days(7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    venue = "Direction générale des douanes, Bamako"
    visibility = Meeting.Visibility.PUBLIC


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Publier la note de service n° {n}")
    responsible = "Direction de la législation"
