"""Meeting requests: a representative asks Customs for a meeting; an officer accepts (the
meeting is scheduled) or declines, and the requester is told."""

from django.db import transaction
from django.utils import timezone

from meetings.models import MeetingRequest
from meetings.services._common import MeetingError
from meetings.services.scheduling import create_meeting
from portal.notifications import queue as notifications
from stakeholders.models import Organization

REQUEST_ANSWER_KIND = "meetings.request_answer"


def request_meeting(
    *, acting_user, subject, first_choice, details="", second_choice=None, participants=""
):
    """A representative asks Customs for a meeting, on behalf of their organisation."""
    with transaction.atomic():
        return MeetingRequest.objects.create(
            requested_by=acting_user,
            organization=Organization.objects.represented_by(acting_user).first(),
            subject=subject,
            details=details,
            first_choice=first_choice,
            second_choice=second_choice,
            participants=participants,
        )


def accept_request(
    meeting_request, *, acting_user, users=(), contacts=(), organizations=(), **meeting_fields
):
    """Accept a request: the meeting is created with the requester (and their organisation)
    invited, besides the invitees given, and the requester is told."""
    with transaction.atomic():
        meeting_request = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
        if meeting_request.status != MeetingRequest.Status.PENDING:
            raise MeetingError("answered")
        requester_org = [meeting_request.organization] if meeting_request.organization else []
        meeting = create_meeting(
            acting_user=acting_user,
            users=[meeting_request.requested_by, *users],
            contacts=contacts,
            organizations=[*requester_org, *organizations],
            **meeting_fields,
        )
        meeting_request.status = MeetingRequest.Status.ACCEPTED
        meeting_request.meeting = meeting
        meeting_request.decided_by = acting_user
        meeting_request.decided_at = timezone.now()
        meeting_request.save()
        _notify_requester(meeting_request)
    return meeting_request


def decline_request(meeting_request, *, acting_user, reason):
    with transaction.atomic():
        meeting_request = MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)
        if meeting_request.status != MeetingRequest.Status.PENDING:
            raise MeetingError("answered")
        meeting_request.status = MeetingRequest.Status.DECLINED
        meeting_request.decline_reason = reason
        meeting_request.decided_by = acting_user
        meeting_request.decided_at = timezone.now()
        meeting_request.save()
        _notify_requester(meeting_request)
    return meeting_request


def _notify_requester(meeting_request):
    user = meeting_request.requested_by
    notifications.notify(
        REQUEST_ANSWER_KIND,
        target=meeting_request,
        email=user.email,
        recipient=user,
        key=f"{REQUEST_ANSWER_KIND}:{meeting_request.pk}",
    )
