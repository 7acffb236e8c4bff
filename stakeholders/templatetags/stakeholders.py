from django import template
from django.db.models import Count, Q

from portal import permissions
from stakeholders.models import (
    UNASSESSED,
    Assessment,
    Membership,
    Organization,
    quadrant_condition,
)

register = template.Library()


@register.inclusion_tag("stakeholders/_dashboard.html", takes_context=True)
def stakeholders_dashboard(context):
    """The dashboard's registry section: for officers, the mapping at a glance and the
    organisations waiting for verification, the requests to join one; for a representative,
    their organisation (or their pending request)."""
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
            membership_requests=Membership.objects.pending().count(),
        )
    elif permissions.is_private_sector(user):
        current = (
            Membership.objects.active().filter(user=user).select_related("organization").first()
        )
        approved = current is not None and current.is_approved
        data.update(
            section="representative",
            organization=current.organization if approved else None,
            pending=current if current is not None and current.is_pending else None,
            pending_requests=(
                current.organization.memberships.pending().count()
                if approved and current.is_administrator
                else 0
            ),
        )
    return data
