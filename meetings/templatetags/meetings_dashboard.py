"""The meetings section of the dashboard: what is waiting for the signed-in person."""

from datetime import timedelta

from django import template
from django.db.models import Q
from django.utils import timezone

from meetings.models import Invitation, Meeting, MeetingRequest
from portal import permissions

register = template.Library()


@register.inclusion_tag("meetings/_dashboard.html", takes_context=True)
def meetings_dashboard(context):
    user = context["request"].user
    now = timezone.now()
    visible = Meeting.objects.visible_to(user).filter(status=Meeting.Status.SCHEDULED)
    to_answer = (
        Invitation.objects.of_user(user)
        .filter(response=Invitation.Response.PENDING, meeting__in=visible)
        .filter(Q(meeting__end__gt=now) | ~Q(meeting__recurrence=""))
        .select_related("meeting")
        .prefetch_related("meeting__exceptions", "meeting__detached")
        .order_by("meeting__start")[:10]
    )
    # Each with the date it is for: a series' next occurrence, never its first date.
    to_answer = [(invitation, invitation.meeting.next_occurrence(now)) for invitation in to_answer]
    to_answer = [(invitation, occurrence) for invitation, occurrence in to_answer if occurrence]
    to_answer.sort(key=lambda pair: pair[1].start)
    data = {"to_answer": to_answer, "is_customs": permissions.is_customs(user)}
    if data["is_customs"]:
        data["replies"] = (
            Invitation.objects.filter(responded_at__gte=now - timedelta(days=14))
            .select_related("meeting")
            .order_by("-responded_at")[:10]
        )
        data["requests"] = (
            MeetingRequest.objects.filter(status=MeetingRequest.Status.PENDING)
            .select_related("organization", "requested_by")
            .order_by("created_at")[:10]
        )
    elif permissions.is_private_sector(user):
        data["my_requests"] = MeetingRequest.objects.visible_to(user).select_related(
            "organization"
        )[:5]
    return data
