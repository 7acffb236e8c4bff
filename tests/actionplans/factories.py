from datetime import date, timedelta

import factory
from django.utils import timezone

from actionplans.models import Action, ActionPlan, IntegrityFactor, StrategicObjective
from tests.factories import OfficerFactory


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicObjective
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"OS{n}")
    title = factory.Sequence(lambda n: f"Objectif stratégique {n}")
    period_start = date(2026, 1, 1)
    period_end = date(2030, 12, 31)

    @factory.post_generation
    def factors(self, create, extracted, **kwargs):
        """factors=["transparency", ...]: integrity factor codes."""
        if create and extracted:
            self.integrity_factors.set(IntegrityFactor.objects.filter(code__in=extracted))


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan serving one new objective (or those given as objectives=[...])."""

    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Plan opérationnel {n}")
    period_start = date(2026, 1, 1)
    period_end = date(2027, 12, 31)
    owning_unit = "Cellule des relations avec le secteur privé"
    status = ActionPlan.Status.ACTIVE

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if not create:
            return
        self.objectives.set(extracted if extracted is not None else [ObjectiveFactory()])


def responsible_officer():
    """One officer shared by the actions of a test unless it names another (hashing a
    password per action would make the 50-action tests slow)."""
    from portal.accounts.models import User

    return User.objects.filter(email="responsable@douane.gouv.ml").first() or OfficerFactory(
        email="responsable@douane.gouv.ml"
    )


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"Action {n}")
    objective = factory.LazyAttribute(lambda o: o.plan.objectives.first())
    responsible = factory.LazyFunction(responsible_officer)
    responsible_unit = "Direction de la législation"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=50))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=50))
    visibility = Action.Visibility.PUBLIC

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
