"""The integrity sections of the dashboard."""

from datetime import timedelta

from django import template
from django.db.models import Q
from django.utils import timezone

from integrity.models import ContactEntry
from portal import permissions

register = template.Library()

SOON_DAYS = 7
LIMIT = 20


@register.inclusion_tag("integrity/register/_dashboard.html", takes_context=True)
def integrity_dashboard(context):
    """An officer's register entries overdue (drafts, or published late without their
    outcome) and due within a week."""
    user = context["request"].user
    if not permissions.is_customs(user):
        return {"show": False}
    today = timezone.localdate()
    soon_until = today + timedelta(days=SOON_DAYS)
    # One query: the drafts due by then and the entries published late without an outcome.
    entries = list(
        ContactEntry.objects.filter(officer=user)
        .filter(
            Q(status=ContactEntry.Status.DRAFT, due_on__lte=soon_until)
            | Q(published_automatically=True, completed_on__isnull=True)
        )
        .select_related("meeting")
        .order_by("due_on", "pk")[:LIMIT]
    )
    overdue = [e for e in entries if not e.is_draft or e.due_on < today]
    soon = [e for e in entries if e.is_draft and e.due_on >= today]
    return {"show": True, "overdue": overdue, "soon": soon}
