from django import template
from django.db.models import Count, Q

from portal import permissions
from stakeholders.models import UNASSESSED, Assessment, Organization, quadrant_condition

register = template.Library()


@register.inclusion_tag("stakeholders/_dashboard.html", takes_context=True)
def stakeholders_dashboard(context):
    """The dashboard's registry section: for officers, the mapping at a glance and the
    organisations waiting for verification; for a representative, their organisation."""
    user = context["user"]
    data = {"request": context.get("request"), "section": None}
    if permissions.is_customs(user):
        quadrants = list(Assessment.Quadrant.choices) + [(UNASSESSED, None)]
        counts = (
            Organization.objects.filter(status=Organization.Status.ACTIVE)
            .with_latest_assessment()
            .aggregate(
                **{code: Count("pk", filter=quadrant_condition(code)) for code, _l in quadrants},
                unverified=Count("pk", filter=Q(verified=False)),
            )
        )
        data.update(
            section="officer",
            quadrants=[(code, label, counts[code]) for code, label in quadrants if label],
            unassessed=counts[UNASSESSED],
            unverified=counts["unverified"],
        )
    elif permissions.is_private_sector(user):
        data.update(
            section="representative",
            organization=Organization.objects.represented_by(user).first(),
        )
    return data
