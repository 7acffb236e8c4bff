"""The integrity sections of the dashboard."""

from datetime import timedelta

from django import template
from django.utils import timezone

from integrity.models import ContactEntry
from portal import permissions

register = template.Library()

SOON_DAYS = 7


@register.inclusion_tag("integrity/register/_dashboard.html", takes_context=True)
def integrity_dashboard(context):
    """An officer's register entries overdue (drafts, or published late without their
    outcome) and due within a week."""
    user = context["request"].user
    if not permissions.is_customs(user):
        return {"show": False}
    today = timezone.localdate()
    mine = ContactEntry.objects.filter(officer=user).select_related("meeting")
    overdue = list(mine.overdue(today).order_by("due_on", "pk")[:10])
    late = list(
        mine.filter(published_automatically=True, completed_on__isnull=True).order_by(
            "due_on", "pk"
        )[:10]
    )
    soon = list(
        mine.to_complete()
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=SOON_DAYS))
        .order_by("due_on", "pk")[:10]
    )
    return {"show": True, "overdue": overdue + late, "soon": soon}
