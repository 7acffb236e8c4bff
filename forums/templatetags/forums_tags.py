from django import template
from django.utils import timezone

from forums.models import Forum, Registration
from portal import permissions

register = template.Library()


@register.inclusion_tag("forums/_dashboard.html", takes_context=True)
def forums_dashboard(context):
    """The dashboard's forums section, for whichever roles the user holds (a few queries)."""
    user = context["user"]
    now = timezone.now()
    data = {"user": user, "is_officer": False, "is_checkin": False, "registrations": None}
    if permissions.is_customs(user):
        data["is_officer"] = True
        data["forums"] = list(
            Forum.objects.with_counts().filter(end__gte=now).order_by("start")[:5]
        )
    elif permissions.is_checkin_staff(user):
        data["is_checkin"] = True
        data["forums"] = list(
            Forum.objects.for_checkin().filter(end__gte=now).order_by("start")[:5]
        )
    if permissions.is_private_sector(user):
        data["registrations"] = list(
            Registration.objects.with_position()
            .filter(user=user, forum__end__gte=now)
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("forum")
            .order_by("forum__start")[:5]
        )
        data["open_forums"] = list(
            Forum.objects.visible_to(user)
            .open(now)
            .exclude(registrations__user=user)
            .order_by("start")[:3]
        )
    return data
