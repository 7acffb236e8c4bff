"""Previews of the meetings' e-mails (portal.emailpreview): demo data built in memory, never
saved, with the context meetings.emails gives the real ones."""

from django.conf import settings
from django.template.loader import render_to_string

from meetings.models import Invitation, Meeting, MeetingRequest, Occurrence
from portal import emailpreview
from portal.accounts.models import User
from portal.notifications.emails import render_plain


def _meeting():
    return Meeting(
        pk=1,
        title="Comité national de facilitation des échanges",
        start=emailpreview.moment(7, 10),
        end=emailpreview.moment(7, 12),
        venue="Direction générale des douanes, salle de conférence",
        status=Meeting.Status.SCHEDULED,
    )


@emailpreview.register(
    "meetings-invitation", "meetings-notice", "meetings-reminder", "meetings-reply_reminder"
)
def meeting_previews(name):
    from meetings.emails import _context

    meeting = _meeting()
    occurrence = Occurrence(meeting, meeting.start, meeting.start, meeting.end)
    invitation = Invitation(
        meeting=meeting, name="Moussa Keïta", email=emailpreview.ADDRESS, token="apercu"
    )
    context = _context(
        meeting, occurrence, invitation, occurrences=[occurrence], update=False, change="updated"
    )
    if name == "meetings-reminder":
        from datetime import timedelta

        context["offset"] = timedelta(hours=24)
        context["facts_html"] = render_to_string("emails/_meeting_facts.html", context)
        context["facts_text"] = render_plain("emails/_meeting_facts.txt", context)
    return {"context": context, "reply_to": settings.DEFAULT_REPLY_TO_EMAIL}


@emailpreview.register("meetings-minutes")
def minutes_preview(name):
    from meetings.emails import _context

    meeting = _meeting()
    meeting.status = Meeting.Status.HELD
    occurrence = Occurrence(meeting, meeting.start, meeting.start, meeting.end)
    invitation = Invitation(
        meeting=meeting, name="Moussa Keïta", email=emailpreview.ADDRESS, token="apercu"
    )
    context = _context(
        meeting,
        occurrence,
        invitation,
        minutes_url=settings.SITE_URL + meeting.get_absolute_url() + "#minutes",
    )
    return {"context": context, "reply_to": settings.DEFAULT_REPLY_TO_EMAIL}


@emailpreview.register("meetings-request-answer")
def request_answer_preview(name):
    meeting = _meeting()
    meeting_request = MeetingRequest(
        pk=1,
        subject="Délais de mainlevée au bureau de Kati",
        status=MeetingRequest.Status.ACCEPTED,
        meeting=meeting,
        requested_by=User(full_name="Fatoumata Diarra", email=emailpreview.ADDRESS),
    )
    context = {
        "meeting_request": meeting_request,
        "request_url": settings.SITE_URL + meeting_request.get_absolute_url(),
        "zone": settings.TIME_ZONE,
    }
    return {"context": context}


@emailpreview.register("meetings-minutes_cosign", "meetings-minutes_reviewed")
def cosign_previews(name):
    from meetings.models import MinutesReview, MinutesVersion

    meeting = _meeting()
    meeting.status = Meeting.Status.HELD
    version = MinutesVersion(
        meeting=meeting, number=2, text="## Décisions", status=MinutesVersion.Status.AWAITING
    )
    cochair = User(full_name="Oumar Sidibé", email=emailpreview.ADDRESS)
    review = MinutesReview(
        version=version,
        reviewer=cochair,
        decision=MinutesReview.Decision.CHANGES_PROPOSED,
        comment="Préciser le délai de mise en œuvre de la mainlevée anticipée.",
        at=meeting.end,
    )
    context = {
        "meeting": meeting,
        "version": version,
        "cochair": cochair,
        "review": review,
        "review_url": settings.SITE_URL + "/meetings/1/minutes/review/",
        "versions_url": settings.SITE_URL + "/meetings/1/minutes/versions/",
    }
    return {"context": context, "reply_to": settings.DEFAULT_REPLY_TO_EMAIL}
