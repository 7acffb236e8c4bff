"""Agenda proposals: a participant proposes an item before the meeting, the organiser decides."""

from django.db import transaction

from meetings.models import AgendaProposal, Meeting
from meetings.services._common import MeetingError, is_over, lock_meeting
from stakeholders.models import Organization


def propose_agenda_item(meeting, *, acting_user, title, details=""):
    """A participant proposes an agenda item, before the meeting."""
    if is_over(meeting) or meeting.status != Meeting.Status.SCHEDULED:
        raise MeetingError("closed")
    with transaction.atomic():
        return AgendaProposal.objects.create(
            meeting=meeting,
            proposed_by=acting_user,
            organization=Organization.objects.represented_by(acting_user).first(),
            title=title,
            details=details,
        )


def decide_agenda_item(proposal, *, acting_user, accept):
    """The organiser adds a proposed item to the agenda, or does not retain it."""
    with transaction.atomic():
        meeting = lock_meeting(proposal.meeting)
        proposal = AgendaProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != AgendaProposal.Status.PROPOSED:
            return proposal
        proposal.status = (
            AgendaProposal.Status.ACCEPTED if accept else AgendaProposal.Status.DECLINED
        )
        proposal.save(update_fields=["status"])
        if accept:
            meeting.agenda = f"{meeting.agenda.rstrip()}\n{proposal.title}".strip()
            meeting.save(update_fields=["agenda", "updated_at"])
    return proposal
